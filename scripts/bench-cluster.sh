#!/usr/bin/env bash
# The cluster bench of issue 17 (item 6), one command: one session of N participants spread over three Huddle
# nodes (cluster mode: PostgreSQL journal, Redis) through three HAProxys, then the same clients against ONE node
# (its SQLite journal, and again with the PostgreSQL journal) behind the same HAProxys, each configuration
# started fresh and stopped by tests/load/cluster_bench.mjs. Workloads in each: join (everyone at once),
# broadcast (30 updates at 2 a second: p99 of one update to all), vote storm (everyone votes within
# HUDDLE_BENCH_SPREAD seconds: the final tally at every client). CPU per delivered message per node, Redis,
# HAProxy and PostgreSQL. Writes tests/load/results/<date>-<commit>[-dirty]-cluster.{json,md}.
#   HUDDLE_BENCH_N=20000          participants in the cluster
#   HUDDLE_BENCH_SINGLE_N=19900   participants on one node (default: N, at most 19,900: one process holds at most
#                                 20,000 descriptors here, and the node needs a few of its own; the cluster is
#                                 also run at this N when it differs, for the comparison)
#   HUDDLE_BENCH_SINGLE="sqlite postgres"   the single-node journals to run ("" for none)
#   HUDDLE_BENCH_REPEAT=1  HUDDLE_BENCH_RATE=2  HUDDLE_BENCH_DURATION=15  HUDDLE_BENCH_SPREAD=2
#   HUDDLE_BENCH_CONCURRENCY=4000 joins in flight (below a node's listen backlog, somaxconn 4,096: through HAProxy
#                                 a dropped SYN costs its 1 s connect timeout, and after 3 retries the client a 503;
#                                 tests/load/README.md, "Cluster")
#   HUDDLE_BENCH_NODES=3  HUDDLE_BENCH_BALANCERS=3
#   HUDDLE_BENCH_DIRECT=1         also run the cluster and one node (SQLite) at HUDDLE_BENCH_SINGLE_N with the
#                                 participants connected straight to the nodes (a third each, no balancer): the
#                                 session's node against its edges, and the Redis hop without HAProxy's cost
#   HUDDLE_BENCH_HEALTH_CHECKS=paused|on   HAProxy's /healthz checks during the runs (default paused: see
#                                 tests/load/README.md, "Cluster", for what a busy node's 1 s check does)
#   HUDDLE_BENCH_NODE_CORE=0  HUDDLE_BENCH_SERVICE_CORE=1  HUDDLE_BENCH_LOAD_CORE=1   (HAProxy, Redis, PostgreSQL
#                                 share a core with huddle-load; the Huddle nodes have the other, as the other
#                                 benches give the server core 0)
#   HUDDLE_BENCH_PREBUILT=1       run build/bin as it is (no setup, configure or build)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
n=${HUDDLE_BENCH_N:-20000}
single_n=${HUDDLE_BENCH_SINGLE_N:-$((n < 19900 ? n : 19900))}
singles=${HUDDLE_BENCH_SINGLE-sqlite postgres}
repeat=${HUDDLE_BENCH_REPEAT:-1}
rate=${HUDDLE_BENCH_RATE:-2}
duration=${HUDDLE_BENCH_DURATION:-15}
spread=${HUDDLE_BENCH_SPREAD:-2}
concurrency=${HUDDLE_BENCH_CONCURRENCY:-4000}
nodes=${HUDDLE_BENCH_NODES:-3}
balancers=${HUDDLE_BENCH_BALANCERS:-3}
health_checks=${HUDDLE_BENCH_HEALTH_CHECKS:-paused}
direct=${HUDDLE_BENCH_DIRECT:-1}
node_core=${HUDDLE_BENCH_NODE_CORE:-0}
service_core=${HUDDLE_BENCH_SERVICE_CORE:-1}
load_core=${HUDDLE_BENCH_LOAD_CORE:-1}

# PostgreSQL, Redis and HAProxy come with the test setup (the cluster tests start them the same way).
[ -n "${HUDDLE_BENCH_PREBUILT:-}" ] || "$here/scripts/setup.sh" test
# shellcheck source=lib/bench-servers.sh
. "$here/scripts/lib/bench-servers.sh"
bench_prepare huddle-cluster huddle huddle_load

# The driver of a configuration is a child of this shell: stopping the bench stops it, and it stops everything
# it started (its children die with it).
driver_pid=""
stop_driver() {
  if [ -n "$driver_pid" ]; then
    kill "$driver_pid" 2>/dev/null || true
    wait "$driver_pid" 2>/dev/null || true
    driver_pid=""
  fi
}
trap 'stop_driver; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

runs=()
# run_config LABEL MODE JOURNAL N [VIA]
run_config() {
  local label=$1 mode=$2 journal=$3 clients=$4 via=${5:-balancers}
  echo "== $label: $mode, $journal journal, N=$clients"
  local load_args=(--workloads broadcast,vote --rate "$rate" --duration "$duration" --spread "$spread" --step-timeout 600
                   --concurrency "$concurrency")
  taskset -c "$service_core" node "$here/tests/load/cluster_bench.mjs" --mode "$mode" --journal "$journal" --n "$clients" \
    --nodes "$nodes" --balancers "$balancers" --via "$via" --health-checks "$health_checks" --node-core "$node_core" --load-core "$load_core" \
    --huddle-load "$bin/huddle-load" --dir "$work" --label "$label" -- "${load_args[@]}" &
  driver_pid=$!
  wait "$driver_pid" || echo "bench-cluster: $label did not pass"
  driver_pid=""
  runs+=("$label")
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq "$repeat"); do
  run_config "cluster-$n-r$r" cluster postgres "$n"
  [ "$single_n" = "$n" ] || run_config "cluster-$single_n-r$r" cluster postgres "$single_n"
  [ "$direct" != 1 ] || run_config "cluster-direct-$single_n-r$r" cluster postgres "$single_n" nodes
  for journal in $singles; do
    run_config "single-$journal-$single_n-r$r" single "$journal" "$single_n"
  done
  [ "$direct" != 1 ] || run_config "single-sqlite-direct-$single_n-r$r" single sqlite "$single_n" nodes
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

results_path cluster
knobs="HUDDLE_BENCH_N=$n HUDDLE_BENCH_SINGLE_N=$single_n HUDDLE_BENCH_SINGLE=\"$singles\" HUDDLE_BENCH_REPEAT=$repeat"
knobs+=" HUDDLE_BENCH_RATE=$rate HUDDLE_BENCH_DURATION=$duration HUDDLE_BENCH_SPREAD=$spread"
knobs+=" HUDDLE_BENCH_CONCURRENCY=$concurrency"
knobs+=" HUDDLE_BENCH_HEALTH_CHECKS=$health_checks HUDDLE_BENCH_DIRECT=$direct"
node "$here/tests/load/cluster_report.mjs" --dir "$work" --out "$out" --runs "${runs[*]}" --commit "$commit" \
  --load-before "$load_before" --load-after "$load_after" --command "scripts/bench-cluster.sh ($knobs)"
echo "bench-cluster: wrote $out.json and $out.md"
cat "$out.md"
