-- UVdesk: the first page of the ticket list. GET /en/api/tickets.json (admin token).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

local request

bench.scenario(function(n)
  return request
end, function()
  request = wrk.format("GET", "/en/api/tickets.json", bench.headers(false))
end)
