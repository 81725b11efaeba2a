#!/usr/bin/env bash
# The storms of issue 19, one command: a vote storm and a card storm in one session of N participants, run
# against this build and (HUDDLE_BENCH_BASELINE) another Huddle binary, alternating, R times each:
#   vote    every participant votes once within HUDDLE_BENCH_SPREAD seconds (default 2): when every client
#           has the final tally, after the last vote sent; the server's CPU share over the window; replies
#   cards   10% of the participants read through a 4 KiB window (a phone on a poor network); cards, then
#           "me too"s spread over 3 s: the me-too replies' p99 (the slow tenth included), the final board
# Servers on core 0, huddle-load on core 1. Writes tests/load/results/<date>-<commit>[-dirty]-storms.{json,md}.
#   HUDDLE_BENCH_N=10000  HUDDLE_BENCH_REPEAT=2  HUDDLE_BENCH_SPREAD=2  HUDDLE_BENCH_BASELINE=PATH
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
n=${HUDDLE_BENCH_N:-10000}
repeat=${HUDDLE_BENCH_REPEAT:-2}
spread=${HUDDLE_BENCH_SPREAD:-2}
baseline=${HUDDLE_BENCH_BASELINE:-}
durability=full

# shellcheck source=lib/bench-servers.sh
. "$here/scripts/lib/bench-servers.sh"
bench_prepare huddle-storms huddle huddle_load

builds=(huddle)
[ -n "$baseline" ] && builds+=(huddle-baseline)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq "$repeat"); do
  for build in "${builds[@]}"; do
    binary=$bin/huddle
    [ "$build" = huddle-baseline ] && binary=$baseline
    echo "== repetition $r: $build, vote storm"
    huddle_server "$n" "$work/$build-vote-r$r.log" "$binary"
    load huddle --url "ws://127.0.0.1:$port/ws" --clients "$n" --concurrency "$n" --workloads vote --spread "$spread" \
      --step-timeout 900 --server-pid "$server_pid" --json "$work/$build-vote-r$r.json" || echo "bench: $build vote did not pass"
    stop_server
    echo "== repetition $r: $build, card storm with 10% slow readers"
    huddle_server "$n" "$work/$build-cards-r$r.log" "$binary"
    load huddle --url "ws://127.0.0.1:$port/ws" --clients "$n" --concurrency "$n" --workloads cards --slow-share 0.1 \
      --step-timeout 900 --server-pid "$server_pid" --json "$work/$build-cards-r$r.json" || echo "bench: $build cards did not pass"
    stop_server
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

results_path storms
node "$here/tests/load/storms_report.mjs" --dir "$work" --out "$out" --repeat "$repeat" --builds "${builds[*]}" \
  --n "$n" --commit "$commit" --baseline "$baseline" --load-before "$load_before" --load-after "$load_after" \
  --command "scripts/bench-storms.sh (HUDDLE_BENCH_N=$n HUDDLE_BENCH_REPEAT=$repeat HUDDLE_BENCH_SPREAD=$spread${baseline:+ HUDDLE_BENCH_BASELINE=$baseline})"
echo "bench-storms: wrote $out.json and $out.md"
cat "$out.md"
