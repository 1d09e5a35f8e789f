-- Marketplace: the messages of a random seeded chat.
-- GET /public/v1/helpdesk/chats/{id}/messages (BENCH_IDS holds chat ids; client token).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

local headers = bench.headers(false)
local ids

bench.scenario(function(n)
  return wrk.format("GET", "/public/v1/helpdesk/chats/" .. bench.pick(ids) .. "/messages", headers)
end, function()
  ids = bench.ids()
end)
