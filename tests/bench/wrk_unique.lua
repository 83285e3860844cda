-- wrk script of `make bench ONLY=reporting`: every request asks a new address (a query parameter
-- the server ignores, `_=<thread>-<n>`), so no answer comes from a cache keyed by the address;
-- the figures are printed by wrk_report.lua's `done`, loaded from beside this file.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_report.lua")

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local sent = 0

function request()
  sent = sent + 1
  local separator = wrk.path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "_=" .. thread_number .. "-" .. sent)
end
