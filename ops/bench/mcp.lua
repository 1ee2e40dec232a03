-- wrk script of ./zen bench: one kind of request, sent again and again, each answer checked.
--
-- Set by the bench (dev.zen.ops.Wrk) in the environment of wrk:
--   ZEN_WRK_BODY    the request body; every "@ID@" in it becomes a JSON-RPC id unique in the run
--                   (thread number * 1e9 + a counter of the thread)
--   ZEN_WRK_EXPECT  how an answer counts as good:
--                     result    HTTP 200 with a JSON-RPC "result", no "error" and no "isError":true (the default)
--                     progress  as result, with 10 notifications/progress before it (file_read_many over SSE)
--                     accepted  HTTP 202 (POST /v1/jobs)
-- Headers come from wrk's own -H options. done() prints two lines that the bench reads:
--   ZEN-WRK requests=N duration_us=D bad=B socket=S   (answers, of which B were not good; S socket errors and timeouts)
--   ZEN-WRK-HISTOGRAM us:count,us:count,...   (every latency wrk recorded, in microseconds)

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
   -- HTTP statuses >= 400 (wrk's own "status" errors) are counted by response() already
   io.write(string.format("ZEN-WRK requests=%d duration_us=%d bad=%d socket=%d\n", summary.requests, summary.duration, answered,
      e.connect + e.read + e.write + e.timeout))
   local parts = {}
   for i = 1, #latency do
      local value, n = latency(i)
      parts[#parts + 1] = string.format("%d:%d", value, n)
   end
   io.write("ZEN-WRK-HISTOGRAM " .. table.concat(parts, ",") .. "\n")
end
