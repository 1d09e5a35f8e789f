-- Marketplace: open a case with a chat and its first message.
-- POST /public/v1/helpdesk/cases (client token; BENCH_QUEUE is the queue id).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

local headers = bench.headers(true)
local queue

bench.scenario(function(n)
  local body = string.format(
    '{"queue":{"id":"%s"},"chat":{"lastMessage":{"content":"Help with order %d"}}}', queue, n)
  return wrk.format("POST", "/public/v1/helpdesk/cases", headers, body)
end, function()
  queue = bench.env("BENCH_QUEUE")
end)
