#!/usr/bin/env bash
# The attack workload of issue 15 ("Also"), one command: starts build/bin/huddle with its DEFAULT limits
# (nothing raised, nothing switched off: the point is that the defaults hold) on a fresh data folder and a
# free port, runs `huddle-load attack` against it (silent connections, a creation flood and a storage flood
# while honest clients on another network measure their vote round trip; see tests/load/README.md), and
# writes tests/load/results/<UTC date-time>-<commit>[-dirty]-attack.{json,md}. Builds nothing: it expects
# build/bin/huddle and build/bin/huddle-load (scripts/build.sh release, or
# cmake --build build --target huddle huddle_load). Extra arguments go to huddle-load.
#   HUDDLE_ATTACK_CLIENTS=50    honest participants
#   HUDDLE_ATTACK_IDLE=15       seconds of honest votes before the attack
#   HUDDLE_ATTACK_SECONDS=30    seconds of attack
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
command_line="scripts/attack.sh${*:+ $*}"
bin=$here/build/bin
for b in huddle huddle-load; do
  [ -x "$bin/$b" ] || { echo "attack: $bin/$b is missing (scripts/build.sh release)" >&2; exit 2; }
done
clients=${HUDDLE_ATTACK_CLIENTS:-50}
idle=${HUDDLE_ATTACK_IDLE:-15}
seconds=${HUDDLE_ATTACK_SECONDS:-30}

# 16,000 silent sockets and the rest in one tool process: the open-file limit goes to its hard limit
# (the server inherits it; its own --max-connections default, 15,000, stays what it is).
ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d /tmp/huddle-attack.XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

server_command=("$bin/huddle" --port 0 --data "$work/data" --scenarios "$here/scenarios" --web "$here/client-web" --log-level warn)
"${server_command[@]}" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
port=""
for _ in $(seq 600); do
  port=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$work/server.out")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { echo "attack: the server did not start:" >&2; cat "$work/server.err" >&2; exit 1; }
echo "attack: huddle (default limits) on port $port, pid $server_pid"

load_command=("$bin/huddle-load" attack --url "ws://127.0.0.1:$port/ws" --clients "$clients" --idle-seconds "$idle"
              --attack-seconds "$seconds" --data-dir "$work/data" --server-pid "$server_pid" --json "$work/report.json" "$@")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
status=0
"${load_command[@]}" | tee "$work/summary.txt" || status=$?
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
server_pid=""

commit=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- server tests/load scripts 2>/dev/null || commit="$commit-dirty"
stamp=$(date -u +%Y%m%d-%H%M%S)
out="$here/tests/load/results/$stamp-$commit-attack"
server_line="build/bin/huddle --port 0 --data TMP/data --scenarios scenarios --web client-web --log-level warn"
load_line="build/bin/huddle-load attack --url ws://127.0.0.1:PORT/ws --clients $clients --idle-seconds $idle --attack-seconds $seconds --data-dir TMP/data --server-pid PID --json FILE${*:+ $*}"
node - "$work/report.json" "$out" "$command_line" "$server_line" "$load_line" "$commit" "$load_before" "$load_after" "$status" <<'JS'
const fs = require('fs');
const [file, out, command, server, load, commit, loadBefore, loadAfter, status] = process.argv.slice(2);
const r = JSON.parse(fs.readFileSync(file, 'utf8'));
r.machine = { cores: require('os').cpus().length, cpu: require('os').cpus()[0].model, load_before: loadBefore, load_after: loadAfter };
r.commit = commit; r.command = command; r.server_command = server; r.load_command = load; r.exit_status = Number(status);
fs.writeFileSync(out + '.json', JSON.stringify(r, null, 2) + '\n');
const ms = (s) => s ? `${s.p50_ms} / ${s.p99_ms} / ${s.max_ms}` : '-';
const j = (v) => '`' + JSON.stringify(v) + '`';
const L = [];
L.push(`# Attack run ${commit}`, '', `Command: \`${command}\``, '', `Server: \`${server}\` (every limit at its default)`, '',
  `Load tool: \`${load}\``, '', `Machine: ${r.machine.cores} cores, ${r.machine.cpu}; load average ${loadBefore} before, ${loadAfter} after. ` +
  `Verdict: ${r.passed ? 'PASSED' : 'FAILED'} (defences held: ${r.defences_held}, honest clients served: ${r.honest_served}, errors: ${r.errors.total}).`, '');
L.push('## Honest clients (127.0.3.x, their own session)', '', '| window | votes acked / sent | refused | vote round trip ms p50 / p99 / max | /healthz | /healthz ms p50 / p99 / max |', '|---|---|---|---|---|---|');
for (const w of ['idle', 'attack']) if (r[w]) L.push(`| ${w} (${r[w].seconds.toFixed(1)} s) | ${r[w].votes_acked} / ${r[w].votes_sent} | ${r[w].votes_refused} | ${ms(r[w].vote_round_trip_ms)} | ${j(r[w].healthz_status)} | ${ms(r[w].healthz_ms)} |`);
L.push('', `p99 under attack / p99 idle: **x${r.honest.p99_attack_over_idle.toFixed(2)}** (issue 15 target: within 2x: ${r.honest.p99_within_2x ? 'met' : 'not met'}).`, '');
const n = r.newcomers || {};
if (n.honest_create) L.push(`Honest facilitator from ${n.honest_create.from}, halfway through the creation flood: ${n.honest_create.ok ? 'created' : 'refused ' + n.honest_create.code} in ${n.honest_create.ms} ms (the flood had had ${n.honest_create.flood_refused_rate_limited_before} rate_limited by then).`, '');
if (n.fresh_join) L.push(`Newcomer joining the honest session halfway through the attack: ${n.fresh_join.ok ? 'joined' : 'refused ' + n.fresh_join.code} in ${n.fresh_join.ms} ms (connect, upgrade, hello, join).`, '');
L.push('## Attacks', '');
if (r.silent) { const s = r.silent; L.push(`**Silent connections** (${s.sources} addresses from ${s.first_source}, ${s.slots} held at once, reopened when refused or closed, at most ${s.max_open_rate_per_second} opens/s): ${s.opens_started} opens, ${s.admitted} admitted, ${s.refused} refused ${j(s.refused_by_reason)}; closed by the server ${s.closed_by_server} ${j(s.closed_by_reason)} after ${ms(s.lifetime_until_closed_ms)} ms (p50 / p99 / max); at most ${s.peak_open_at_once} open at once; ${s.messages_received} messages received.`, ''); }
if (r.creation_flood) { const c = r.creation_flood; L.push(`**Creation flood** (${c.source}, ${c.slots} in flight, at most ${c.max_rate_per_second}/s): ${c.attempts} attempts (${c.attempts_per_second.toFixed(0)}/s), ${c.acked} sessions created (${c.acked_before_first_refusal} before the first refusal, ${c.seconds_until_first_refusal.toFixed(2)} s in), refused ${j(c.refused_by_code)}.`, ''); }
if (r.storage_flood) { const s = r.storage_flood, jr = s.journal; L.push(`**Storage flood** (${s.source}, ${s.joined} participants, ${s.votes_per_second_per_participant} open-text votes/s each, ${s.answer_bytes}-character answers): ${s.sent} sent, ${s.acked} stored (${s.acked_per_second.toFixed(0)}/s), refused ${j(s.refused_by_code)}; reply ms ${ms(s.reply_ms)}. Journal (\`huddle.db*\`): ${jr.bytes_before_idle} bytes before the idle window, ${jr.bytes_at_attack_start} at the attack's start, ${jr.bytes_after_attack} after it: +${jr.grew_during_attack_bytes} bytes (${Math.round(jr.grew_per_second)} B/s).`, ''); }
if (r.attack && r.attack.server_metrics) L.push('Server `/metrics` deltas over the attack: ' + j(Object.fromEntries(Object.entries(r.attack.server_metrics).filter(([, v]) => v !== 0))), '');
L.push(`Server peak RSS ${r.server_peak_rss_kib} KiB, CPU ${r.server_cpu_seconds_total} s in all. Errors: ${j(r.errors)}.`);
fs.writeFileSync(out + '.md', L.join('\n') + '\n');
JS
echo "attack: wrote ${out#$here/}.{json,md}"
exit "$status"
