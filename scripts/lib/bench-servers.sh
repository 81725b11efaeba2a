# Shared by scripts/bench.sh, bench-fanout.sh, bench-storms.sh and bench-breakouts.sh (sourced, not run):
# preparing a run (bench_prepare) and starting and stopping the servers under test, each pinned to core
# $server_core, with huddle-load pinned to core $load_core. Expects $here (the repository). Huddle reads its
# scenarios from $scenarios_dir (default: the repository's scenarios/).
server_core=${server_core:-0}
load_core=${load_core:-1}
server_pid=""

# bench_prepare NAME TARGET...: installs what the bench needs, builds TARGETs (Release; -Werror under CI), and
# sets $bin and $work (a scratch folder /tmp/NAME.XXXXXX, removed at exit with any server still running).
# HUDDLE_BENCH_PREBUILT=1 runs build/bin as it is: no setup, no configure, no build (say, while another build
# of the same tree is going on).
bench_prepare() {
  local name=$1
  shift
  if [ -z "${HUDDLE_BENCH_PREBUILT:-}" ]; then
    "$here/scripts/setup.sh" bench
    local werror=OFF
    [ -n "${CI:-}" ] && werror=ON
    cmake -S "$here" -B "$here/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHUDDLE_WERROR=$werror >/dev/null
    # Only what the benchmark runs: two cores, and the test suites are not needed here.
    cmake --build "$here/build" -j "${HUDDLE_JOBS:-2}" --target "$@"
  fi
  bin=$here/build/bin
  # Every client is a socket in one process: the open-file limit goes to its hard limit (servers inherit it).
  ulimit -n "$(ulimit -Hn)"
  work=$(mktemp -d "/tmp/$name.XXXXXX")
  trap 'stop_server; rm -rf "$work"' EXIT
}

# results_path [SUFFIX]: sets $commit (the short commit, "-dirty" with uncommitted changes) and $out, the
# results file's path without extension: tests/load/results/<UTC date-time>-<commit>[-SUFFIX].
results_path() {
  mkdir -p "$here/tests/load/results"
  commit=$(git -C "$here" rev-parse --short HEAD)
  [ -z "$(git -C "$here" status --porcelain 2>/dev/null)" ] || commit="$commit-dirty"
  out="$here/tests/load/results/$(date -u +%Y%m%d-%H%M%S)-$commit${1:+-$1}"
}

stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}

# start_server LOG COMMAND...: starts a server on core $server_core and waits for its "listening on
# http://ADDR:PORT"; sets $port and $server_pid.
start_server() {
  local log=$1
  shift
  taskset -c "$server_core" "$@" >"$log" 2>"$log.err" &
  server_pid=$!
  for _ in $(seq 600); do
    if grep -q "listening on" "$log"; then
      port=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$log")
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: $* did not start:" >&2
  cat "$log.err" >&2
  exit 1
}

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

load() { taskset -c "$load_core" "$bin/huddle-load" "$@"; }

# huddle_server N LOG [BINARY]: Huddle with its caps raised for N participants and a fresh data folder.
huddle_server() {
  local n=$1 log=$2 binary=${3:-$bin/huddle}
  rm -rf "$work/data"
  start_server "$log" "$binary" --port 0 --data "$work/data" --scenarios "${scenarios_dir:-$here/scenarios}" --web "$here/client-web" \
    --rate-limit 0 --joins-per-minute 0 --durability "${durability:-full}" --log-level warn --max-participants $((n + 10)) \
    --max-connections $((n + 100)) --max-connections-per-address $((n + 100)) --max-connections-per-network $((n + 100))
}

# chat_multi_server LOG: Beast's example prints nothing when it is ready: it is ready once its port answers.
chat_multi_server() {
  local log=$1
  mkdir -p "$work/docroot"
  port=$(free_port)
  taskset -c "$server_core" "$bin/beast-chat-multi" 127.0.0.1 "$port" "$work/docroot" 1 >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
}
