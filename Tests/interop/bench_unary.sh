#!/usr/bin/env bash
# Unary EmptyCall throughput and latency, 8 connections x 16 streams, with h2load (Debian's
# nghttp2-client), against baton-interop-server and a Python grpcio server in the same run;
# plus the Swift server's RSS idle and right after the load. A measurement, not a test.
#
#   Tests/interop/bench_unary.sh [REQUESTS]     (BATON_INTEROP_SERVER=path/to/release/binary)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
requests="${1:-100000}"
server_bin="${BATON_INTEROP_SERVER:-$repo/.build/release/baton-interop-server}"
python="${PYTHON:-$repo/.venv/bin/python}"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# An empty message: flag 0, length 0.
printf '\x00\x00\x00\x00\x00' > "$work/empty.bin"

wait_port() {  # file -> port
  for _ in $(seq 1 300); do
    if grep -qo 'listening on 127.0.0.1:[0-9]*' "$1" 2>/dev/null; then
      grep -o 'listening on 127.0.0.1:[0-9]*' "$1" | head -1 | sed 's/.*://'; return 0
    fi
    sleep 0.1
  done
  echo "server did not start: $(cat "$1")" >&2; return 1
}

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# User + system CPU time of a process, in clock ticks (fields utime and stime of /proc/PID/stat).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

load() {  # name port
  echo "== $1"
  timeout 300 h2load -n "$requests" -c 8 -m 16 -d "$work/empty.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' --log-file "$work/$1.log" \
    "http://127.0.0.1:$2/grpc.testing.TestService/EmptyCall" > "$work/$1.txt"
  grep -E '^finished in|^requests:|^status codes:' "$work/$1.txt"
  # The log has one line per request: start time, HTTP status, elapsed microseconds.
  sort -n -k3 "$work/$1.log" | awk '{ t[NR] = $3 } END {
    printf "latency p50 %.2f ms, p99 %.2f ms (%d requests)\n", t[int(NR * 0.50)] / 1000, t[int(NR * 0.99)] / 1000, NR }'
}

"$server_bin" --port 0 --idle-timeout 120 > "$work/swift.log" 2>&1 &
pids+=($!); swift_pid=$!
swift_port="$(wait_port "$work/swift.log")"
sleep 1
echo "swift server idle RSS: $(rss_kb "$swift_pid") kB"
load warmup-swift "$swift_port" > /dev/null
before="$(cpu_ticks "$swift_pid")"
load swift "$swift_port"
after="$(cpu_ticks "$swift_pid")"
echo "swift server RSS after load: $(rss_kb "$swift_pid") kB"
echo "swift server CPU: $(( (after - before) * 1000000 / $(getconf CLK_TCK) / requests )) us per call"

(cd "$here" && "$python" python_test_server.py --lifetime 120 > "$work/python.log" 2>&1) &
pids+=($!)
python_port="$(wait_port "$work/python.log")"
load warmup-python "$python_port" > /dev/null
load python-grpcio "$python_port"
