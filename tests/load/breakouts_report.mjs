// Assembles scripts/bench-breakouts.sh's runs into a results file (JSON with every run) and a Markdown table
// per size, and judges issue 19 item 3's targets on this build's runs at 2,000 (each run must meet them):
// "CPU peaks below 70% of a core, reply p99 < 100 ms, step changes reach participants p99 < 100 ms after
// the deadline". 10,000 is measured and reported, not judged.
//   node breakouts_report.mjs --dir WORK --out PATH --repeat R --builds "huddle huddle-baseline" --sizes "2000 10000" ...
import { writeFileSync } from 'node:fs';
import { arg, readRun, resultsHead } from './report_args.mjs';

const dir = arg('dir');
const repeat = Number(arg('repeat', '1'));
const builds = arg('builds').split(/\s+/).filter(Boolean);
const sizes = arg('sizes').split(/\s+/).filter(Boolean).map(Number);
const judgedAt = 2000;

const row = (run) => {
  const b = run?.breakouts;
  if (!b) return run ? { passed: run.passed, errors: run.errors?.total ?? null } : null;
  const w = b.window ?? {};
  const change = (c) => ({
    received: c?.received ?? null,
    participants: c?.participants ?? null,
    p50_ms: c?.after_deadline_ms?.p50_ms ?? null,
    p95_ms: c?.after_deadline_ms?.p95_ms ?? null,
    p99_ms: c?.after_deadline_ms?.p99_ms ?? null,
    max_ms: c?.after_deadline_ms?.max_ms ?? null,
  });
  return {
    passed: run.passed,
    errors: run.errors?.total ?? null,
    rooms: b.rooms,
    participants: b.participants,
    requests: b.requests?.sent ?? null,
    reply_p50_ms: b.requests?.reply_ms?.p50_ms ?? null,
    reply_p99_ms: b.requests?.reply_ms?.p99_ms ?? null,
    reply_max_ms: b.requests?.reply_ms?.max_ms ?? null,
    help_clears: b.help_clears?.acked ?? null,
    clear_p50_ms: b.help_clears?.reply_ms?.p50_ms ?? null,
    clear_p99_ms: b.help_clears?.reply_ms?.p99_ms ?? null,
    clearing_s: b.help_clears?.seconds_clearing ?? null,
    settled_s_before_deadline: b.settled_seconds_before_deadline ?? null,
    step_change: change(b.step_change),
    round_change: change(b.round_change),
    cpu_share: w.server_cpu_share ?? null,
    cpu_activity_share: b.cpu?.activity_share ?? null,
    cpu_peak_500ms: w.server_cpu_peak_500ms_share ?? null,
    cpu_peak_100ms: w.server_cpu_peak_100ms_share ?? null,
    window_seconds: w.seconds ?? null,
    console_pushes: b.console?.pushes ?? null,
    console_largest_bytes: b.console?.largest_bytes ?? null,
    server_peak_rss_kib: run.server_peak_rss_kib ?? null,
    tool_cpu_share: w.tool_cpu_share ?? null,
  };
};

const results = {
  ...resultsHead(),
  sizes,
  runs: {},
  targets: [],
};
for (const n of sizes) {
  results.runs[n] = {};
  for (const b of builds) {
    results.runs[n][b] = [];
    for (let r = 1; r <= repeat; r++) {
      const report = readRun(dir, `${b}-n${n}-r${r}`);
      results.runs[n][b].push({ summary: row(report), report });
    }
  }
}
const own = results.runs[judgedAt]?.huddle;
if (own) {
  const worst = (get) => Math.max(...own.map((x) => get(x.summary ?? {}) ?? Infinity));
  const peak = worst((s) => s.cpu_peak_500ms);
  results.targets.push({ target: `${judgedAt} in rooms: server CPU below 70% of a core in its busiest 500 ms (worst run)`, value: peak, met: peak < 0.7 });
  const reply = worst((s) => s.reply_p99_ms);
  results.targets.push({ target: `${judgedAt} in rooms: participants' reply p99 under 100 ms (checklists and help; worst run, ms)`, value: reply, met: reply < 100 });
  const clear = worst((s) => s.clear_p99_ms);
  results.targets.push({ target: `${judgedAt} in rooms: the facilitator's reply p99 under 100 ms (help.clear; worst run, ms)`, value: clear, met: clear < 100 });
  const step = worst((s) => Math.max(s.step_change?.p99_ms ?? Infinity, s.round_change?.p99_ms ?? Infinity));
  results.targets.push({ target: `${judgedAt} in rooms: step changes reach participants p99 under 100 ms after the deadline (end of play and end of feedback, the slower; worst run, ms)`, value: step, met: step < 100 });
}
writeFileSync(`${arg('out')}.json`, JSON.stringify(results, null, 2) + '\n');

const f = (v, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '–');
const lines = [`# Breakouts: ${results.date.slice(0, 16).replace('T', ' ')} UTC, commit ${results.commit}`, ''];
lines.push(`Machine: ${results.machine.cpu_model}, Linux ${results.machine.kernel}; load average ${results.machine.load_average_before} before, ${results.machine.load_average_after} after. Server on core 0, huddle-load on core 1.${results.baseline ? ` huddle-baseline: ${results.baseline}.` : ''}`, '');
lines.push(`Command: \`${results.command}\``, '');
lines.push('Rooms of four (manager, report, two observers), timeline play 20 s + feedback 10 s, 2 rounds (`tests/load/scenarios/load-roleplay.json`). During play every observer saves a checklist twice and one person in every fourth room asks for help, spread over the first seconds; the facilitator clears each help request, one at a time. "Settled" is when every reply is in and the console shows every checklist and no help; negative when the rooms were still busy at play\'s deadline. Step and round change: from the room timer\'s deadline until the participant has the push showing the next step. CPU: share of one core (run time of all the server\'s threads, /proc).', '');
for (const n of sizes) {
  lines.push(`## N = ${n}`, '');
  lines.push('| build | run | passed | rooms | replies p50 / p99 / max ms | help.clear p50 / p99 ms (first sent to last answered, s) | settled before play\'s deadline, s | end of play: p50 / p95 / p99 / max ms (had it) | end of feedback: p50 / p95 / p99 / max ms | server CPU: workload / busy rooms / busiest 500 ms / 100 ms | console pushes, largest | peak RSS MiB |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const b of builds) {
    results.runs[n][b].forEach((x, i) => {
      const s = x.summary ?? {};
      const c = (ch) => ch ? `${f(ch.p50_ms)} / ${f(ch.p95_ms)} / ${f(ch.p99_ms)} / ${f(ch.max_ms)} (${ch.received ?? '–'} of ${ch.participants ?? '–'})` : '–';
      lines.push(`| ${b} | ${i + 1} | ${s.passed ? 'yes' : `no (${s.errors ?? '?'} errors)`} | ${s.rooms ?? '–'} | ${f(s.reply_p50_ms)} / ${f(s.reply_p99_ms)} / ${f(s.reply_max_ms)} | ${f(s.clear_p50_ms)} / ${f(s.clear_p99_ms)} (${f(s.clearing_s, 1)}) | ${f(s.settled_s_before_deadline, 1)} | ${c(s.step_change)} | ${c(s.round_change)} | ${f(s.cpu_share, 2)} / ${f(s.cpu_activity_share, 2)} / ${f(s.cpu_peak_500ms, 2)} / ${f(s.cpu_peak_100ms, 2)} | ${s.console_pushes ?? '–'}, ${s.console_largest_bytes != null ? f(s.console_largest_bytes / 1024, 0) + ' KiB' : '–'} | ${s.server_peak_rss_kib != null ? f(s.server_peak_rss_kib / 1024, 0) : '–'} |`);
    });
  }
  lines.push('');
}
if (results.targets.length) {
  lines.push('## Targets of issue 19 (item 3)', '', '| target | value | met |', '|---|---|---|');
  for (const t of results.targets) lines.push(`| ${t.target} | ${f(t.value, 2)} | ${t.met ? 'yes' : 'no'} |`);
}
writeFileSync(`${arg('out')}.md`, lines.join('\n') + '\n');
