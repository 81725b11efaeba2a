// Assembles scripts/bench.sh's per-run huddle-load reports into one results file (JSON with every number)
// and a short Markdown summary, with the machine, the commit and the command, and checks the targets of
// issue 7 against the numbers.
//   node bench_report.mjs --dir WORK --out PATH_WITHOUT_EXTENSION --ns "1000 5000" --trickle "1000" ...
import { writeFileSync } from 'node:fs';
import { arg, machine, readRun } from './report_args.mjs';

const dir = arg('dir');
const list = (s) => s.split(/\s+/).filter(Boolean).map(Number);
const read = (name) => readRun(dir, name);
const peers = ['raw-floor', 'beast-chat-multi', 'node-ws'];

const results = {
  date: new Date().toISOString(),
  commit: arg('commit'),
  command: arg('command'),
  machine: machine(),
  settings: {
    server_core: 0,
    load_tool_core: 1,
    huddle_flags: `--rate-limit 0 --joins-per-minute 0 --durability ${arg('durability')} (default --threads: one per core it may run on, so one when pinned)`,
    broadcast_rate_per_second: 2,
  },
  runs: {},
  trickle_join: {},
  targets: [],
};

const cpuPerMessage = (report) => report?.broadcast?.window?.server_cpu_us_per_message ?? null;
for (const n of list(arg('ns'))) {
  const run = { huddle: read(`huddle-${n}`) };
  for (const peer of peers) run[peer] = read(`${peer}-${n}`);
  run.huddle_cpu_per_message_ratio = {};
  const own = cpuPerMessage(run.huddle);
  for (const peer of peers) {
    const theirs = cpuPerMessage(run[peer]);
    run.huddle_cpu_per_message_ratio[peer] = own && theirs ? Math.round((own / theirs) * 100) / 100 : null;
  }
  results.runs[n] = run;
}
for (const n of list(arg('trickle'))) results.trickle_join[n] = read(`trickle-${n}`)?.join ?? null;

// ---- targets of issue 7, judged on the largest N that ran
const ns = Object.keys(results.runs).map(Number).sort((a, b) => a - b);
const largest = ns.at(-1);
const big = results.runs[largest];
const target = (what, value, met) => results.targets.push({ target: what, n: largest, value, met });
if (big) {
  for (const peer of ['node-ws', 'beast-chat-multi']) {
    const r = big.huddle_cpu_per_message_ratio[peer];
    target(`server CPU per delivered message at least 2x lower than ${peer} (Huddle/${peer} <= 0.5)`, r, r !== null && r <= 0.5);
  }
  const floor = big.huddle_cpu_per_message_ratio['raw-floor'];
  target('server CPU per delivered message within 3x of raw-floor (Huddle/raw-floor <= 3)', floor, floor !== null && floor <= 3);
  const allP99 = big.huddle?.broadcast?.delivery?.all_clients_ms?.p99_ms ?? null;
  target('one update reaches every participant: p99 of "until all have it" under 150 ms', allP99, allP99 !== null && allP99 < 150);
  const vote = big.huddle?.vote?.since_last_vote_sent?.all_clients_ms?.max_ms ?? null;
  target('all vote within the spread: every client has the final tally within 1 s of the last vote (ms)', vote, vote !== null && vote <= 1000);
  const perConnection = big.huddle?.join?.server_rss_per_connection_bytes ?? null;
  target('server memory per idle participant connection under 8 KiB (bytes)', perConnection && Math.round(perConnection), perConnection !== null && perConnection < 8192);
  const slow = big.huddle?.slow;
  const slowRatio = slow?.others_p99_vs_broadcast ?? null;
  target('with 10% not reading, the others\' p99 within 20% of the run without them (ratio)', slowRatio && Math.round(slowRatio * 100) / 100, slowRatio !== null && slowRatio <= 1.2);
  const w = slow?.window;
  const growth = w ? w.server_rss_window_peak_kib - w.server_rss_start_kib : null;
  target('with 10% not reading, server memory stays flat (peak minus start, KiB)', growth, growth !== null && growth <= 0.05 * (w?.server_rss_start_kib ?? 0));
}
writeFileSync(`${arg('out')}.json`, JSON.stringify(results, null, 2) + '\n');

// ---- Markdown
const f = (v, digits = 1) => (v === null || v === undefined ? '–' : typeof v === 'number' ? v.toFixed(digits) : String(v));
const ms = (s) => (s ? `${f(s.p50_ms)} / ${f(s.p99_ms)} / ${f(s.max_ms)}` : '–');
const lines = [];
lines.push(`# Fan-out benchmark, ${results.date.slice(0, 16).replace('T', ' ')} UTC, commit ${results.commit}`, '');
const m = results.machine;
lines.push(`Machine: ${m.nproc} cores (${m.cpu_model}), ${m.memory_gib} GiB, Linux ${m.kernel}; load average ${m.load_average_before} before, ${m.load_average_after} after. Servers pinned to core 0, huddle-load to core 1. Huddle: ${results.settings.huddle_flags}.`, '');
lines.push(`Command: \`${results.command}\``, '');
lines.push('## Broadcast: one update to every client, 2 a second', '');
lines.push('Huddle: the facilitator\'s `phase.extend` changes the `session` topic pushed to every participant. Peers: one client sends a frame of the same size, the server sends it to every other client. Latency in ms (p50 / p99 / max); "until all" is per update, until the last client had it.', '');
lines.push('| N | server | frame bytes | per client | until all | missed | server CPU µs/msg | Huddle ÷ this | server RSS per idle connection | errors |');
lines.push('|---|---|---|---|---|---|---|---|---|---|');
for (const n of ns) {
  const run = results.runs[n];
  for (const name of ['huddle', ...peers]) {
    const r = run[name];
    if (!r) {
      lines.push(`| ${n} | ${name} | – | did not run | | | | | | |`);
      continue;
    }
    const b = r.broadcast;
    const idle = name === 'huddle' ? r.join?.server_rss_per_connection_bytes : r.connect?.server_rss_per_connection_bytes;
    const ratio = name === 'huddle' ? '1' : f(run.huddle_cpu_per_message_ratio[name], 2);
    lines.push(`| ${n} | ${name} | ${b?.push_bytes ?? '–'} | ${ms(b?.delivery?.per_client_ms)} | ${ms(b?.delivery?.all_clients_ms)} | ${b?.delivery?.missed_pairs ?? '–'} | ${f(b?.window?.server_cpu_us_per_message, 2)} | ${ratio} | ${f(idle, 0)} B | ${r.errors?.total ?? '–'} |`);
  }
}
lines.push('', '## Huddle workloads', '');
lines.push('| N | join, all at once | vote: all have the final tally | cards | 10% slow readers | server peak RSS |');
lines.push('|---|---|---|---|---|---|');
for (const n of ns) {
  const h = results.runs[n].huddle;
  if (!h) continue;
  const j = h.join ?? {};
  const v = h.vote;
  const c = h.cards;
  const s = h.slow;
  const join = `${f(j.seconds_to_join_all, 1)} s, ${f((j.received_bytes_per_join ?? 0) / 1e6, 2)} MB received per join, server CPU ${f(j.window?.server_cpu_seconds, 1)} s`;
  const vote = v ? `${f(v.since_last_vote_sent?.all_clients_ms?.max_ms, 0)} ms after the last vote sent (${f(v.since_last_ack?.all_clients_ms?.max_ms, 1)} ms after its ack); tally ${v.final_tally}; vote replies p50 ${f(v.requests?.reply_ms?.p50_ms, 0)} / p99 ${f(v.requests?.reply_ms?.p99_ms, 0)} ms` : '–';
  const cards = c ? `${c.board_cards} cards, ${c.board_votes} me-too; all had the final board ${f(c.delivery?.all_clients_ms?.max_ms, 0)} ms after the last ack; board push ${c.board_push_bytes} B; me-too replies p99 ${f(c.metoo?.reply_ms?.p99_ms, 0)} ms` : '–';
  const slow = s ? `others' p99 ${f(s.delivery?.per_client_ms?.p99_ms)} ms (x${f(s.others_p99_vs_broadcast, 2)} vs broadcast); server RSS ${s.window?.server_rss_start_kib} → ${s.window?.server_rss_end_kib} KiB (peak ${s.window?.server_rss_window_peak_kib}); closed by server ${s.slow_closed_by_server} of ${s.slow_readers}` : '–';
  lines.push(`| ${n} | ${join} | ${vote} | ${cards} | ${slow} | ${f((h.server_peak_rss_kib ?? 0) / 1024, 0)} MiB |`);
}
const trickle = Object.entries(results.trickle_join).filter(([, j]) => j);
if (trickle.length) {
  lines.push('', '## Huddle join, trickled (200 clients in progress at a time)', '');
  lines.push('| N | seconds to join all | bytes received per join | messages received | server CPU |');
  lines.push('|---|---|---|---|---|');
  for (const [n, j] of trickle) {
    lines.push(`| ${n} | ${f(j.seconds_to_join_all, 1)} s | ${f(j.received_bytes_per_join / 1e6, 2)} MB | ${j.window?.messages} | ${f(j.window?.server_cpu_seconds, 1)} s |`);
  }
}
if (results.targets.length) {
  lines.push('', `## Targets of issue 7 at N=${largest}`, '');
  lines.push('| target | value | met |');
  lines.push('|---|---|---|');
  for (const t of results.targets) lines.push(`| ${t.target} | ${f(t.value, 2)} | ${t.met ? 'yes' : 'no'} |`);
}
writeFileSync(`${arg('out')}.md`, lines.join('\n') + '\n');
