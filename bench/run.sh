#!/usr/bin/env bash
# Serve a fresh helpdesk (SQLite by default, or HELPDESK_DATABASE_URL), mint tokens,
# run bench/load.py against it, stop it. Usage: bench/run.sh [load.py options]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
work=$(mktemp -d /tmp/helpdesk-bench.XXXXXX)
port=${BENCH_PORT:-8765}
workers=${BENCH_WORKERS:-2}
export HELPDESK_DATABASE_URL=${HELPDESK_DATABASE_URL:-sqlite+aiosqlite:///$work/bench.sqlite3}
export HELPDESK_STORAGE_DIR=$work/files
export HELPDESK_SECRET_KEY=${HELPDESK_SECRET_KEY:-bench-only-key}
export HELPDESK_LOG_LEVEL=${HELPDESK_LOG_LEVEL:-WARNING}
# One token drives the whole load: a limit nobody reaches keeps the counting (its cost is
# part of what is measured) without refusing anything.
export HELPDESK_RATE_LIMIT_PER_MINUTE=${HELPDESK_RATE_LIMIT_PER_MINUTE:-1000000000}
label=${BENCH_LABEL:-$(case $HELPDESK_DATABASE_URL in postgresql*) echo postgres;; *) echo sqlite;; esac)}

$BIN/helpdesk migrate
uv_token=$($BIN/helpdesk token create --uvdesk-role admin --email bench-admin@example.com)
mp_token=$($BIN/helpdesk token create --account-type client --account-name Bench --email bench@example.com)
$BIN/helpdesk serve --port "$port" --workers "$workers" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; cp "$work/server.log" "${BENCH_SERVER_LOG:-/dev/null}" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.5; done
$BIN/python bench/load.py --base-url "http://127.0.0.1:$port" \
  --uvdesk-token "$uv_token" --marketplace-token "$mp_token" --label "$label-${workers}w" "$@"
