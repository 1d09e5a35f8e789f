-- UVdesk: the first page of the ticket list. GET /en/api/tickets.json (admin token).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

bench.get_path("/en/api/tickets.json", "")
