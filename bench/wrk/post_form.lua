-- POSTs a form: the body (with its CSRF token) and the cookie come from bench/load.py through
-- the environment. "__N__" in the body becomes a number unique to each request, so that each
-- submission is a new one (the site refuses an exact resubmission of the same form).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local body_template = os.getenv("BENCH_BODY")
local cookie = os.getenv("BENCH_COOKIE")
local sequence = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = cookie

local base_init = init
function init(args)
   base_init(args)
   prefix = tostring(id) .. "-" .. tostring(os.time())
end

function request()
   sequence = sequence + 1
   local body = body_template:gsub("__N__", prefix .. "-" .. sequence)
   return wrk.format(nil, nil, nil, body)
end
