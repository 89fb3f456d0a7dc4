-- wrk script: replays pre-signed OneBot events from the file named by $BODIES ("signature<TAB>body"
-- lines). Thread k of $THREADS takes lines k, k+THREADS, …, so no event is sent twice unless a thread
-- runs out (then it starts over and `wrapped` says so: those repeats are duplicates to the server).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(os.getenv("THREADS"))
  list = {}
  local i = 0
  for line in io.lines(os.getenv("BODIES")) do
    if i % nthreads == id then
      local signature, body = line:match("^([^\t]*)\t(.*)$")
      list[#list + 1] = wrk.format("POST", "/onebot", {
        ["Content-Type"] = "application/json", ["X-Self-ID"] = "10001000", ["X-Signature"] = signature }, body)
    end
    i = i + 1
  end
  nxt, ok, wrapped = 1, 0, 0
end

function request()
  local r = list[nxt]
  nxt = nxt + 1
  if nxt > #list then nxt, wrapped = 1, wrapped + 1 end
  return r
end

function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 end
end

function done(summary, latency, requests)
  local ok_total, wrapped_total = 0, 0
  for _, t in ipairs(threads) do
    ok_total = ok_total + t:get("ok")
    wrapped_total = wrapped_total + t:get("wrapped")
  end
  local e = summary.errors
  io.write(string.format("RESULT rps=%.0f p50_us=%d p99_us=%d requests=%d ok=%d errors=%d wrapped=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, ok_total, e.connect + e.read + e.write + e.status + e.timeout, wrapped_total))
end
