#!/usr/bin/env bash
# The sandbox's benchmark (issue #7): the sandbox against the bare actix-web ceiling (and,
# optionally, the peer mock servers) in one run, on this machine, with ratios to the ceiling.
#
#   bench/run.sh setup              install wrk (+ the peers with --peers), build ceiling and sandbox
#   bench/run.sh [run] [options]    run every case, write bench/results/<date>/ and docs/performance.md
#   bench/run.sh report DIR         rewrite docs/performance.md from an earlier run's DIR
#
# Options (or environment): --peers (PEERS=1) adds WireMock, Prism, Mockoon and httpmock from
# ../shared/bench-peers (slow: a minute or more each); --no-million (MILLION=0) skips the
# million-customer case; --quick shortens every run (a smoke test, not for the note).
# WARM, DUR (wrk durations, default 5s and 15s), STARTS (start-ups per server, default 5),
# MILLION (customers to preload, default 1000000), SANDBOX (binary), SCENARIO_RULES (scenario
# rules for the scenario cases, default 1000; 0 skips them).
#
# Every server runs alone, on 127.0.0.1, one at a time, with the sandbox at its defaults: request
# log at info to stdout (redirected to a file), journal on with 10,000 entries. Every loop is
# bounded and every process started here is stopped by its PID. Check `cat /proc/loadavg` first:
# numbers taken while something else runs are noise.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

PEERS_DIR="$HERE/.peers"
SHARED="${BENCH_PEERS:-$ROOT/../shared/bench-peers}"
CEILING="$PEERS_DIR/ceiling-target/release/ceiling"
SANDBOX="${SANDBOX:-$ROOT/target/release/fintech-sandbox}"
WARM="${WARM:-5s}"
DUR="${DUR:-15s}"
STARTS="${STARTS:-5}"
PEERS="${PEERS:-0}"
MILLION="${MILLION:-1000000}"
SCENARIO_RULES="${SCENARIO_RULES:-1000}"
PORT=18180
LUA="$HERE/lua"
URL="http://127.0.0.1:$PORT"

usage() { sed -n '2,19p' "$0"; }

setup() {
  local need_apt=0 tool
  for tool in wrk curl python3 ss; do command -v "$tool" >/dev/null || need_apt=1; done
  if [ "$need_apt" = 1 ]; then
    apt-get update && apt-get install -y wrk curl python3 iproute2
  fi
  mkdir -p "$PEERS_DIR"
  echo "== ceiling (bench/ceiling, release)"
  (cd "$HERE/ceiling" && CARGO_TARGET_DIR="$PEERS_DIR/ceiling-target" timeout 1200 cargo build --release --locked)
  echo "== sandbox (release)"
  (cd "$ROOT" && timeout 1800 cargo build --release --locked)
  if [ "$PEERS" = 1 ]; then
    echo "== peers into bench/.peers (npm: WireMock, Prism, Mockoon; crates.io: httpmock)"
    command -v java >/dev/null || apt-get install -y openjdk-17-jre-headless
    (cd "$PEERS_DIR" && { [ -f package.json ] || echo '{"name": "sandbox-bench-peers", "private": true}' >package.json; } &&
      npm install --no-audit --no-fund wiremock@3.13.2 @stoplight/prism-cli@5.16.0 @mockoon/cli@9.9.0)
    [ -x "$PEERS_DIR/httpmock/bin/httpmock" ] ||
      timeout 900 cargo install --locked --root "$PEERS_DIR/httpmock" httpmock@0.9.0 --features standalone ||
      echo "httpmock did not build within 15 min; it will be skipped"
  fi
}

# ---------------------------------------------------------------- servers

# launch KIND LOG [EXTRA ARGS...] -> LAUNCH_PID
launch() {
  local kind=$1 log=$2
  shift 2
  # A server left on the port would answer in place of the new one.
  if [ -n "$(listener_pid)" ]; then echo "port $PORT is busy" >&2; return 1; fi
  case $kind in
    ceiling) PORT=$PORT "$CEILING" >"$log" 2>&1 & ;;
    sandbox) "$SANDBOX" --port "$PORT" "$@" >"$log" 2>&1 & ;;
    wiremock) "$PEERS_DIR/node_modules/.bin/wiremock" --port "$PORT" --bind-address 127.0.0.1 \
      --root-dir "$SHARED/wiremock" --disable-banner >"$log" 2>&1 & ;;
    prism) "$PEERS_DIR/node_modules/.bin/prism" mock -h 127.0.0.1 -p "$PORT" "$SHARED/openapi.yaml" >"$log" 2>&1 & ;;
    mockoon) "$PEERS_DIR/node_modules/.bin/mockoon-cli" start --data "$SHARED/mockoon/enroll-env.json" \
      --port "$PORT" >"$log" 2>&1 & ;;
    httpmock) "$PEERS_DIR/httpmock/bin/httpmock" --port "$PORT" --mock-files-dir "$SHARED/httpmock" >"$log" 2>&1 & ;;
    *) echo "unknown server $kind" >&2; return 1 ;;
  esac
  LAUNCH_PID=$!
}

# The process that owns the listening socket (for the npm-wrapped peers, the real server).
listener_pid() { ss -Hltnp "sport = :$PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }

descendants() {
  local p c
  for p in "$@"; do
    for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do
      echo "$c"
      descendants "$c"
    done
  done
}

# Stops what `launch` started: its descendants first (deepest first), then itself, by PID.
stop_launched() {
  local p
  [ -n "${LAUNCH_PID:-}" ] || return 0
  for p in $(descendants "$LAUNCH_PID" | tac) "$LAUNCH_PID"; do stop_pid "$p"; done
  LAUNCH_PID=
}
trap stop_launched EXIT INT TERM

# ---------------------------------------------------------------- requests

PROBE_COUNTER=0
# The body of a unique Cartevo enroll (the same template the wrk script uses).
unique_body() { printf "$(cat "$HERE/enroll-body.template.json")" "$1" "$1"; }

# post_enroll KIND -> HTTP status of one enroll call as KIND expects it
post_enroll() {
  local kind=$1
  PROBE_COUNTER=$((PROBE_COUNTER + 1))
  case $kind in
    ceiling | sandbox)
      curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST "$URL/api/v1/customers/enroll" \
        -H 'Content-Type: application/json' -H "Authorization: Bearer ${TOKEN:-test}" \
        --data-binary "$(unique_body "probe$RUN_TAG$PROBE_COUNTER")" ;;
    *)
      curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST "$URL/api/v1/customers/enroll" \
        -H 'Content-Type: application/json' -H 'Authorization: Bearer test' \
        --data-binary @"$SHARED/request.json" ;;
  esac
}

answers_201() { [ "$(post_enroll "$1")" = 201 ]; }

# measure_startup KIND LOG -> STARTUP_MS: ms from launch to the first 201 of the enroll call
# ("null" if none within 90 s). Not in a subshell, so that the server it started is stopped.
measure_startup() {
  local kind=$1 log=$2 t0
  t0=$(now_us)
  launch "$kind" "$log"
  if wait_until 90 answers_201 "$kind"; then
    STARTUP_MS=$((($(now_us) - t0) / 1000))
  else
    echo "   $kind gave no 201 within 90 s (see $log)" >&2
    STARTUP_MS=null
  fi
  stop_launched
}

wrk_json() { grep '^RESULT_JSON' "$1" | sed 's/^RESULT_JSON //'; }

# load NAME CONNECTIONS DURATION SCRIPT OUTFILE: one wrk run with a fresh unique prefix
load() {
  local name=$1 conns=$2 dur=$3 script=$4 out=$5
  (cd "$HERE" && UNIQUE_PREFIX="$RUN_TAG$name" wrk -t1 -c"$conns" -d"$dur" --latency -s "$script" "$URL" >"$out" 2>&1)
}

# ---------------------------------------------------------------- cases

# throughput_case NAME KIND SCRIPT [SANDBOX ARGS...]: start, idle RSS, warm-up, c32 (CPU), c4
throughput_case() {
  local name=$1 kind=$2 script=$3
  shift 3
  local d="$OUT/$name" spid ms rss_idle cpu0 cpu1 rss_c32 rss_c4 hwm load_before others
  mkdir -p "$d"
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "== $name ($kind, $(basename "$script")), load $load_before"
  local t0 t1
  t0=$(now_us)
  launch "$kind" "$d/server.log" "$@"
  wait_until 90 answers_201 "$kind" || { echo "   no 201 within 90 s" >&2; stop_launched; return 1; }
  t1=$(now_us)
  ms=$(((t1 - t0) / 1000))
  spid=$(listener_pid)
  sleep 3
  rss_idle=$(rss_kb "$spid")
  load warm 32 "$WARM" "$script" "$d/warmup.txt"
  cpu_snapshot "$d/cpu-before.txt"
  cpu0=$(cpu_ticks "$spid")
  load c32 32 "$DUR" "$script" "$d/c32.txt"
  cpu1=$(cpu_ticks "$spid")
  cpu_snapshot "$d/cpu-after.txt"
  others=$(cpu_others "$d/cpu-before.txt" "$d/cpu-after.txt" "$spid" "$$")
  rss_c32=$(rss_kb "$spid")
  sleep 1
  load c4 4 "$DUR" "$script" "$d/c4.txt"
  rss_c4=$(rss_kb "$spid")
  hwm=$(hwm_kb "$spid")
  stop_launched
  cat >"$d/summary.json" <<EOF
{"case":"$name","server":"$kind","script":"$(basename "$script")","first_201_ms":$ms,
 "c32":$(wrk_json "$d/c32.txt"),"c4":$(wrk_json "$d/c4.txt"),"warmup":$(wrk_json "$d/warmup.txt"),
 "rss_idle_kb":$rss_idle,"rss_after_c32_kb":$rss_c32,"rss_after_c4_kb":$rss_c4,"rss_peak_kb":$hwm,
 "cpu_ticks_c32":$((cpu1 - cpu0)),"clk_tck":$(getconf CLK_TCK),
 "load_before":"$load_before","others_cpu_c32":$others}
EOF
  python3 - "$d/summary.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c32 = d["c32"]
cpu_us = 1e6 * d["cpu_ticks_c32"] / d["clk_tck"] / max(1, c32["requests"])
print("   c32 %.0f req/s (p99 %.2f ms, non-2xx %d) | c4 %.0f req/s | CPU %.1f us/req | RSS idle %.1f MiB, after c32 %.1f MiB | others' CPU during c32 %.2f s %s"
      % (c32["rps"], c32["p99_us"] / 1000, c32["non2xx3xx"], d["c4"]["rps"], cpu_us,
         d["rss_idle_kb"] / 1024, d["rss_after_c32_kb"] / 1024,
         d["others_cpu_c32"]["seconds"], d["others_cpu_c32"]["top"]))
PY
  sleep 2
}

# startup_case KIND: STARTS fresh starts, launch -> first 201
startup_case() {
  local kind=$1 d="$OUT/startup-$1" i list=""
  mkdir -p "$d"
  for i in $(seq 1 "$STARTS"); do
    measure_startup "$kind" "$d/start$i.log"
    list="$list${list:+,}$STARTUP_MS"
    sleep 1
  done
  echo "== start-up $kind: $list ms"
  echo "{\"server\":\"$kind\",\"startup_ms\":[$list]}" >"$d/summary.json"
}

# million_case: enroll throughput near empty and at MILLION customers; RSS per stored customer
million_case() {
  local d="$OUT/million" spid count_a count_b rss_a rss_b i
  mkdir -p "$d"
  echo "== million customers (memory per customer, enroll throughput at that size)"
  launch sandbox "$d/server.log"
  wait_until 90 answers_201 sandbox || { echo "   no 201" >&2; stop_launched; return 1; }
  spid=$(listener_pid)
  local short=5s
  [ "$QUICK" = 1 ] && short=2s
  load warm 32 2s "$LUA/cartevo_enroll_unique.lua" "$d/warmup.txt"
  count_a=$(cartevo_customer_count "$PORT" "$TOKEN")
  rss_a=$(rss_kb "$spid")
  local load_small load_large others_small others_large
  load_small=$(cut -d' ' -f1-3 /proc/loadavg)
  cpu_snapshot "$d/cpu-before-small.txt"
  load small 32 "$short" "$LUA/cartevo_enroll_unique.lua" "$d/small.txt"
  cpu_snapshot "$d/cpu-after-small.txt"
  others_small=$(cpu_others "$d/cpu-before-small.txt" "$d/cpu-after-small.txt" "$spid" "$$")
  for i in $(seq 1 60); do
    [ "$(cartevo_customer_count "$PORT" "$TOKEN")" -ge "$MILLION" ] && break
    load "fill$i" 32 5s "$LUA/cartevo_enroll_unique.lua" "$d/fill.txt"
  done
  sleep 2
  count_b=$(cartevo_customer_count "$PORT" "$TOKEN")
  rss_b=$(rss_kb "$spid")
  load_large=$(cut -d' ' -f1-3 /proc/loadavg)
  cpu_snapshot "$d/cpu-before-large.txt"
  load large 32 "$short" "$LUA/cartevo_enroll_unique.lua" "$d/large.txt"
  cpu_snapshot "$d/cpu-after-large.txt"
  others_large=$(cpu_others "$d/cpu-before-large.txt" "$d/cpu-after-large.txt" "$spid" "$$")
  local count_c rss_c
  count_c=$(cartevo_customer_count "$PORT" "$TOKEN")
  rss_c=$(rss_kb "$spid")
  stop_launched
  cat >"$d/summary.json" <<EOF
{"customers_a":$count_a,"rss_a_kb":$rss_a,"customers_b":$count_b,"rss_b_kb":$rss_b,
 "customers_c":$count_c,"rss_c_kb":$rss_c,
 "small":$(wrk_json "$d/small.txt"),"large":$(wrk_json "$d/large.txt"),
 "load_small":"$load_small","load_large":"$load_large",
 "others_small":$others_small,"others_large":$others_large}
EOF
  python3 - "$d/summary.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
per = (d["rss_b_kb"] - d["rss_a_kb"]) * 1024 / max(1, d["customers_b"] - d["customers_a"])
print("   %d -> %d customers: %.0f bytes each; enroll %.0f req/s near empty, %.0f req/s at %d"
      % (d["customers_a"], d["customers_b"], per, d["small"]["rps"], d["large"]["rps"], d["customers_b"]))
PY
  sleep 2
}

# Issue #4's cost of scenarios: the enroll case again with SCENARIO_RULES rules (written by
# bench/make-scenarios: ten per scenario, spread over Cartevo's routes, each waiting for a query
# value the benchmark never sends), first loaded only (--scenarios DIR, none active), then all
# active for everyone (the route index skips them: they all require the query key); then rules
# waiting for a body value, all active (no gate: the body is parsed and every rule on the enroll
# route is tried on every enroll, the worst case). Skipped when the binary has no --scenarios.
scenarios_case() {
  if ! "$SANDBOX" --help 2>/dev/null | grep -q -- '--scenarios'; then
    echo "== scenarios: skipped (this sandbox has no --scenarios option)"
    return 0
  fi
  local dir="$OUT/scenarios-$SCENARIO_RULES" names name active=()
  names=$("$HERE/make-scenarios" "$SCENARIO_RULES" "$dir")
  for name in ${names//,/ }; do active+=(--scenario "$name"); done
  throughput_case "sandbox-cartevo-enroll-$SCENARIO_RULES-rules-loaded" sandbox \
    "$LUA/cartevo_enroll_unique.lua" --scenarios "$dir"
  throughput_case "sandbox-cartevo-enroll-$SCENARIO_RULES-rules-active" sandbox \
    "$LUA/cartevo_enroll_unique.lua" --scenarios "$dir" "${active[@]}"
  dir="$OUT/scenarios-$SCENARIO_RULES-body"
  names=$("$HERE/make-scenarios" "$SCENARIO_RULES" "$dir" body)
  active=()
  for name in ${names//,/ }; do active+=(--scenario "$name"); done
  throughput_case "sandbox-cartevo-enroll-$SCENARIO_RULES-rules-active-body" sandbox \
    "$LUA/cartevo_enroll_unique.lua" --scenarios "$dir" "${active[@]}"
}

machine_facts() {
  {
    echo "date: $(date -u +%FT%TZ)"
    echo "nproc: $(nproc)"
    grep -m1 'model name' /proc/cpuinfo || true
    grep -m1 'MemTotal' /proc/meminfo || true
    echo "kernel: $(uname -srm)"
    grep -m1 PRETTY_NAME /etc/os-release || true
    echo "wrk: $(wrk -v 2>&1 | head -1)"
    echo "rustc: $(rustc --version)"
    echo "sandbox: $(git -C "$ROOT" rev-parse --short HEAD) $(git -C "$ROOT" diff --quiet || echo '(with uncommitted changes)')"
    echo "load before: $(cat /proc/loadavg)"
    [ "$PEERS" = 1 ] && { java -version 2>&1 | head -1; echo "node $(node --version)"; } || true
  } >"$OUT/machine.txt"
}

run() {
  [ -x "$CEILING" ] && [ -x "$SANDBOX" ] || { echo "run 'bench/run.sh setup' first" >&2; exit 1; }
  command -v wrk >/dev/null || { echo "wrk is missing: bench/run.sh setup" >&2; exit 1; }
  if [ -n "$(listener_pid)" ]; then echo "port $PORT is busy" >&2; exit 1; fi
  if [ "$QUICK" = 1 ]; then
    WARM=1s DUR=2s STARTS=2
    [ "$MILLION" -gt 0 ] && MILLION=200000
  fi
  OUT="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$OUT"
  RUN_TAG="r$(date +%s)"
  machine_facts
  cat "$OUT/machine.txt"

  # A token first (valid one hour; the signing key is fixed, so restarts keep it valid).
  launch sandbox "$OUT/token.log"
  wait_until 90 sandbox_healthy "$PORT" || { echo "sandbox did not start" >&2; exit 1; }
  TOKEN=$(cartevo_token "$PORT")
  export TOKEN
  stop_launched

  throughput_case ceiling-static ceiling "$LUA/enroll_static.lua"
  throughput_case ceiling-unique ceiling "$LUA/cartevo_enroll_unique.lua"
  throughput_case sandbox-cartevo-enroll sandbox "$LUA/cartevo_enroll_unique.lua"
  throughput_case sandbox-carbon-enroll-repeat sandbox "$LUA/carbon_enroll_repeat.lua"
  throughput_case sandbox-carbon-get sandbox "$LUA/carbon_get_customer.lua"
  [ "$SCENARIO_RULES" -gt 0 ] && scenarios_case
  startup_case ceiling
  startup_case sandbox
  [ "$MILLION" -gt 0 ] && million_case
  if [ "$PEERS" = 1 ]; then
    local peer
    for peer in wiremock prism mockoon httpmock; do
      if [ "$peer" = httpmock ] && [ ! -x "$PEERS_DIR/httpmock/bin/httpmock" ]; then continue; fi
      throughput_case "peer-$peer" "$peer" "$LUA/enroll_static.lua"
      startup_case "$peer"
    done
  fi
  python3 "$HERE/report.py" "$OUT" "$ROOT/docs/performance.md"
  echo "wrote $ROOT/docs/performance.md from $OUT"
}

QUICK=0
COMMAND=run
ARGS=()
while [ $# -gt 0 ]; do
  case $1 in
    setup | run | report) COMMAND=$1 ;;
    --peers) PEERS=1 ;;
    --no-million) MILLION=0 ;;
    --quick) QUICK=1 ;;
    -h | --help) usage; exit 0 ;;
    *) ARGS+=("$1") ;;
  esac
  shift
done

case $COMMAND in
  setup) setup ;;
  run) run ;;
  report) python3 "$HERE/report.py" "${ARGS[0]:?results directory}" "$ROOT/docs/performance.md" ;;
esac
