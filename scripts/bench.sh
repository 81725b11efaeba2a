#!/usr/bin/env bash
# The fan-out benchmark of issue 7, one command: installs what is missing (scripts/setup.sh bench), builds
# Huddle, huddle-load and the peers (Release), then for each N runs
#   Huddle         huddle-load huddle: join (all at once), broadcast, vote, cards, slow readers (10%)
#   Huddle trickle the join alone with 200 clients in progress at a time, for N in HUDDLE_BENCH_TRICKLE_N
#   raw-floor      the physical floor            } huddle-load broadcast, frames the size of
#   beast-chat-multi  Boost's Beast example     } Huddle's session push at that N, same rate
#   node-ws        a naive Node ws server        } and duration as Huddle's broadcast
# with every server pinned to core 0 and huddle-load to core 1 (Huddle keeps its default I/O threads, one per
# core it may run on: one here; see tests/load/README.md), and writes
# tests/load/results/<UTC date-time>-<commit>[-dirty].json (every number, the machine, the commit, the
# command) and .md (the tables and the targets of issue 7).
#   HUDDLE_BENCH_N="1000 5000 10000"   participants per run (default)
#   HUDDLE_BENCH_TRICKLE_N="1000 2000" trickle-join sizes ("" to skip)
#   HUDDLE_BENCH_DURATION=15           seconds of broadcast updates (2 a second)
#   HUDDLE_BENCH_DURABILITY=full       Huddle's --durability
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
command_line="scripts/bench.sh${*:+ $*}"
ns=${HUDDLE_BENCH_N:-"1000 5000 10000"}
trickle_ns=${HUDDLE_BENCH_TRICKLE_N-"1000 2000"}
duration=${HUDDLE_BENCH_DURATION:-15}
durability=${HUDDLE_BENCH_DURABILITY:-full}

# shellcheck source=lib/bench-servers.sh
. "$here/scripts/lib/bench-servers.sh"
bench_prepare huddle-bench huddle huddle_load raw_floor beast_chat_multi

echo "bench: N = $ns; trickle joins: ${trickle_ns:-none}; broadcast $duration s at 2/s; results in $work until the end"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for n in $ns; do
  echo "== N=$n: Huddle"
  huddle_server "$n" "$work/huddle-$n.log"
  load huddle --url "ws://127.0.0.1:$port/ws" --clients "$n" --concurrency "$n" --slow-share 0.1 --duration "$duration" \
    --step-timeout 900 --server-pid "$server_pid" --json "$work/huddle-$n.json" || echo "bench: Huddle at N=$n did not pass (see the report)"
  stop_server
  # The peers' frames are the size of Huddle's session push at this N (1,400 bytes if Huddle's run has none).
  bytes=$(node -e "try { console.log(require('$work/huddle-$n.json').broadcast.push_bytes || 1400) } catch { console.log(1400) }")

  echo "== N=$n: raw-floor"
  start_server "$work/raw-$n.log" "$bin/raw-floor" --port 0
  load broadcast --url "ws://127.0.0.1:$port/" --clients "$n" --bytes "$bytes" --duration "$duration" \
    --server-pid "$server_pid" --json "$work/raw-floor-$n.json" || true
  stop_server

  echo "== N=$n: beast-chat-multi"
  chat_multi_server "$work/chat-$n.log"
  load broadcast --url "ws://127.0.0.1:$port/" --clients "$n" --bytes "$bytes" --duration "$duration" \
    --server-pid "$server_pid" --json "$work/beast-chat-multi-$n.json" || true
  stop_server

  echo "== N=$n: node-ws"
  start_server "$work/node-$n.log" node "$here/tests/load/peers/node-ws/server.mjs" --port 0
  load broadcast --url "ws://127.0.0.1:$port/" --clients "$n" --bytes "$bytes" --duration "$duration" \
    --server-pid "$server_pid" --json "$work/node-ws-$n.json" || true
  stop_server
done
for n in $trickle_ns; do
  echo "== N=$n: Huddle, trickle join (200 in progress at a time)"
  huddle_server "$n" "$work/trickle-$n.log"
  load huddle --url "ws://127.0.0.1:$port/ws" --clients "$n" --concurrency 200 --workloads none --step-timeout 900 \
    --server-pid "$server_pid" --json "$work/trickle-$n.json" || true
  stop_server
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

results_path
node "$here/tests/load/bench_report.mjs" --dir "$work" --out "$out" --ns "$ns" --trickle "$trickle_ns" \
  --commit "$commit" --command "$command_line (HUDDLE_BENCH_N=\"$ns\" HUDDLE_BENCH_TRICKLE_N=\"$trickle_ns\" HUDDLE_BENCH_DURATION=$duration HUDDLE_BENCH_DURABILITY=$durability)" \
  --durability "$durability" --load-before "$load_before" --load-after "$load_after"
echo "bench: wrote $out.json and $out.md"
cat "$out.md"
