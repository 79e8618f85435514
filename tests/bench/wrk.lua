-- The wrk script of the benchmark (tests/bench/load.ts runs wrk with it; tests/bench/generator.ts
-- parses what it prints). WRK_CONFIG names a file of lines, each `<kind> <value>`:
--   method POST
--   header content-type: application/json      (one line per header: cookie, x-csrf-token, …)
--   body {"body":"…"}                           (one line: the JSON bodies have no raw newline)
--   path /api/topics/7/posts                    (one line per path; requests take them in turn)
-- With one path or none the request is built once (wrk's static request, the cheapest); with
-- several, request() answers the next prebuilt one. done() prints one line, `WRK_JSON {…}`:
-- requests, duration and latency percentiles in microseconds, wrk's error counts.
--
-- A fixed rate (WRK_RATE=<requests per second over all connections>, WRK_CONNECTIONS=N,
-- WRK_DURATION=<wrk's -d in seconds>, run as `wrk -tN -cN`: one
-- connection per thread, so each thread's Lua state is one connection's): each connection keeps
-- its own schedule, slot k at t0 + (j + k·N)/R for the j-th of N connections, so the slots of all
-- of them are evenly spaced at 1/R. delay() answers the time to the connection's next slot (0
-- when it is behind: it sends at once and catches up), request() notes when the request left,
-- response() records its latency from the time it was MEANT to leave (or from when it left, if
-- that was earlier: wrk's timers have whole milliseconds), so a slow answer that holds up the
-- connection's next requests counts their wait too (coordinated omission, corrected as far as
-- one connection can be). Latencies go into histograms of 1 % buckets (bucket b holds values
-- from e^(b/100) to e^((b+1)/100) microseconds; -1 holds 0), and done() prints a second line,
-- `WRK_RATE_JSON {…}`: the histograms (from the meant time, from the send, the send's lag
-- behind its slot), the slots of the schedule's window (`due`; the window ends 300 ms before
-- wrk stops) and how many were sent, the answers and their statuses
-- (tests/bench/generator.ts parses both lines).

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

local rate = tonumber(os.getenv("WRK_RATE") or "")

if rate ~= nil and rate > 0 then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } wrk_bench_timespec;
    int clock_gettime(int clock, wrk_bench_timespec *tp);
  ]]
  local ts = ffi.new("wrk_bench_timespec")
  -- CLOCK_MONOTONIC (1 on Linux): one clock for every thread of the process.
  local function now_us()
    ffi.C.clock_gettime(1, ts)
    return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
  end
  local function bucket(us)
    if us < 1 then return -1 end
    return math.floor(math.log(us) * 100)
  end
  local function add(h, us)
    local b = bucket(us)
    h[b] = (h[b] or 0) + 1
  end

  -- The schedule's window: from 200 ms after the first setup() (every thread has started and
  -- connected by then on a quiet machine; a connection that starts later skips the slots already
  -- past) to 300 ms before wrk stops, so every slot of the window falls while wrk runs and the
  -- requests in flight at its end are answered before the stop (WRK_DURATION: wrk's -d, seconds).
  local LEAD_US, TAIL_US = 200000, 300000
  local duration_us = (tonumber(os.getenv("WRK_DURATION") or "") or 0) * 1e6

  -- Main state: each thread gets its index and the common start.
  local threads, started = {}, nil
  setup = function(thread)
    if started == nil then started = now_us() end
    thread:set("conn_index", #threads)
    thread:set("t0", started + LEAD_US)
    thread:set("window_end", started + math.max(LEAD_US + 100000, duration_us - TAIL_US))
    threads[#threads + 1] = thread
  end

  -- Thread state: one connection's schedule and what it measured.
  lat_from_meant, lat_from_sent, lag_h = {}, {}, {}
  first_k, due, sent_count, answered, non2xx, late, max_us = nil, 0, 0, 0, 0, 0, 0
  local interval, first, meant, pending_meant, sent_at, k
  local built = {}
  init = function(args)
    local n = tonumber(os.getenv("WRK_CONNECTIONS") or "") or 1
    interval = n * 1e6 / rate
    first = t0 + conn_index * 1e6 / rate
    -- The slots of this connection inside the window (those before its first delay() are skipped then).
    due = window_end >= first and math.floor((window_end - first) / interval) + 1 or 0
    if #paths > 1 then
      for i, p in ipairs(paths) do built[i] = wrk.format(method, p, nil, body) end
    else
      built[1] = wrk.format(method, paths[1] or wrk.path, nil, body)
    end
  end
  delay = function()
    local now = now_us()
    if k == nil then
      -- The first slot not yet past: a connection that started late does not owe the earlier ones.
      k = now > first and math.ceil((now - first) / interval) or 0
      first_k = k
      due = math.max(0, due - k)
    end
    pending_meant = first + k * interval
    k = k + 1
    if pending_meant > window_end then
      pending_meant = nil
      return 60000 -- past the window: wait out the run
    end
    local wait = pending_meant - now
    if wait <= 0 then return 0 end
    return math.floor(wait / 1000)
  end
  local turn = 0
  request = function()
    sent_at = now_us()
    meant = pending_meant or sent_at
    pending_meant = nil
    sent_count = sent_count + 1
    local lag = sent_at - meant
    if lag > 1000 then late = late + 1 end
    add(lag_h, lag > 0 and lag or 0)
    turn = turn % #built + 1
    return built[turn]
  end
  response = function(status, headers, body)
    local t = now_us()
    local from = meant < sent_at and meant or sent_at
    local us = t - from
    add(lat_from_meant, us)
    add(lat_from_sent, t - sent_at)
    if us > max_us then max_us = us end
    answered = answered + 1
    if status >= 400 then non2xx = non2xx + 1 end
  end

  local function merge(into, h)
    for b, c in pairs(h) do into[b] = (into[b] or 0) + c end
  end
  local function pairs_json(h)
    local keys = {}
    for b in pairs(h) do keys[#keys + 1] = b end
    table.sort(keys)
    local out = {}
    for _, b in ipairs(keys) do out[#out + 1] = string.format("[%d,%d]", b, h[b]) end
    return "[" .. table.concat(out, ",") .. "]"
  end
  rate_done = function(summary)
    local meant_h, sent_h, lags = {}, {}, {}
    local total = { due = 0, sent_count = 0, answered = 0, non2xx = 0, late = 0 }
    local max_all, window = 0, 0
    for _, thread in ipairs(threads) do
      merge(meant_h, thread:get("lat_from_meant"))
      merge(sent_h, thread:get("lat_from_sent"))
      merge(lags, thread:get("lag_h"))
      for key in pairs(total) do total[key] = total[key] + (thread:get(key) or 0) end
      local m = thread:get("max_us") or 0
      if m > max_all then max_all = m end
      window = thread:get("window_end") - thread:get("t0")
    end
    io.write(string.format(
      'WRK_RATE_JSON {"rate":%.3f,"connections":%d,"durationUs":%d,"scheduledUs":%d,"due":%d,"sent":%d,"answered":%d,"non2xx":%d,"late":%d,"maxUs":%d,' ..
        '"fromMeant":%s,"fromSent":%s,"lag":%s}\n',
      rate, #threads, summary.duration, window, total.due, total.sent_count, total.answered, total.non2xx, total.late, max_all,
      pairs_json(meant_h), pairs_json(sent_h), pairs_json(lags)))
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
  if rate_done ~= nil then rate_done(summary) end
end
