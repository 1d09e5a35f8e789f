-- UVdesk: view a random seeded ticket. GET /en/api/ticket/{incrementId}.json
-- (BENCH_IDS holds increment ids; admin token).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

bench.get_by_id("/en/api/ticket/", ".json")
