-- wrk script of scripts/bench-statement (read that script's header first).
--   wrk ... -s scripts/bench-statement.lua URL -- PATH_TEMPLATE ACCOUNTS_FILE TOKEN
-- Each request takes the next account number of ACCOUNTS_FILE (round robin per thread) and
-- GETs PATH_TEMPLATE with `{n}` replaced by it, with `Authorization: Bearer TOKEN` (the
-- ceiling server ignores both). Any answer but 200 is counted; done() prints one RESULT line.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local paths = {}
local i = 0
bad = 0
sample = ""

function init(args)
  local template, file, token = args[1], args[2], args[3]
  for line in io.lines(file) do
    table.insert(paths, (template:gsub("{n}", line)))
  end
  wrk.headers["Authorization"] = "Bearer " .. token
  i = id
end

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if sample == "" then sample = status .. " " .. string.sub(body, 1, 200) end
  end
end

function done(summary, latency, requests)
  local errors = 0
  local first = ""
  for _, t in ipairs(threads) do
    errors = errors + t:get("bad")
    if first == "" then first = t:get("sample") end
  end
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f bad=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3, errors + summary.errors.status))
  if first ~= "" then io.write("SAMPLE " .. first .. "\n") end
end
