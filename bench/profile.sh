#!/usr/bin/env bash
# Instructions per request of one sandbox case, counted by callgrind: repeatable whatever else
# the machine is doing, so it is the figure to compare before and after an optimisation.
#
# Usage: bench/profile.sh [BINARY] [CASE] [SECONDS]
#   BINARY   default target/release/fintech-sandbox (symbols are kept in release builds; for
#            line-level detail build with CARGO_PROFILE_RELEASE_DEBUG=line-tables-only)
#   CASE     cartevo-enroll (default; unique bodies), carbon-enroll, carbon-get
#   SECONDS  length of the instrumented load (default 15)
#
# The sandbox runs under valgrind with instrumentation off through start-up and a warm-up;
# callgrind counts only the load window. Requests are counted by the server itself (the
# journal's ids), so in-flight requests at the end of wrk's run are not guessed at.
# Writes bench/results/profile/<case>-<binary name>.{callgrind,inclusive.txt,self.txt}; prints "Ir per request".
set -euo pipefail
cd "$(dirname "$0")/.."

BINARY="${1:-target/release/fintech-sandbox}"
CASE="${2:-cartevo-enroll}"
SECONDS_LOADED="${3:-15}"
PORT="${PROFILE_PORT:-18190}"
OUT=bench/results/profile
mkdir -p "$OUT"
NAME="$CASE-$(basename "$BINARY")"
BASE="http://127.0.0.1:$PORT"
LUA=bench/lua

# shellcheck source=bench/lib.sh
source bench/lib.sh

valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/$NAME.callgrind" \
  "$BINARY" --port "$PORT" >"$OUT/$NAME.log" 2>&1 &
SERVER_PID=$!
trap 'stop_pid "$SERVER_PID"' EXIT

wait_until 120 sandbox_healthy "$PORT" || { echo "sandbox did not start" >&2; exit 1; }
TOKEN=$(cartevo_token "$PORT")
export TOKEN

script_of() {
  case $1 in
    cartevo-enroll) echo "$LUA/cartevo_enroll_unique.lua" ;;
    carbon-enroll) echo "$LUA/carbon_enroll_repeat.lua" ;;
    carbon-get) echo "$LUA/carbon_get_customer.lua" ;;
    *) echo "unknown case $1" >&2; return 1 ;;
  esac
}
SCRIPT=$(script_of "$CASE")

# Warm-up (not instrumented): first touches of every code path, the first idempotent enroll.
UNIQUE_PREFIX=profwarm wrk -t1 -c8 -d3s -s "$SCRIPT" "$BASE" >/dev/null
before=$(journal_last_id "$PORT")
callgrind_control --instr=on "$SERVER_PID" >/dev/null 2>&1
UNIQUE_PREFIX=profload wrk -t1 -c8 -d"${SECONDS_LOADED}s" -s "$SCRIPT" "$BASE" >"$OUT/$NAME.wrk"
callgrind_control --instr=off "$SERVER_PID" >/dev/null 2>&1
after=$(journal_last_id "$PORT")
stop_pid "$SERVER_PID"
trap - EXIT

requests=$((after - before)) # the journal does not record its own queries
callgrind_annotate --inclusive=yes "$OUT/$NAME.callgrind" >"$OUT/$NAME.inclusive.txt" 2>/dev/null
callgrind_annotate "$OUT/$NAME.callgrind" >"$OUT/$NAME.self.txt" 2>/dev/null
total=$(awk '/PROGRAM TOTALS/{gsub(",","",$1); print $1}' "$OUT/$NAME.self.txt")
echo "$NAME: $total Ir over $requests requests"
python3 -c "print('Ir per request: %.0f' % ($total / max(1, $requests)))"
