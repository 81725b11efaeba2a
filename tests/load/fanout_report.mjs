// Assembles scripts/bench-fanout.sh's runs into one results file (JSON with every run) and a Markdown
// summary: per N and server, the median and range over the repetitions of the server's CPU microseconds per
// delivered message (total, user space, kernel), and Huddle's ratio to each peer, each ratio taken within
// one repetition and then the median, so drift of the shared machine between repetitions cancels out.
//   node fanout_report.mjs --dir WORK --out PATH --ns "10000" --repeat 3 --servers "huddle raw-floor ..." ...
import { writeFileSync } from 'node:fs';
import { arg, readRun, resultsHead } from './report_args.mjs';

const dir = arg('dir');
const words = (s) => s.split(/\s+/).filter(Boolean);
const ns = words(arg('ns')).map(Number);
const repeat = Number(arg('repeat', '1'));
const servers = words(arg('servers'));
const peers = servers.filter((s) => !s.startsWith('huddle'));
const read = (name) => readRun(dir, name);

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!v.length) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const range = (xs) => {
  const v = xs.filter((x) => typeof x === 'number');
  return v.length ? [Math.min(...v), Math.max(...v)] : null;
};
const round = (x, digits = 3) => (typeof x === 'number' ? Math.round(x * 10 ** digits) / 10 ** digits : null);
const window = (run) => run?.broadcast?.window ?? null;
const parts = { total: 'server_cpu_us_per_message', user: 'server_user_us_per_message', kernel: 'server_system_us_per_message' };

const results = {
  ...resultsHead(),
  settings: { server_core: 0, load_tool_core: 1, repetitions: repeat, order: 'rotated by one server per repetition' },
  n: {},
};

for (const n of ns) {
  const entry = { runs: {}, summary: {}, ratios: {} };
  for (const s of servers) {
    entry.runs[s] = [];
    for (let r = 1; r <= repeat; r++) entry.runs[s].push(read(`${s}-${n}-r${r}`));
    const summary = {};
    for (const [part, key] of Object.entries(parts)) {
      const values = entry.runs[s].map((run) => window(run)?.[key] ?? null);
      summary[part] = { median: round(median(values)), range: range(values), values };
    }
    const p99 = entry.runs[s].map((run) => run?.broadcast?.delivery?.all_clients_ms?.p99_ms ?? null);
    summary.until_all_p99_ms = { median: round(median(p99), 1), values: p99 };
    summary.missed_pairs = entry.runs[s].map((run) => run?.broadcast?.delivery?.missed_pairs ?? null);
    summary.push_bytes = entry.runs[s].find((run) => run?.broadcast?.push_bytes)?.broadcast?.push_bytes ?? null;
    entry.summary[s] = summary;
  }
  // Ratios within a repetition, for each Huddle build against each other server.
  for (const own of servers.filter((s) => s.startsWith('huddle'))) {
    entry.ratios[own] = {};
    for (const other of servers.filter((s) => s !== own)) {
      entry.ratios[own][other] = {};
      for (const [part, key] of Object.entries(parts)) {
        const per = [];
        for (let r = 0; r < repeat; r++) {
          const a = window(entry.runs[own][r])?.[key];
          const b = window(entry.runs[other][r])?.[key];
          per.push(typeof a === 'number' && typeof b === 'number' && b > 0 ? a / b : null);
        }
        entry.ratios[own][other][part] = { median: round(median(per)), range: range(per)?.map((x) => round(x)), values: per.map((x) => round(x)) };
      }
    }
  }
  results.n[n] = entry;
}

// Issue 19's targets on the largest N.
const largest = ns.at(-1);
const big = results.n[largest];
results.targets = [];
if (big?.ratios.huddle) {
  const r = big.ratios.huddle;
  for (const peer of ['node-ws', 'beast-chat-multi']) {
    const v = r[peer]?.user?.median ?? null;
    results.targets.push({ target: `user-space CPU per delivered message <= 0.5x ${peer}'s`, value: v, met: v !== null && v <= 0.5 });
  }
  const floor = r['raw-floor']?.total?.median ?? null;
  results.targets.push({ target: 'total CPU per delivered message <= 1.2x the raw floor', value: floor, met: floor !== null && floor <= 1.2 });
}
writeFileSync(`${arg('out')}.json`, JSON.stringify(results, null, 2) + '\n');

const f = (v, digits = 2) => (typeof v === 'number' ? v.toFixed(digits) : '–');
const span = (x) => (x?.range ? `${f(x.median)} (${f(x.range[0])}–${f(x.range[1])})` : '–');
const lines = [];
lines.push(`# Fan-out, CPU per delivered message: ${results.date.slice(0, 16).replace('T', ' ')} UTC, commit ${results.commit}`, '');
const m = results.machine;
lines.push(`Machine: ${m.nproc} cores (${m.cpu_model}), ${m.memory_gib} GiB, Linux ${m.kernel}; load average ${m.load_average_before} before, ${m.load_average_after} after. Servers pinned to core 0, huddle-load to core 1; ${repeat} repetitions, the servers' order rotated by one each time.${results.baseline ? ` huddle-baseline: ${results.baseline}.` : ''}`, '');
lines.push(`Command: \`${results.command}\``, '');
lines.push('Server CPU (utime and stime of all its threads, from /proc) in µs per delivered message over the broadcast window: median (min–max) over the repetitions.', '');
for (const n of ns) {
  const e = results.n[n];
  lines.push(`## N = ${n}`, '');
  lines.push('| server | frame bytes | total µs/msg | user µs/msg | kernel µs/msg | until all p99 ms (median) | missed |');
  lines.push('|---|---|---|---|---|---|---|');
  for (const s of servers) {
    const x = e.summary[s];
    lines.push(`| ${s} | ${x.push_bytes ?? '–'} | ${span(x.total)} | ${span(x.user)} | ${span(x.kernel)} | ${f(x.until_all_p99_ms.median, 1)} | ${x.missed_pairs.join(', ')} |`);
  }
  for (const [own, against] of Object.entries(e.ratios)) {
    lines.push('', `${own} ÷ each server, within each repetition: median (min–max)`, '');
    lines.push('| against | total | user | kernel |');
    lines.push('|---|---|---|---|');
    for (const [other, r] of Object.entries(against)) lines.push(`| ${other} | ${span(r.total)} | ${span(r.user)} | ${span(r.kernel)} |`);
  }
  lines.push('');
}
if (results.targets.length) {
  lines.push(`## Targets of issue 19 at N=${largest}`, '', '| target | value | met |', '|---|---|---|');
  for (const t of results.targets) lines.push(`| ${t.target} | ${f(t.value)} | ${t.met ? 'yes' : 'no'} |`);
}
writeFileSync(`${arg('out')}.md`, lines.join('\n') + '\n');
