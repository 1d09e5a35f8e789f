-- UVdesk: a filtered and sorted ticket list. GET /en/api/tickets.json?<BENCH_QUERY>
-- (default: open tickets, most recently updated first; admin token).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

bench.get_path("/en/api/tickets.json", "status=1&sort=t.updatedAt&direction=desc")
