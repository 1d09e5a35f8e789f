-- UVdesk: a filtered and sorted ticket list. GET /en/api/tickets.json?<BENCH_QUERY>
-- (default: open tickets, most recently updated first; admin token).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

local request

bench.scenario(function(n)
  return request
end, function()
  local query = bench.env("BENCH_QUERY", "status=1&sort=t.updatedAt&direction=desc")
  request = wrk.format("GET", "/en/api/tickets.json?" .. query, bench.headers(false))
end)
