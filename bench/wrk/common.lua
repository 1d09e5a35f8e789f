-- Shared by the scenario scripts in this folder (each loads it with dofile).
--
-- Settings come from the environment, which bench/suite.py sets for each run:
--   BENCH_TOKEN  bearer token sent as "Authorization: Bearer ..." (none when empty)
--   BENCH_IDS    a file with one id per line; requests pick one at random
--   BENCH_QUEUE  a Marketplace queue id (create case)
--   BENCH_QUERY  the query string of a list scenario (without the "?")
--   BENCH_NAME   the scenario name echoed in the result line
--
-- Every answer outside 2xx counts as an error; the first one each thread sees is kept
-- (status and the start of the body) so that a wrong request is easy to diagnose.
-- done() prints one JSON line: requests, duration, req/s, p50/p95/p99/max in ms,
-- non-2xx answers, socket errors, and the first bad answer if any.

local M = {}

local threads = {}
local created = 0

function M.env(name, default)
  local value = os.getenv(name)
  if value == nil or value == "" then
    if default == nil then
      error("bench: the environment variable " .. name .. " is not set")
    end
    return default
  end
  return value
end

function M.ids()
  local path = M.env("BENCH_IDS")
  local ids = {}
  for line in io.lines(path) do
    if line ~= "" then
      ids[#ids + 1] = line
    end
  end
  if #ids == 0 then
    error("bench: no ids in " .. path)
  end
  return ids
end

function M.pick(ids)
  return ids[math.random(1, #ids)]
end

function M.headers(json_body)
  local headers = { ["Accept"] = "application/json" }
  local token = M.env("BENCH_TOKEN", "")
  if token ~= "" then
    headers["Authorization"] = "Bearer " .. token
  end
  if json_body then
    headers["Content-Type"] = "application/json"
  end
  return headers
end

local function json_string(text)
  text = text:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == "\\" then return "\\\\" end
    return string.format("\\u%04x", c:byte())
  end)
  return '"' .. text .. '"'
end

-- Install wrk's callbacks around make_request(n), which returns one request (wrk.format)
-- for the n-th call in its thread. prepare(), when given, runs once per thread first.
function M.scenario(make_request, prepare)
  function setup(thread)
    created = created + 1
    thread:set("thread_number", created)
    threads[#threads + 1] = thread
  end

  function init(args)
    bad = 0
    first_bad = ""
    calls = 0
    math.randomseed(7919 * (thread_number or 1) + 17)
    if prepare then
      prepare()
    end
  end

  function request()
    calls = calls + 1
    return make_request(calls)
  end

  function response(status, headers, body)
    if status < 200 or status > 299 then
      bad = bad + 1
      if first_bad == "" then
        first_bad = tostring(status) .. " " .. string.sub(body or "", 1, 300)
      end
    end
  end

  function done(summary, latency, requests)
    local non_2xx = 0
    local first = ""
    for _, thread in ipairs(threads) do
      non_2xx = non_2xx + (thread:get("bad") or 0)
      if first == "" then
        first = thread:get("first_bad") or ""
      end
    end
    local errors = summary.errors
    local seconds = summary.duration / 1e6
    local rate = 0
    if seconds > 0 then
      rate = summary.requests / seconds
    end
    io.write(string.format(
      '{"scenario":%s,"requests":%d,"duration_s":%.3f,"rps":%.2f,' ..
      '"p50_ms":%.3f,"p95_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"non_2xx":%d,' ..
      '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"first_error":%s}\n',
      json_string(M.env("BENCH_NAME", "unnamed")), summary.requests, seconds, rate,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000, non_2xx,
      errors.connect, errors.read, errors.write, errors.timeout, json_string(first)))
  end
end

-- A GET of one fixed path, plus "?" and BENCH_QUERY (or default_query) when either is set.
function M.get_path(path, default_query)
  local request
  M.scenario(function(n)
    return request
  end, function()
    local query = M.env("BENCH_QUERY", default_query)
    if query and query ~= "" then
      path = path .. "?" .. query
    end
    request = wrk.format("GET", path, M.headers(false))
  end)
end

-- A GET of before .. <a random id of BENCH_IDS> .. after.
function M.get_by_id(before, after)
  local headers = M.headers(false)
  local ids
  M.scenario(function(n)
    return wrk.format("GET", before .. M.pick(ids) .. (after or ""), headers)
  end, function()
    ids = M.ids()
  end)
end

return M
