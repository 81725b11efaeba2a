# Shared by scripts/bench.sh and scripts/bench-fanout.sh (sourced, not run): starting and stopping the servers
# under test, each pinned to core $server_core, and huddle-load pinned to core $load_core.
# Expects: $bin (the build's bin folder), $work (a scratch folder), $here (the repository).
server_core=${server_core:-0}
load_core=${load_core:-1}
server_pid=""

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
  start_server "$log" "$binary" --port 0 --data "$work/data" --scenarios "$here/scenarios" --web "$here/client-web" \
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
