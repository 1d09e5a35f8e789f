-- UVdesk: raise a ticket. POST /en/api/tickets.json (admin token).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

local headers = bench.headers(true)
local thread_tag

bench.scenario(function(n)
  local customer = (n * 31 + thread_tag) % 500
  local body = string.format(
    '{"name":"Customer %d","from":"customer%d@example.com",' ..
    '"subject":"Printer %d-%d does not print",' ..
    '"reply":"<p>Since this morning printer %d shows error %d.</p>"}',
    customer, customer, thread_tag, n, n, n % 97)
  return wrk.format("POST", "/en/api/tickets.json", headers, body)
end, function()
  thread_tag = thread_number or 1
end)
