-- The floor of the served app: GET /healthz (one query, no authentication).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

local request

bench.scenario(function(n)
  return request
end, function()
  request = wrk.format("GET", "/healthz", bench.headers(false))
end)
