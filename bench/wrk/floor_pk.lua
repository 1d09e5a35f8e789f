-- The framework floor: bench/floor_app.py reads one ticket row by primary key.
-- GET /ticket/{id} (BENCH_IDS holds internal ticket ids; no authentication).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

bench.get_by_id("/ticket/")
