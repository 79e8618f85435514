-- The wrk script of the benchmark (tests/bench/load.ts runs wrk with it; tests/bench/generator.ts
-- parses what it prints). WRK_CONFIG names a file of lines, each `<kind> <value>`:
--   method POST
--   header content-type: application/json      (one line per header: cookie, x-csrf-token, …)
--   body {"body":"…"}                           (one line: the JSON bodies have no raw newline)
--   path /api/topics/7/posts                    (one line per path; requests take them in turn)
-- With one path or none the request is built once (wrk's static request, the cheapest); with
-- several, request() answers the next prebuilt one. done() prints one line, `WRK_JSON {…}`:
-- requests, duration and latency percentiles in microseconds, wrk's error counts.

local method, body, paths, headers = "GET", nil, {}, {}
local file = os.getenv("WRK_CONFIG")
if file ~= nil and file ~= "" then
  for line in io.lines(file) do
    local kind, value = line:match("^(%a+) (.*)$")
    if kind == "method" then
      method = value
    elseif kind == "body" then
      body = value
    elseif kind == "path" then
      paths[#paths + 1] = value
    elseif kind == "header" then
      local name, v = value:match("^([^:]+):%s*(.*)$")
      if name ~= nil then headers[name] = v end
    elseif kind ~= nil then
      error("wrk.lua: unknown line kind " .. kind)
    end
  end
end

wrk.method = method
wrk.body = body
for name, v in pairs(headers) do wrk.headers[name] = v end
if #paths == 1 then wrk.path = paths[1] end

if #paths > 1 then
  local prebuilt, turn = {}, 0
  -- Built in init(), which wrk calls per thread once it has set the Host header (Node answers
  -- an HTTP/1.1 request without one 400).
  init = function(args)
    for i, p in ipairs(paths) do prebuilt[i] = wrk.format(method, p, nil, body) end
  end
  request = function()
    turn = turn % #prebuilt + 1
    return prebuilt[turn]
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
