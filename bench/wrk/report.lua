-- Shared by every benchmark script: prints one JSON line that bench/load.py reads.
-- With BENCH_EXPECT set (the form POST), it also counts answers whose status is not the
-- expected one; GET pages leave it unset, because reading every body costs wrk CPU time
-- that the server under test would miss (their status is checked before and after the run).
local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

function init(args)
   expected = tonumber(os.getenv("BENCH_EXPECT") or "")
   unexpected = 0
end

if os.getenv("BENCH_EXPECT") then
   function response(status, headers, body)
      if status ~= expected then
         unexpected = unexpected + 1
      end
   end
end

function done(summary, latency, requests)
   local unexpected_total = 0
   for _, thread in ipairs(threads) do
      unexpected_total = unexpected_total + thread:get("unexpected")
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
      '"p99_us": %d, "max_us": %d, "socket_errors": %d, "status_errors": %d, "unexpected": %d}\n',
      summary.requests, summary.duration,
      latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
      e.connect + e.read + e.write + e.timeout, e.status, unexpected_total))
end
