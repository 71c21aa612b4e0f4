-- POST /api/v1/customers/enroll with the shared request.json, the same bytes every time: the
-- peer benchmark's request (../shared/bench-peers/post.lua), for the ceiling and the peers.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "result.lua")

local f = assert(io.open(here .. "../request.json", "rb"))
wrk.method = "POST"
wrk.path = "/api/v1/customers/enroll"
wrk.body = f:read("*a"):gsub("%s+$", "")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer test"
