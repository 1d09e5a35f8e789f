-- UVdesk: full-text search. GET /en/api/tickets.json?<BENCH_QUERY> (admin token);
-- BENCH_QUERY is "search=<url-encoded term>".
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

bench.get_path("/en/api/tickets.json")
