// Assembles scripts/bench-storms.sh's runs into a results file (JSON with every run) and a Markdown table per
// storm and build, and judges issue 19's targets on this build's runs (each run must meet them).
//   node storms_report.mjs --dir WORK --out PATH --repeat R --builds "huddle huddle-baseline" --n N ...
import { writeFileSync } from 'node:fs';
import { arg, readRun, resultsHead } from './report_args.mjs';

const dir = arg('dir');
const repeat = Number(arg('repeat', '1'));
const builds = arg('builds').split(/\s+/).filter(Boolean);
const read = (name) => readRun(dir, name);

const voteRow = (run) => {
  const v = run?.vote;
  if (!v) return null;
  const w = v.window ?? {};
  return {
    tally: v.final_tally,
    all_have_final_tally_ms: v.since_last_vote_sent?.all_clients_ms?.max_ms ?? null,
    server_core_share: w.server_cpu_seconds != null && w.seconds ? w.server_cpu_seconds / w.seconds : null,
    window_seconds: w.seconds ?? null,
    reply_p50_ms: v.requests?.reply_ms?.p50_ms ?? null,
    reply_p99_ms: v.requests?.reply_ms?.p99_ms ?? null,
    messages_per_client: w.messages != null ? w.messages / Number(arg("n")) : null,
  };
};
const cardsRow = (run) => {
  const c = run?.cards;
  if (!c) return null;
  return {
    cards: c.board_cards,
    metoo: c.board_votes,
    metoo_reply_p50_ms: c.metoo?.reply_ms?.p50_ms ?? null,
    metoo_reply_p99_ms: c.metoo?.reply_ms?.p99_ms ?? null,
    final_board_ms: c.delivery?.all_clients_ms?.max_ms ?? null,
    board_push_bytes: c.board_push_bytes ?? null,
    server_core_share: c.window?.server_cpu_seconds != null && c.window?.seconds ? c.window.server_cpu_seconds / c.window.seconds : null,
  };
};

const results = {
  ...resultsHead(),
  n: Number(arg('n')),
  runs: {},
  targets: [],
};
for (const b of builds) {
  results.runs[b] = { vote: [], cards: [] };
  for (let r = 1; r <= repeat; r++) {
    results.runs[b].vote.push({ summary: voteRow(read(`${b}-vote-r${r}`)), report: read(`${b}-vote-r${r}`) });
    results.runs[b].cards.push({ summary: cardsRow(read(`${b}-cards-r${r}`)), report: read(`${b}-cards-r${r}`) });
  }
}
const own = results.runs.huddle;
if (own) {
  const worst = (list, key) => Math.max(...list.map((x) => x.summary?.[key] ?? Infinity));
  const tally = worst(own.vote, 'all_have_final_tally_ms');
  results.targets.push({ target: 'vote storm: every participant has the final tally within 300 ms of the last vote (worst run, ms)', value: tally, met: tally <= 300 });
  const share = worst(own.vote, 'server_core_share');
  results.targets.push({ target: 'vote storm: server below 90% of a core on average (worst run)', value: share, met: share < 0.9 });
  const metoo = worst(own.cards, 'metoo_reply_p99_ms');
  results.targets.push({ target: 'card storm, 10% slow: "me too" reply p99 under 250 ms (worst run, ms)', value: metoo, met: metoo < 250 });
}
writeFileSync(`${arg('out')}.json`, JSON.stringify(results, null, 2) + '\n');

const f = (v, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '–');
const lines = [`# Storms at N = ${results.n}: ${results.date.slice(0, 16).replace('T', ' ')} UTC, commit ${results.commit}`, ''];
lines.push(`Machine: ${results.machine.cpu_model}, Linux ${results.machine.kernel}; load average ${results.machine.load_average_before} before, ${results.machine.load_average_after} after. Server on core 0, huddle-load on core 1.${results.baseline ? ` huddle-baseline: ${results.baseline}.` : ''}`, '');
lines.push(`Command: \`${results.command}\``, '');
lines.push('## Vote storm', '', '| build | run | tally | all have the final tally (ms after the last vote sent) | server share of a core | vote replies p50 / p99 ms | messages received per client (the ack and the pushes) |', '|---|---|---|---|---|---|---|');
for (const b of builds) {
  results.runs[b].vote.forEach((x, i) => {
    const s = x.summary ?? {};
    lines.push(`| ${b} | ${i + 1} | ${s.tally ?? '–'} | ${f(s.all_have_final_tally_ms)} | ${f(s.server_core_share, 2)} | ${f(s.reply_p50_ms)} / ${f(s.reply_p99_ms)} | ${f(s.messages_per_client, 1)} |`);
  });
}
lines.push('', '## Card storm, 10% of clients reading through 4 KiB', '', '| build | run | cards / me-too | me-too replies p50 / p99 ms | final board at every client (ms after the last ack) | board push bytes | server share of a core |', '|---|---|---|---|---|---|---|');
for (const b of builds) {
  results.runs[b].cards.forEach((x, i) => {
    const s = x.summary ?? {};
    lines.push(`| ${b} | ${i + 1} | ${s.cards ?? '–'} / ${s.metoo ?? '–'} | ${f(s.metoo_reply_p50_ms)} / ${f(s.metoo_reply_p99_ms)} | ${f(s.final_board_ms)} | ${s.board_push_bytes ?? '–'} | ${f(s.server_core_share, 2)} |`);
  });
}
if (results.targets.length) {
  lines.push('', '## Targets of issue 19', '', '| target | value | met |', '|---|---|---|');
  for (const t of results.targets) lines.push(`| ${t.target} | ${f(t.value, 2)} | ${t.met ? 'yes' : 'no'} |`);
}
writeFileSync(`${arg('out')}.md`, lines.join('\n') + '\n');
