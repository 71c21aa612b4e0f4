-- POST /baas/api/v1/loans/customers/enroll for the pre-seeded, already enrolled customer:
-- Carbon's idempotent 200 on every request. A static request, built once by wrk.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "result.lua")

wrk.method = "POST"
wrk.path = "/baas/api/v1/loans/customers/enroll"
wrk.body = '{"customer_id":"1732ca47-42b2-4990-a65d-c369e934eed3"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["apikey"] = "baas-consumers"
wrk.headers["x-carbon-key"] = "sandbox_carbon_key"
