-- The floor of the served app: GET /healthz (one query, no authentication).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

bench.get_path("/healthz", "")
