-- wrk script for bench/run. With WRK_COOKIES=FILE (one Cookie header value per line) each
-- request carries the next shopper's cookies in turn; without it the request is wrk's static
-- one. done() prints one machine-readable line that bench/run parses.
local file = os.getenv("WRK_COOKIES")
if file and file ~= "" then
  local cookies = {}
  for line in io.lines(file) do
    if line ~= "" then cookies[#cookies + 1] = line end
  end
  local requests, next_one = {}, 0
  function init(args)
    for i, c in ipairs(cookies) do requests[i] = wrk.format(nil, nil, { ["Cookie"] = c }) end
    next_one = math.random(#requests) - 1
  end
  function request()
    next_one = next_one % #requests + 1
    return requests[next_one]
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
