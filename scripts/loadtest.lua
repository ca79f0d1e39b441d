-- wrk script for scripts/loadtest.sh: sends the logged-in session cookie with every
-- request and counts every answer that is not a 2xx as an error (wrk itself counts only
-- 4xx/5xx, and a 302 to the login page would mean the session was lost).
-- The cookie comes from the LOADTEST_COOKIE environment variable ("sessionid=...").

wrk.headers["Cookie"] = os.getenv("LOADTEST_COOKIE")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  first_bad_status = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_bad_status == 0 then
      first_bad_status = status
    end
  end
end

function done(summary, latency, requests)
  local bad, bad_status = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
    if bad_status == 0 then
      bad_status = thread:get("first_bad_status")
    end
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "RESULT requests=%d rps=%.1f non2xx=%d first_bad_status=%d socket_errors=%d p50_ms=%.1f p99_ms=%.1f\n",
    summary.requests,
    summary.requests / (summary.duration / 1e6),
    bad,
    bad_status,
    socket_errors,
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000
  ))
end
