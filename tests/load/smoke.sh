#!/usr/bin/env bash
# CTest smoke run of huddle-load (see CMakeLists.txt): starts the real server on a free port with a fresh data
# folder, waits for its "listening on" line, runs 50 participants through broadcast and vote, and passes on
# huddle-load's exit status (0: no errors, every update seen by everyone, final tally = participants).
#   smoke.sh HUDDLE_BINARY HUDDLE_LOAD_BINARY SOURCE_DIR
set -euo pipefail
huddle=$1 load=$2 src=$3
tmp=$(mktemp -d)
cleanup() {
  if [ -n "${SERVER_PID:-}" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
coproc SERVER { exec "$huddle" --port 0 --data "$tmp/data" --scenarios "$src/scenarios" --web "$src/client-web" \
                     --rate-limit 0 --log-level warn 2>"$tmp/server.log"; }
if ! read -r -t 60 line <&"${SERVER[0]}"; then
  echo "smoke: the server did not start"; cat "$tmp/server.log"; exit 1
fi
port=${line##*:}
echo "smoke: $line (pid $SERVER_PID)"
status=0
"$load" huddle --url "ws://127.0.0.1:$port/ws" --clients 50 --workloads broadcast,vote --rate 10 --duration 2 \
  --spread 1 --step-timeout 60 --server-pid "$SERVER_PID" --json "$tmp/report.json" || status=$?
if [ "$status" -ne 0 ]; then echo "smoke: huddle-load failed ($status); server log:"; tail -n 50 "$tmp/server.log"; fi
exit "$status"
