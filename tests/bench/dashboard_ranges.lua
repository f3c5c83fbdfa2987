-- wrk script for scripts/bench: GET one dashboard procedure with a random 30-day range inside the
-- generated two years, so each request differs. ROI_BENCH_PROCEDURE names the procedure and
-- ROI_BENCH_INPUT adds JSON fields (e.g. ,"limit":50). The bearer token comes from wrk -H.
local procedure = os.getenv("ROI_BENCH_PROCEDURE") or "dashboard.overview"
local extra = os.getenv("ROI_BENCH_INPUT") or ""
local first_day = os.time({year = 2024, month = 1, day = 1, hour = 12})

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init()
  math.randomseed(os.time() + (seed or 0))
end

function request()
  local offset = math.random(0, 700)
  local start = os.date("!%Y-%m-%d", first_day + offset * 86400)
  local stop = os.date("!%Y-%m-%d", first_day + (offset + 29) * 86400)
  local input = '{"start":"' .. start .. '","end":"' .. stop .. '"' .. extra .. '}'
  return wrk.format("GET", "/api/trpc/" .. procedure .. "?input=" .. encode(input))
end
