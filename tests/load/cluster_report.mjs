// Assembles scripts/bench-cluster.sh's runs (tests/load/cluster_bench.mjs: one JSON per configuration and
// repetition) into a results file: JSON with every run, and Markdown with where the people were, the broadcast,
// the vote storm, the join, the cost of the cluster (its nodes and Redis) against one node at the same N, and
// whatever went wrong or was slow in each run.
//   node cluster_report.mjs --dir WORK --out PATH --runs "cluster-20000-r1 single-sqlite-19900-r1 ..." --command ... \
//     --commit C --load-before L --load-after L
import { writeFileSync } from 'node:fs';
import { arg, readRun, resultsHead } from './report_args.mjs';

const dir = arg('dir');
const labels = arg('runs').split(/\s+/).filter(Boolean);
const results = { ...resultsHead(), runs: {} };
for (const label of labels) results.runs[label] = readRun(dir, label);

const f = (v, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : '–');
const sum = (values) => values.reduce((a, b) => a + (b ?? 0), 0);
const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? a / b : null);

// What one run says, flattened: the setup, and per workload the figures of the tables.
function summary(label, run) {
  const bench = run?.bench ?? {};
  const s = { label, via: bench.via ?? 'balancers',
    setup: (bench.mode === 'cluster' ? `${bench.nodes?.length ?? '?'} nodes (cluster, PostgreSQL journal)` : `1 node (${bench.journal} journal)`) +
      (bench.via === 'nodes' ? ', participants straight to the nodes' : ''),
    mode: bench.mode, journal: bench.journal, n: bench.n, passed: run?.passed ?? false, errors: run?.errors?.total ?? null,
    owner: run?.session?.node ?? null, attempts: run?.session_attempts ?? null };
  const costs = (w) => {
    if (!w) return null;
    const messages = w.messages || 0;
    const servers = w.servers ?? (bench.nodes?.length === 1 ? { [bench.nodes[0]]: { cpu_seconds: w.server_cpu_seconds } } : {});
    const others = w.others ?? {};
    const group = (prefix) => sum(Object.entries(others).filter(([k]) => k.startsWith(prefix)).map(([, v]) => v.cpu_seconds));
    const per = (seconds) => (messages ? (seconds * 1e6) / messages : null);
    const byNode = {};
    for (const [name, v] of Object.entries(servers)) {
      const written = w.server_metrics_by_node?.[name]?.messages_out_total ?? (bench.nodes?.length === 1 ? w.server_metrics?.messages_out_total : null);
      byNode[name] = { cpu_seconds: v.cpu_seconds, us_per_message: per(v.cpu_seconds), core_share: v.cpu_seconds / w.seconds,
        frames_written: written ?? null, us_per_frame_written: written ? (v.cpu_seconds * 1e6) / written : null };
    }
    return {
      seconds: w.seconds, messages, nodes_us: per(w.server_cpu_seconds), nodes_user_us: w.server_user_us_per_message, nodes_kernel_us: w.server_system_us_per_message,
      nodes_share: w.server_cpu_seconds / w.seconds, nodes_peak_500ms: w.server_cpu_peak_500ms_share,
      redis_us: per(group('redis')), haproxy_us: per(group('haproxy')), postgres_us: per(group('postgres')), tool_share: w.tool_cpu_share, by_node: byNode,
    };
  };
  if (run?.join) {
    const j = run.join;
    s.join = { joined: j.joined, seconds: j.seconds_to_join_all, roster_seconds: j.seconds_until_all_have_final_roster, bytes_per_join: j.received_bytes_per_join,
      rss_per_connection: j.server_rss_per_connection_bytes, costs: costs(j.window), gauges: j.window?.node_gauges_at_end ?? null };
  }
  if (run?.broadcast) {
    const b = run.broadcast;
    s.broadcast = { updates: b.delivery?.updates, per_client: b.delivery?.per_client_ms, all: b.delivery?.all_clients_ms, missed: b.delivery?.missed_pairs,
      push_bytes: b.push_bytes, costs: costs(b.window), by_url: b.delivery_by_url ?? null };
  }
  if (run?.vote) {
    const v = run.vote;
    s.vote = { tally: v.final_tally, after_last_vote_ms: v.since_last_vote_sent?.all_clients_ms?.max_ms, after_last_ack_ms: v.since_last_ack?.all_clients_ms?.max_ms,
      replies: v.requests?.reply_ms, acked: v.requests?.acked, costs: costs(v.window),
      nodes_ms_per_vote: v.requests?.acked ? (v.window?.server_cpu_seconds * 1e3) / v.requests.acked : null,
      replies_by_url: v.requests?.reply_ms_by_url ?? null, tally_by_url: v.since_last_vote_sent_by_url ?? null };
  }
  // What went wrong or was slow: errors, the nodes' warnings, HAProxy's refusals and state changes, /healthz.
  const healthz = Object.fromEntries(Object.entries(bench.healthz_during ?? {}).map(([n, list]) => [n, {
    max_ms: Math.max(0, ...list.map((x) => x.ms)), over_1s: list.filter((x) => x.ms > 1000).length, probes: list.length,
    failed: list.filter((x) => x.status !== 200).length }]));
  const warnings = {};
  for (const [name, text] of Object.entries(bench.logs ?? {})) {
    for (const line of text.split('\n')) {
      const m = /\[(warning|error|critical)\] (.*)$/.exec(line) ?? /^(\[WARNING\]|\[ALERT\])\s+\(\d+\) : (.*)$/.exec(line);
      if (!m) continue;
      const key = `${name}: ${m[2].replace(/\d+(\.\d+)?/g, 'N')}`;
      warnings[key] = (warnings[key] ?? 0) + 1;
    }
  }
  const balancers = (bench.haproxy_after ?? []).map((view) => {
    const backend = view['huddle_nodes/BACKEND'] ?? {};
    return { hrsp_5xx: Number(backend.hrsp_5xx || 0), econ: Number(backend.econ || 0), eresp: Number(backend.eresp || 0), retries: Number(backend.wretr || 0),
      redispatches: Number(backend.wredis || 0) };
  });
  s.health = { errors: run?.errors ?? null, healthz, warnings, balancers: balancers.length
    ? Object.fromEntries(['hrsp_5xx', 'econ', 'eresp', 'retries', 'redispatches'].map((k) => [k, sum(balancers.map((b) => b[k]))])) : null,
    health_checks: bench.health_checks, cores: bench.cores, exits: bench.exits, failure: bench.failure ?? null };
  // Who used the cores over the whole huddle-load run: the nodes' core, what the nodes ran and waited on it.
  const nodeCore = String(bench.cores?.nodes ?? '');
  const nodesSched = Object.entries(bench.sched_seconds ?? {}).filter(([k]) => (bench.nodes ?? []).includes(k)).map(([, v]) => v);
  s.cores = bench.run_seconds ? {
    seconds: bench.run_seconds, load_average: bench.load_average, node_core: nodeCore,
    node_core_busy: bench.core_busy_seconds?.[nodeCore] ?? null,
    nodes_ran: sum(nodesSched.map((v) => v?.run)), nodes_waited: sum(nodesSched.map((v) => v?.waited_for_cpu)),
    busy: bench.core_busy_seconds,
  } : null;
  return s;
}

const rows = labels.map((l) => summary(l, results.runs[l]));
results.summary = rows;

// The cost of the cluster against one node with the same N and the same clients: the first cluster run and the
// first single-node run of each journal at that N.
const comparisons = [];
const repetition = (label) => /-r(\d+)$/.exec(label)?.[1];
for (const c of rows.filter((r) => r.mode === 'cluster')) {
  for (const sgl of rows.filter((r) => r.mode === 'single' && r.n === c.n && r.via === c.via && repetition(r.label) === repetition(c.label))) {
    const cb = c.broadcast?.costs, sb = sgl.broadcast?.costs, cv = c.vote?.costs, sv = sgl.vote?.costs;
    comparisons.push({ cluster: c, single: sgl, figures: [
      ['broadcast: nodes\' CPU per delivered message', cb?.nodes_us, sb?.nodes_us, 'µs', 2],
      ['broadcast: nodes\' and Redis\' CPU per delivered message', cb && cb.nodes_us + (cb.redis_us ?? 0), sb?.nodes_us, 'µs', 2],
      ['broadcast: p99 until every client had an update', c.broadcast?.all?.p99_ms, sgl.broadcast?.all?.p99_ms, 'ms', 0],
      ['broadcast: p99 per client', c.broadcast?.per_client?.p99_ms, sgl.broadcast?.per_client?.p99_ms, 'ms', 0],
      ['vote storm: nodes\' CPU per delivered message', cv?.nodes_us, sv?.nodes_us, 'µs', 2],
      ['vote storm: nodes\' CPU per vote', c.vote?.nodes_ms_per_vote && c.vote.nodes_ms_per_vote * 1e3, sgl.vote?.nodes_ms_per_vote && sgl.vote.nodes_ms_per_vote * 1e3, 'µs', 1],
      ['vote storm: nodes\', Redis\' and PostgreSQL\'s CPU per delivered message', cv && cv.nodes_us + (cv.redis_us ?? 0) + (cv.postgres_us ?? 0),
        sv && sv.nodes_us + (sv.postgres_us ?? 0), 'µs', 2],
      ['vote storm: every client has the final tally, after the last vote sent', c.vote?.after_last_vote_ms, sgl.vote?.after_last_vote_ms, 'ms', 0],
      ['vote storm: vote replies p99', c.vote?.replies?.p99_ms, sgl.vote?.replies?.p99_ms, 'ms', 0],
    ].map(([what, cluster, single, unit, d]) => ({ what, cluster, single, unit, d, ratio: ratio(cluster, single) })) });
  }
}
results.comparisons = comparisons.map((c) => ({ cluster: c.cluster.label, single: c.single.label, figures: c.figures }));
writeFileSync(`${arg('out')}.json`, `${JSON.stringify(results, null, 2)}\n`);

// --- Markdown ---
const m = results.machine;
const first = rows.find((r) => r.health?.cores) ?? {};
const lines = [`# Cluster bench: one session over ${rows.find((r) => r.mode === 'cluster')?.setup ?? 'a cluster'} and over one node, ${results.date.slice(0, 16).replace('T', ' ')} UTC, commit ${results.commit}`, ''];
lines.push(`Machine: ${m.nproc} cores (${m.cpu_model}), Linux ${m.kernel}, ${m.memory_gib} GiB; load average ${m.load_average_before} before, ${m.load_average_after} after (other work on the machine is not stopped). Cores: Huddle nodes on ${first.health?.cores?.nodes ?? '?'}; HAProxy, Redis and PostgreSQL on ${first.health?.cores?.services ?? '?'}; huddle-load (and its relay) on ${first.health?.cores?.load ?? '?'}. HAProxy's health checks: ${first.health?.health_checks ?? '?'} during the runs.`, '');
lines.push(`Command: \`${results.command}\``, '');
lines.push('Every run: the facilitator creates the session (in the cluster, on the node the balancers hash its code to), N participants join through three HAProxys (participant i through the i-th, round robin) at `/ws?code=CODE` (runs named "direct": straight to the nodes, a third each, no HAProxy), then 30 `phase.extend` updates (broadcast), then every participant votes once within the spread (vote storm). CPU per delivered message: a process\'s CPU time over the window divided by the messages all clients received in it.', '');

lines.push('## Runs', '', '| run | setup | N | passed | errors |', '|---|---|---|---|---|');
for (const r of rows) lines.push(`| ${r.label} | ${r.setup} | ${f(r.n)} | ${r.passed ? 'yes' : 'no'} | ${r.errors ?? '–'} |`);

const clusterRows = rows.filter((r) => r.mode === 'cluster' && r.join?.gauges);
if (clusterRows.length) {
  lines.push('', '## Where the people were (cluster, after the join)', '', 'From each node\'s `/metrics`. The facilitator is connected to the node running the session directly (one more connection there); everyone else came through HAProxy, hashed on the code with `hash-balance-factor 125`.', '',
    '| run | node | connections open | of them served by another node (forwarded) | connections on other nodes served here (edges) |', '|---|---|---|---|---|');
  for (const r of clusterRows) {
    for (const [node, g] of Object.entries(r.join.gauges)) {
      const owner = node === r.owner ? ` (runs the session${r.attempts > 1 ? `; created ${r.attempts} times to land there` : ''})` : '';
      lines.push(`| ${r.label} | ${node}${owner} | ${f(g.connections_open)} | ${f(g.cluster_forwarded_connections)} | ${f(g.cluster_edge_connections)} |`);
    }
  }
}

const direct = rows.filter((r) => r.mode === 'cluster' && r.via === 'nodes' && r.broadcast?.by_url);
if (direct.length) {
  lines.push('', '## The session\'s node and its edges (participants straight to the nodes, a third each)', '',
    'Participant i connects to node i % 3 itself, no balancer; the session runs on n1, so n2\'s and n3\'s participants are served through Redis (their requests XADDed to n1\'s stream, n1\'s replies and pushes published once per frame to each edge). Latency in ms, p50 / p99 / max.', '',
    '| run | node | broadcast per client | broadcast until all of them had it | vote replies | final tally at all of them, after the last vote sent |', '|---|---|---|---|---|---|');
  for (const r of direct) {
    r.broadcast.by_url.forEach((b, i) => {
      const rep = r.vote?.replies_by_url?.[i], t = r.vote?.tally_by_url?.[i];
      const node = `n${i + 1}${i === 0 ? ' (runs the session)' : ' (edge)'}`;
      lines.push(`| ${r.label} | ${node} | ${f(b.per_client_ms?.p50_ms)} / ${f(b.per_client_ms?.p99_ms)} / ${f(b.per_client_ms?.max_ms)} | ${f(b.all_clients_ms?.p50_ms)} / ${f(b.all_clients_ms?.p99_ms)} / ${f(b.all_clients_ms?.max_ms)} | ${f(rep?.p50_ms)} / ${f(rep?.p99_ms)} / ${f(rep?.max_ms)} | ${f(t?.all_clients_ms?.max_ms)} |`);
    });
  }
}

lines.push('', '## Broadcast: one update to everyone', '', 'Latency in ms, p50 / p99 / max. CPU in µs per delivered message; "nodes" is the sum over the Huddle nodes (per node in the next table).', '',
  '| run | N | per client | until every client had it | missed | nodes | Redis | HAProxy (3) | nodes\' share of a core (busiest 500 ms) | tool\'s share |', '|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows.filter((x) => x.broadcast)) {
  const b = r.broadcast, c = b.costs ?? {};
  lines.push(`| ${r.label} | ${f(r.n)} | ${f(b.per_client?.p50_ms)} / ${f(b.per_client?.p99_ms)} / ${f(b.per_client?.max_ms)} | ${f(b.all?.p50_ms)} / ${f(b.all?.p99_ms)} / ${f(b.all?.max_ms)} | ${b.missed ?? '–'} | ${f(c.nodes_us, 2)} (user ${f(c.nodes_user_us, 2)}, kernel ${f(c.nodes_kernel_us, 2)}) | ${f(c.redis_us, 2)} | ${f(c.haproxy_us, 2)} | ${f(c.nodes_share, 2)} (${f(c.nodes_peak_500ms, 2)}) | ${f(c.tool_share, 2)} |`);
}

lines.push('', '## Vote storm: every participant votes once', '', '| run | N | final tally | every client has it, ms after the last vote sent (after the last ack) | vote replies p50 / p99 / max ms | nodes µs per message (ms per vote) | Redis | PostgreSQL | HAProxy (3) | nodes\' share of a core (busiest 500 ms) |', '|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows.filter((x) => x.vote)) {
  const v = r.vote, c = v.costs ?? {};
  lines.push(`| ${r.label} | ${f(r.n)} | ${f(v.tally)} | ${f(v.after_last_vote_ms)} (${f(v.after_last_ack_ms)}) | ${f(v.replies?.p50_ms)} / ${f(v.replies?.p99_ms)} / ${f(v.replies?.max_ms)} | ${f(c.nodes_us, 2)} (${f(v.nodes_ms_per_vote, 3)}) | ${f(c.redis_us, 2)} | ${f(c.postgres_us, 2)} | ${f(c.haproxy_us, 2)} | ${f(c.nodes_share, 2)} (${f(c.nodes_peak_500ms, 2)}) |`);
}

lines.push('', '## CPU per node', '', 'Per delivered message (to all clients: the nodes\' figures add up to the sum above) and per frame the node wrote to its own connections (`huddle_messages_out_total`).', '',
  '| run | workload | node | CPU s | share of a core | µs per delivered message | frames written | µs per frame written |', '|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  for (const w of ['broadcast', 'vote']) {
    for (const [node, v] of Object.entries(r[w]?.costs?.by_node ?? {})) {
      lines.push(`| ${r.label} | ${w} | ${node} | ${f(v.cpu_seconds, 2)} | ${f(v.core_share, 2)} | ${f(v.us_per_message, 2)} | ${f(v.frames_written)} | ${f(v.us_per_frame_written, 2)} |`);
    }
  }
}

lines.push('', '## Join', '', '| run | joined | last join ack, s | every client has the final roster, s | bytes received per join | nodes\' RSS per connection | nodes µs per message | Redis | HAProxy (3) |', '|---|---|---|---|---|---|---|---|---|');
for (const r of rows.filter((x) => x.join)) {
  const j = r.join, c = j.costs ?? {};
  lines.push(`| ${r.label} | ${f(j.joined)} | ${f(j.seconds, 2)} | ${f(j.roster_seconds, 2)} | ${f(j.bytes_per_join)} | ${f(j.rss_per_connection)} B | ${f(c.nodes_us, 2)} | ${f(c.redis_us, 2)} | ${f(c.haproxy_us, 2)} |`);
}

if (comparisons.length) {
  lines.push('', '## The cost of the cluster: cluster ÷ one node, same N, same clients', '');
  for (const c of comparisons) {
    lines.push(`${c.cluster.label} ÷ ${c.single.label}:`, '', '| figure | cluster | one node | ratio |', '|---|---|---|---|');
    for (const x of c.figures) lines.push(`| ${x.what} | ${f(x.cluster, x.d)} ${x.unit} | ${f(x.single, x.d)} ${x.unit} | ${x.ratio == null ? '–' : `x${f(x.ratio, 2)}`} |`);
    lines.push('');
  }
}

lines.push('', '## Who used the cores', '', 'Over each whole huddle-load run (join to the end of the vote storm), from /proc/stat and the nodes\' /proc/PID/task/*/schedstat: the core the nodes were pinned to, how busy it was, how much of that the nodes ran, and how long their threads waited, runnable, for that core. Busy time beyond the nodes\' own was other work on the machine.', '',
  '| run | seconds | load average before → after | nodes\' core busy, s | nodes ran, s | nodes waited for the core, s | other work on that core, s | every core busy, s |', '|---|---|---|---|---|---|---|---|');
for (const r of rows.filter((x) => x.cores)) {
  const c = r.cores;
  lines.push(`| ${r.label} | ${f(c.seconds, 1)} | ${c.load_average?.before ?? '?'} → ${c.load_average?.after ?? '?'} | ${f(c.node_core_busy, 1)} | ${f(c.nodes_ran, 1)} | ${f(c.nodes_waited, 1)} | ${f(c.node_core_busy - c.nodes_ran, 1)} | ${Object.entries(c.busy ?? {}).map(([k, v]) => `core ${k}: ${f(v, 1)}`).join(', ')} |`);
}

lines.push('', '## What went wrong or was slow', '', '| run | errors | node /healthz max ms (probes over 1 s: HAProxy\'s check timeout) | HAProxy 5xx / connect errors / response errors / retries | warnings logged (count) |', '|---|---|---|---|---|');
for (const r of rows) {
  const h = r.health ?? {};
  const errs = h.errors?.total ? JSON.stringify(Object.fromEntries(Object.entries(h.errors).filter(([k, v]) => k !== 'total' && (Array.isArray(v) ? v.length : typeof v === 'object' ? Object.keys(v).length : v)))) : '0';
  const hz = Object.entries(h.healthz ?? {}).map(([n, x]) => `${n} ${x.max_ms} (${x.over_1s}/${x.probes}${x.failed ? `, ${x.failed} failed` : ''})`).join(', ');
  const bal = h.balancers ? `${h.balancers.hrsp_5xx} / ${h.balancers.econ} / ${h.balancers.eresp} / ${h.balancers.retries}` : '–';
  const warn = Object.entries(h.warnings ?? {}).map(([k, n]) => `${k} (${n})`).join('; ') || 'none';
  lines.push(`| ${r.label} | ${errs.replace(/\|/g, '\\|')} | ${hz || '–'} | ${bal} | ${warn.replace(/\|/g, '\\|')} |`);
}
writeFileSync(`${arg('out')}.md`, `${lines.join('\n')}\n`);
