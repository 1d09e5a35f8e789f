-- UVdesk: reply on a random seeded ticket. POST /en/api/ticket/{id}/threads.json
-- (BENCH_IDS holds internal ticket ids; admin token).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

local headers = bench.headers(true)
local ids

bench.scenario(function(n)
  local body = string.format(
    '{"threadType":"reply","reply":"<p>We are on it (%d).</p>"}', n)
  return wrk.format("POST", "/en/api/ticket/" .. bench.pick(ids) .. "/threads.json", headers, body)
end, function()
  ids = bench.ids()
end)
