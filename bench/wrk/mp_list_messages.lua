-- Marketplace: the messages of a random seeded chat.
-- GET /public/v1/helpdesk/chats/{id}/messages (BENCH_IDS holds chat ids; client token).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(here .. "common.lua")

bench.get_by_id("/public/v1/helpdesk/chats/", "/messages")
