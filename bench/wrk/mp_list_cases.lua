-- Marketplace: cases with an RQL filter. GET /public/v1/helpdesk/cases?<BENCH_QUERY>
-- (default: eq(status,Processing)&limit=25; client token).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

local request

bench.scenario(function(n)
  return request
end, function()
  local query = bench.env("BENCH_QUERY", "eq(status,Processing)&limit=25")
  request = wrk.format("GET", "/public/v1/helpdesk/cases?" .. query, bench.headers(false))
end)
