-- UVdesk: full-text search. GET /en/api/tickets.json?<BENCH_QUERY> (admin token);
-- BENCH_QUERY is "search=<url-encoded term>".
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

local request

bench.scenario(function(n)
  return request
end, function()
  request = wrk.format("GET", "/en/api/tickets.json?" .. bench.env("BENCH_QUERY"), bench.headers(false))
end)
