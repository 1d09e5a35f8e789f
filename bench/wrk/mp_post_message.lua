-- Marketplace: post a message in a random seeded chat.
-- POST /public/v1/helpdesk/chats/{id}/messages (BENCH_IDS holds chat ids; client token).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

local headers = bench.headers(true)
local ids

bench.scenario(function(n)
  local body = string.format('{"content":"Any news on this? (%d)"}', n)
  return wrk.format("POST", "/public/v1/helpdesk/chats/" .. bench.pick(ids) .. "/messages", headers, body)
end, function()
  ids = bench.ids()
end)
