-- GET /baas/api/v1/customers/{id} of the pre-seeded customer. A static request.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "result.lua")

wrk.method = "GET"
wrk.path = "/baas/api/v1/customers/1732ca47-42b2-4990-a65d-c369e934eed3"
wrk.headers["apikey"] = "baas-consumers"
wrk.headers["x-carbon-key"] = "sandbox_carbon_key"
