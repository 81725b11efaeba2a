#!/usr/bin/env bash
# CTest smoke run of huddle-load (see CMakeLists.txt): starts the real server on a free port with a fresh data
# folder, waits for its "listening on" line, runs 50 participants through broadcast and vote, and passes on
# huddle-load's exit status (0: no errors, every update seen by everyone, final tally = participants).
# With "attack" the server keeps its default limits and a small attack run goes against it (a few seconds):
# it passes when every honest request was served and each attack met the server's defence (silent
# connections closed, creations and storage spam refused with rate_limited); latency is not judged.
# With "relay" the fan-out run holds half of its participants in a relay process (--client-processes 2, as the
# cluster bench does above one process's open-file limit) and deals them over two --url: it must pass the same way.
#   smoke.sh HUDDLE_BINARY HUDDLE_LOAD_BINARY SOURCE_DIR [attack|relay]
set -euo pipefail
huddle=$1 load=$2 src=$3 mode=${4:-fanout}
limits=(--rate-limit 0)
[ "$mode" = attack ] && limits=()
tmp=$(mktemp -d)
cleanup() {
  if [ -n "${SERVER_PID:-}" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
coproc SERVER { exec "$huddle" --port 0 --data "$tmp/data" --scenarios "$src/scenarios" --web "$src/client-web" \
                     "${limits[@]}" --log-level warn 2>"$tmp/server.log"; }
if ! read -r -t 60 line <&"${SERVER[0]}"; then
  echo "smoke: the server did not start"; cat "$tmp/server.log"; exit 1
fi
port=${line##*:}
echo "smoke: $line (pid $SERVER_PID)"
status=0
if [ "$mode" = attack ]; then
  # 8 s of attack: the server closes silent connections after its 5 s hello timeout.
  "$load" attack --url "ws://127.0.0.1:$port/ws" --clients 10 --idle-seconds 2 --attack-seconds 8 --vote-interval 1 \
    --silent-sources 2 --silent-per-source 50 --silent-rate 200 --flood-clients 10 --create-rate 20 \
    --data-dir "$tmp/data" --step-timeout 60 --server-pid "$SERVER_PID" --json "$tmp/report.json" || status=$?
elif [ "$mode" = relay ]; then
  "$load" huddle --url "ws://127.0.0.1:$port/ws" --url "ws://127.0.0.1:$port/ws" --client-processes 2 --route-by-code \
    --create-on "ws://127.0.0.1:$port/ws" --clients 50 --workloads broadcast,vote --rate 10 --duration 2 \
    --spread 1 --step-timeout 60 --server-pid "main=$SERVER_PID" --other-pid "again=$SERVER_PID" --json "$tmp/report.json" || status=$?
else
  "$load" huddle --url "ws://127.0.0.1:$port/ws" --clients 50 --workloads broadcast,vote --rate 10 --duration 2 \
    --spread 1 --step-timeout 60 --server-pid "$SERVER_PID" --json "$tmp/report.json" || status=$?
fi
if [ "$status" -ne 0 ]; then echo "smoke: huddle-load failed ($status); server log:"; tail -n 50 "$tmp/server.log"; fi
exit "$status"
