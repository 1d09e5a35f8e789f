-- Marketplace: cases with an RQL filter. GET /public/v1/helpdesk/cases?<BENCH_QUERY>
-- (default: eq(status,Processing)&limit=25; client token).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

bench.get_path("/public/v1/helpdesk/cases", "eq(status,Processing)&limit=25")
