#!/usr/bin/env bash
# The fan-out comparison of issue 19, one command: one update to every client, Huddle against the peers,
# repeated with the servers' order rotated, CPU split into user space and kernel.
#   scripts/bench-fanout.sh
# For each repetition r = 1..R and each N, runs the servers in a rotated order (repetition 2 starts with the
# second, ...), each pinned to core 0 with huddle-load on core 1:
#   huddle            huddle-load huddle --workloads broadcast: the facilitator's phase.extend, 2 a second
#   huddle-baseline   the same against another Huddle binary (HUDDLE_BENCH_BASELINE), to compare builds in one run
#   raw-floor, beast-chat-multi, node-ws   huddle-load broadcast with frames the size of Huddle's push
# and writes tests/load/results/<UTC date-time>-<commit>[-dirty]-fanout.{json,md}: every run, and per server
# the median and range of µs per delivered message (total, user, kernel) and of Huddle's ratios to each
# peer, each ratio taken within one repetition (servers of one repetition run back to back).
#   HUDDLE_BENCH_N="10000"          participants (receivers)
#   HUDDLE_BENCH_REPEAT=3           repetitions
#   HUDDLE_BENCH_DURATION=15        seconds of updates per run
#   HUDDLE_BENCH_BASELINE=PATH      a second huddle binary (say, main's build) to run beside this one
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
ns=${HUDDLE_BENCH_N:-10000}
repeat=${HUDDLE_BENCH_REPEAT:-3}
duration=${HUDDLE_BENCH_DURATION:-15}
baseline=${HUDDLE_BENCH_BASELINE:-}
durability=full

# shellcheck source=lib/bench-servers.sh
. "$here/scripts/lib/bench-servers.sh"
bench_prepare huddle-fanout huddle huddle_load raw_floor beast_chat_multi

servers=(huddle)
[ -n "$baseline" ] && servers+=(huddle-baseline)
servers+=(raw-floor beast-chat-multi node-ws)
bytes=1417  # until Huddle's first run says how big its push is

run_one() {  # run_one SERVER N R
  local name=$1 n=$2 r=$3 out="$work/$1-$2-r$3.json"
  echo "== repetition $r, N=$n: $name"
  case "$name" in
    huddle|huddle-baseline)
      local binary=$bin/huddle
      [ "$name" = huddle-baseline ] && binary=$baseline
      huddle_server "$n" "$work/$name-$n-r$r.log" "$binary"
      load huddle --url "ws://127.0.0.1:$port/ws" --clients "$n" --concurrency "$n" --workloads broadcast \
        --duration "$duration" --step-timeout 900 --server-pid "$server_pid" --json "$out" || echo "bench: $name did not pass"
      if [ "$name" = huddle ]; then
        bytes=$(node -e "try { console.log(require('$out').broadcast.push_bytes || $bytes) } catch { console.log($bytes) }")
      fi
      ;;
    raw-floor) start_server "$work/raw-$n-r$r.log" "$bin/raw-floor" --port 0 ;;
    beast-chat-multi) chat_multi_server "$work/chat-$n-r$r.log" ;;
    node-ws) start_server "$work/node-$n-r$r.log" node "$here/tests/load/peers/node-ws/server.mjs" --port 0 ;;
  esac
  case "$name" in
    raw-floor|beast-chat-multi|node-ws)
      load broadcast --url "ws://127.0.0.1:$port/" --clients "$n" --bytes "$bytes" --duration "$duration" \
        --server-pid "$server_pid" --json "$out" || true
      ;;
  esac
  stop_server
}

echo "bench-fanout: N = $ns; $repeat repetitions; ${servers[*]}; results in $work until the end"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq "$repeat"); do
  for n in $ns; do
    # Huddle runs first in the first repetition: the peers' frame size comes from its push.
    count=${#servers[@]}
    for i in $(seq 0 $((count - 1))); do run_one "${servers[$(((i + r - 1) % count))]}" "$n" "$r"; done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

results_path fanout
node "$here/tests/load/fanout_report.mjs" --dir "$work" --out "$out" --ns "$ns" --repeat "$repeat" --servers "${servers[*]}" \
  --commit "$commit" --baseline "$baseline" --load-before "$load_before" --load-after "$load_after" \
  --command "scripts/bench-fanout.sh (HUDDLE_BENCH_N=\"$ns\" HUDDLE_BENCH_REPEAT=$repeat HUDDLE_BENCH_DURATION=$duration${baseline:+ HUDDLE_BENCH_BASELINE=$baseline})"
echo "bench-fanout: wrote $out.json and $out.md"
cat "$out.md"
