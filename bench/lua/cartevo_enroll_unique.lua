-- POST /api/v1/customers/enroll with a body that is valid for Cartevo's rules and unique on
-- every request (email and identification number carry a counter), so the sandbox validates
-- and stores a new customer each time instead of answering 409.
--
-- Env: TOKEN (bearer token; any text for the ceiling), UNIQUE_PREFIX (differs between runs
-- against one server, e.g. "warm", "c32"), ENROLL_PATH (default /api/v1/customers/enroll).
--
-- The counter is zero-padded so that every body has the same length: the request head is built
-- once and each request costs one string.format in wrk, keeping the load generator cheap.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "result.lua")

local prefix = os.getenv("UNIQUE_PREFIX") or tostring(os.time())
local token = os.getenv("TOKEN") or "test"
local path = os.getenv("ENROLL_PATH") or "/api/v1/customers/enroll"

-- The body: bench/enroll-body.template.json, the shared request.json with a valid
-- id_document_type and two %s slots (email, identification number) for the unique part.
local template = assert(io.open(here .. "../enroll-body.template.json", "rb"))
local body_format = template:read("*a"):gsub("%s+$", "")
template:close()

local thread_number = 0
function setup(thread)
  thread_number = thread_number + 1
  thread:set("thread_tag", prefix .. "t" .. thread_number)
end

local counter = 0
local request_format, unique_tag

function init()
  -- thread_tag is set by setup() in this thread's Lua state.
  unique_tag = thread_tag or (prefix .. "t1")
  local sample = string.format(body_format, unique_tag .. "000000000", unique_tag .. "000000000")
  local head = "POST " .. path .. " HTTP/1.1\r\n"
    .. "Host: " .. (wrk.headers["Host"] or "127.0.0.1") .. "\r\n"
    .. "Content-Type: application/json\r\n"
    .. "Authorization: Bearer " .. token .. "\r\n"
    .. "Content-Length: " .. #sample .. "\r\n\r\n"
  -- The head goes through string.format too: escape any % in it (a path could hold one).
  request_format = (head:gsub("%%", "%%%%")) .. body_format
end

function request()
  counter = counter + 1
  local unique = string.format("%s%09d", unique_tag, counter)
  return string.format(request_format, unique, unique)
end
