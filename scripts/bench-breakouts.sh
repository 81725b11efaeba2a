#!/usr/bin/env bash
# Breakouts at scale, issue 19 item 3, one command: N participants in breakout rooms of four with room timers,
# observers' checklists and help requests (huddle-load's breakouts workload on tests/load/scenarios/
# load-roleplay.json: play 20 s, feedback 10 s, 2 rounds), for each N of HUDDLE_BENCH_SIZES, against this build
# and (HUDDLE_BENCH_BASELINE) another Huddle binary, alternating, R times each. Measured per run: the
# participants' and the facilitator's replies, the time from each room timer's deadline until every
# participant has the next step (the end of play, and the end of feedback into round 2), and the server's CPU:
# its share of a core over the workload and over its busiest 500 ms and 100 ms.
# Servers on core 0, huddle-load on core 1. Writes tests/load/results/<date>-<commit>[-dirty]-breakouts.{json,md}
# and judges issue 19's targets at 2,000 on this build's runs.
#   HUDDLE_BENCH_SIZES="2000 10000"  HUDDLE_BENCH_REPEAT=1  HUDDLE_BENCH_SPREAD=3  HUDDLE_BENCH_BASELINE=PATH
#   HUDDLE_BENCH_PREBUILT=1 (use build/bin as it is, see lib/bench-servers.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
sizes=${HUDDLE_BENCH_SIZES:-2000 10000}
repeat=${HUDDLE_BENCH_REPEAT:-1}
spread=${HUDDLE_BENCH_SPREAD:-3}
baseline=${HUDDLE_BENCH_BASELINE:-}
durability=full

# shellcheck source=lib/bench-servers.sh
. "$here/scripts/lib/bench-servers.sh"
bench_prepare huddle-breakouts huddle huddle_load

# The server reads one folder of scenarios: the bundled ones and the load tool's role-play, side by side.
scenarios_dir=$work/scenarios
mkdir -p "$scenarios_dir"
cp "$here"/scenarios/*.json "$here"/tests/load/scenarios/*.json "$scenarios_dir/"
"$bin/huddle" check-scenarios "$scenarios_dir" >/dev/null

builds=(huddle)
[ -n "$baseline" ] && builds+=(huddle-baseline)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for n in $sizes; do
  for r in $(seq "$repeat"); do
    for build in "${builds[@]}"; do
      binary=$bin/huddle
      [ "$build" = huddle-baseline ] && binary=$baseline
      echo "== N=$n, repetition $r: $build"
      huddle_server "$n" "$work/$build-n$n-r$r.log" "$binary"
      load huddle --url "ws://127.0.0.1:$port/ws" --clients "$n" --concurrency "$n" --scenario load-roleplay \
        --workloads breakouts --spread "$spread" --step-timeout 900 --server-pid "$server_pid" \
        --json "$work/$build-n$n-r$r.json" || echo "bench: $build at N=$n did not pass"
      stop_server
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

results_path breakouts
node "$here/tests/load/breakouts_report.mjs" --dir "$work" --out "$out" --repeat "$repeat" --builds "${builds[*]}" \
  --sizes "$sizes" --commit "$commit" --baseline "$baseline" --load-before "$load_before" --load-after "$load_after" \
  --command "scripts/bench-breakouts.sh (HUDDLE_BENCH_SIZES=\"$sizes\" HUDDLE_BENCH_REPEAT=$repeat HUDDLE_BENCH_SPREAD=$spread${baseline:+ HUDDLE_BENCH_BASELINE=$baseline})"
echo "bench-breakouts: wrote $out.json and $out.md"
cat "$out.md"
