-- UVdesk: view a random seeded ticket. GET /en/api/ticket/{incrementId}.json
-- (BENCH_IDS holds increment ids; admin token).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

local headers = bench.headers(false)
local ids

bench.scenario(function(n)
  return wrk.format("GET", "/en/api/ticket/" .. bench.pick(ids) .. ".json", headers)
end, function()
  ids = bench.ids()
end)
