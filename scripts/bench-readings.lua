-- wrk script of scripts/bench-readings (read that script's header first).
--   wrk ... -s scripts/bench-readings.lua URL -- submit RESIDENTS_FILE THREADS
--   wrk ... -s scripts/bench-readings.lua URL -- ceiling
-- `submit`: RESIDENTS_FILE has one line per signed-in resident, "token account meter address
-- start", start being the meter's last billed reading in thousandths of m³.
-- wrk thread t of T (numbered from 0) plays residents t, t+T, t+2T, … in turn, each with its own
-- bearer token and X-Forwarded-For address, and POSTs a reading that is 0.001 above that
-- meter's previous one. The script runs wrk with one connection per thread, so no two
-- connections ever submit for the same meter and each meter's values only grow.
-- `ceiling`: GET /api/v1/office (the office contacts, served from memory) — the same server's
-- HTTP round trip with no database and no token, over the same connections.
-- Every answer other than the expected one (201, or 200 for the ceiling) is counted and the
-- first is kept; done() prints one machine-readable RESULT line for the script to parse.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local residents = {}
local cursor = 0
local expect = 201
local ceiling_request
bad = 0
sample = ""

function init(args)
  local mode = args[1]
  if mode == "ceiling" then
    expect = 200
    ceiling_request = wrk.format("GET", "/api/v1/office")
    return
  end
  local total = tonumber(args[3])
  local file = assert(io.open(args[2], "r"))
  local index = 0
  for line in file:lines() do
    if index % total == id then
      local token, account, meter, address, start = line:match("^(%S+) (%S+) (%S+) (%S+) (%d+)$")
      table.insert(residents, {
        path = "/api/v1/accounts/" .. account .. "/meters/" .. meter .. "/readings",
        headers = {
          ["Authorization"] = "Bearer " .. token,
          ["Content-Type"] = "application/json",
          ["X-Forwarded-For"] = address,
        },
        value = tonumber(start), -- in thousandths of m³ (the meters have 3 decimals)
      })
    end
    index = index + 1
  end
  file:close()
  assert(#residents > 0, "thread " .. id .. " has no residents")
end

function request()
  if ceiling_request then
    return ceiling_request
  end
  cursor = cursor % #residents + 1
  local r = residents[cursor]
  r.value = r.value + 1
  local body = string.format('{"value":"%d.%03d"}', math.floor(r.value / 1000), r.value % 1000)
  return wrk.format("POST", r.path, r.headers, body)
end

function response(status, headers, body)
  if status ~= expect then
    bad = bad + 1
    if sample == "" then
      sample = status .. " " .. (body or "")
    end
  end
end

function done(summary, latency, requests)
  local bad_total, first = 0, ""
  for _, thread in ipairs(threads) do
    bad_total = bad_total + thread:get("bad")
    local s = thread:get("sample")
    if first == "" and s ~= nil and s ~= "" then
      first = s
    end
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f "
      .. "unexpected=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    bad_total, e.connect, e.read, e.write, e.timeout))
  if first ~= "" then
    io.write("SAMPLE " .. (first:gsub("\n", " ")) .. "\n")
  end
end
