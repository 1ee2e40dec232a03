-- wrk script of ./zen bench: one kind of request, sent again and again, each answer checked.
--
-- Set by the bench (dev.zen.ops.Wrk) in the environment of wrk:
--   ZEN_WRK_BODY    the request body; every "@ID@" in it becomes a JSON-RPC id unique in the run
--                   (thread number * 1e9 + a counter of the thread)
--   ZEN_WRK_EXPECT  how an answer counts as good:
--                     result    HTTP 200 with a JSON-RPC "result", no "error" and no "isError":true (the default)
--                     progress  as result, with 10 notifications/progress before it (file_read_many over SSE)
--                     accepted  HTTP 202 (POST /v1/jobs)
--   ZEN_WRK_SKETCH  1: also print the latency at every 0.1 % (for rows measured in rounds)
-- Headers come from wrk's own -H options. done() prints what the bench reads:
--   ZEN-WRK requests=N duration_us=D bad=B socket=S p50_us=X p99_us=Y
--       (answers, of which B were not good; S socket errors and timeouts; wrk's percentiles of all answers)
--   ZEN-WRK-SKETCH us,us,...   (with ZEN_WRK_SKETCH=1: the latency at every 0.1 %, 1,000 values)

local body = os.getenv("ZEN_WRK_BODY") or ""
local expect = os.getenv("ZEN_WRK_EXPECT") or "result"
local templated = body:find("@ID@", 1, true) ~= nil

local threads = {}
local counter = 0

function setup(thread)
   thread:set("number", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   bad = 0
   wrk.method = "POST"
   wrk.body = body
   if not templated then
      prepared = wrk.format()
   end
end

function request()
   if prepared then
      return prepared
   end
   counter = counter + 1
   return wrk.format(nil, nil, nil, (body:gsub("@ID@", tostring(number * 1000000000 + counter))))
end

local function count(text, what)
   local n, at = 0, 1
   while true do
      local found = text:find(what, at, true)
      if not found then
         return n
      end
      n = n + 1
      at = found + #what
   end
end

function response(status, headers, text)
   if expect == "accepted" then
      if status ~= 202 then
         bad = bad + 1
      end
      return
   end
   if status ~= 200 or not text or not text:find('"result"', 1, true) or text:find('"error":', 1, true)
         or text:find('"isError":true', 1, true) then
      bad = bad + 1
   elseif expect == "progress" and count(text, "notifications/progress") ~= 10 then
      bad = bad + 1
   end
end

function done(summary, latency, requests)
   local answered = 0
   for _, thread in ipairs(threads) do
      answered = answered + (thread:get("bad") or 0)
   end
   local e = summary.errors
   local p50, p99 = 0, 0
   if summary.requests > 0 then
      p50, p99 = latency:percentile(50), latency:percentile(99)
   end
   -- HTTP statuses >= 400 (wrk's own "status" errors) are counted by response() already
   io.write(string.format("ZEN-WRK requests=%d duration_us=%d bad=%d socket=%d p50_us=%d p99_us=%d\n", summary.requests,
      summary.duration, answered, e.connect + e.read + e.write + e.timeout, p50, p99))
   if os.getenv("ZEN_WRK_SKETCH") == "1" and summary.requests > 0 then
      -- the latency at every 0.1 % (rows measured in rounds add these up). Each percentile() scans wrk's histogram from
      -- its minimum, so this costs 1,000 scans: asked for only where latencies are short (c=1). latency(i), the
      -- i-th value recorded, would give the whole histogram, but scans from the minimum on every call.
      local parts = {}
      for k = 1, 1000 do
         parts[k] = string.format("%d", latency:percentile(k / 10))
      end
      io.write("ZEN-WRK-SKETCH " .. table.concat(parts, ",") .. "\n")
   end
end
