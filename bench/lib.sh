# Helpers shared by bench/run.sh and bench/profile.sh (sourced, not run). Loopback only; every
# wait is bounded; processes are stopped by the PID they were started with.

# stop_pid PID: TERM, then KILL after 10 s; waits for it so nothing is left behind.
stop_pid() {
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

# wait_until SECONDS COMMAND...: runs COMMAND every 10 ms until it succeeds; 1 on time-out.
wait_until() {
  local limit_us=$(($1 * 1000000)) t0
  shift
  t0=$(now_us)
  until "$@"; do
    [ $(($(now_us) - t0)) -gt "$limit_us" ] && return 1
    sleep 0.01
  done
}

now_us() { echo "${EPOCHREALTIME/./}"; }

sandbox_healthy() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/__sandbox/health")" = 200 ]
}

# cartevo_token PORT: a bearer token of the default company (valid one hour; the signing key is
# fixed, so it also works against a restarted sandbox).
cartevo_token() {
  curl -s --max-time 5 -X POST "http://127.0.0.1:$1/api/v1/auth/token" \
    -H 'Content-Type: application/json' \
    -d '{"client_id":"client_sandbox","client_key":"sandbox_secret"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# journal_last_id PORT: id of the newest journal entry (0 when empty).
journal_last_id() {
  curl -s --max-time 30 "http://127.0.0.1:$1/__sandbox/requests?limit=1" |
    python3 -c 'import json,sys; r=json.load(sys.stdin)["requests"]; print(r[0]["id"] if r else 0)'
}

# cartevo_customer_count PORT TOKEN: how many customers the default company has.
cartevo_customer_count() {
  curl -s --max-time 30 "http://127.0.0.1:$1/api/v1/customers?limit=1" -H "Authorization: Bearer $2" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["meta"]["total"])'
}

rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM:/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# utime + stime of a process and all its threads, in clock ticks.
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

# cpu_snapshot FILE: utime + stime (clock ticks) of every process, one "pid ticks comm" line each.
cpu_snapshot() {
  python3 - "$1" <<'PY'
import glob, sys
with open(sys.argv[1], "w") as out:
    for path in glob.glob("/proc/[0-9]*/stat"):
        try:
            text = open(path).read()
        except OSError:
            continue
        pid, rest = text.split(" (", 1)
        comm, fields = rest.rsplit(") ", 1)
        fields = fields.split()
        out.write(f"{pid} {int(fields[11]) + int(fields[12])} {comm}\n")
PY
}

# cpu_others BEFORE AFTER PID...: CPU seconds that processes other than PID... and wrk used
# between two snapshots, and the busiest of them, as a JSON object: what disturbed a run.
cpu_others() {
  python3 - "$@" <<'PY'
import json, os, sys
before, after, *mine = sys.argv[1:]
def read(path):
    table = {}
    for line in open(path):
        pid, ticks, comm = line.split(" ", 2)
        table[pid] = (int(ticks), comm.strip())
    return table
a, b = read(before), read(after)
tck = os.sysconf("SC_CLK_TCK")
others = {}
for pid, (ticks, comm) in b.items():
    if pid in mine or comm == "wrk":
        continue
    used = ticks - a.get(pid, (0, comm))[0]
    if used > 0:
        others[f"{comm}[{pid}]"] = used / tck
top = sorted(others.items(), key=lambda kv: -kv[1])[:3]
print(json.dumps({"seconds": round(sum(others.values()), 2),
                  "top": [f"{name} {seconds:.2f}s" for name, seconds in top]}))
PY
}
