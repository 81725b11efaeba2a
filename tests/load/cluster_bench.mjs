// One configuration of scripts/bench-cluster.sh: starts what it needs on loopback with the cluster tests' helpers
// (tests/cluster/services.mjs), runs huddle-load against it once, and stops everything again.
//   cluster  Redis, PostgreSQL, --nodes Huddle nodes in cluster mode (--journal postgres://, --redis), and
//            --balancers HAProxys (deploy/haproxy/huddle.cfg.in, each on its own port with the same config, as a
//            DNS round robin of load balancers would be: one HAProxy holds two descriptors per WebSocket, so at
//            20,000 per process it takes three for 20,000 people). Participants connect through them to
//            /ws?code=CODE; the session is created on the node the balancers hash its code to.
//   single   one Huddle node (its SQLite journal, or --journal postgres with PostgreSQL), behind the same
//            balancers, with the same clients.
// --via nodes: the participants connect straight to the nodes instead (participant i to node i % nodes, no
// balancer), with the session on n1, so huddle-load's figures per --url tell the session's node from its edges.
// Every process's CPU is measured by huddle-load (nodes as the server, one by one; HAProxys, Redis and PostgreSQL
// beside them). Writes DIR/LABEL.json (huddle-load's report plus what this script saw: the services, each node's
// /metrics and log, HAProxy's view of its servers) and DIR/LABEL.log (huddle-load's output).
//   node tests/load/cluster_bench.mjs --mode cluster|single --journal postgres|sqlite --n N --dir DIR --label L \
//     [--nodes 3] [--balancers 3] [--lease-ms 3000] [--client-processes K] [--load-core 1] [--node-core 0] [--health-checks on|paused] \
//     [--via balancers|nodes] [--huddle-load PATH] \
//     -- [huddle-load flags: --workloads, --rate, --duration, --spread, ...]
// Everything started here is killed when this process ends, however it ends (services.mjs). Cores: whatever this
// process runs on, the services it starts inherit (run it under `taskset -c C`); --node-core moves each Huddle node
// (all its threads) to that core once it is up, --load-core runs huddle-load (and its relays) on that one.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import {
  Proc, freePorts, haproxyMaxconn, httpGet, makeRoot, repoRoot, startHaproxy, startHuddleNode, startPostgres, startRedis,
} from '../cluster/services.mjs';

function parse(argv) {
  const o = { mode: 'cluster', journal: 'postgres', n: 20000, nodes: 3, balancers: 3, leaseMs: 3000, clientProcesses: 0, loadCore: null,
    nodeCore: null, healthChecks: 'paused', via: 'balancers', huddleLoad: path.join(repoRoot, 'build/bin/huddle-load'), dir: null, label: null, loadArgs: [] };
  const dash = argv.indexOf('--');
  if (dash >= 0) {
    o.loadArgs = argv.slice(dash + 1);
    argv = argv.slice(0, dash);
  }
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, v] = [argv[i], argv[i + 1]];
    if (v === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--mode') o.mode = v;
    else if (flag === '--journal') o.journal = v;
    else if (flag === '--n') o.n = Number(v);
    else if (flag === '--nodes') o.nodes = Number(v);
    else if (flag === '--balancers') o.balancers = Number(v);
    else if (flag === '--lease-ms') o.leaseMs = Number(v);
    else if (flag === '--client-processes') o.clientProcesses = Number(v);
    else if (flag === '--load-core') o.loadCore = v;
    else if (flag === '--node-core') o.nodeCore = v;
    else if (flag === '--health-checks') o.healthChecks = v === 'on' ? 'on' : 'paused';
    else if (flag === '--via') o.via = v;
    else if (flag === '--huddle-load') o.huddleLoad = v;
    else if (flag === '--dir') o.dir = v;
    else if (flag === '--label') o.label = v;
    else throw new Error(`unknown flag ${flag}`);
  }
  if (!['cluster', 'single'].includes(o.mode)) throw new Error('--mode is cluster or single');
  if (!['postgres', 'sqlite'].includes(o.journal)) throw new Error('--journal is postgres or sqlite');
  if (o.mode === 'cluster' && o.journal !== 'postgres') throw new Error('a cluster shares a PostgreSQL journal');
  if (o.mode === 'single') o.nodes = 1;
  if (!o.dir || !o.label) throw new Error('--dir and --label are required');
  if (!['balancers', 'nodes'].includes(o.via)) throw new Error('--via is balancers or nodes');
  if (!Number.isInteger(o.n) || o.n < 1) throw new Error('--n wants a positive whole number');
  return o;
}

// The pids of a process's children (PostgreSQL's backends and helpers under its postmaster).
function childrenOf(pid) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

// CPU seconds (user + system) of a process, from /proc.
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

// A process's threads' time on a CPU and waiting for one (runnable, not running), in seconds, from
// /proc/PID/task/*/schedstat: the wait says how much other work on the same core held it back.
function schedSeconds(pid) {
  let run = 0, wait = 0;
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const [r, w] = readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').trim().split(' ').map(Number);
      run += r;
      wait += w;
    }
  } catch {
    return null;
  }
  return { run: run / 1e9, wait: wait / 1e9 };
}

// Busy seconds of each core since boot (everything but idle and iowait), from /proc/stat.
function coreBusySeconds() {
  const out = {};
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const m = /^cpu(\d+) (.*)$/.exec(line);
    if (!m) continue;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = m[2].split(' ').map(Number);
    out[m[1]] = (user + nice + system + irq + softirq + steal) / 100;
  }
  return out;
}

// One command on HAProxy's runtime API (its stats socket); resolves with the answer.
function haproxyCommand(socket, command) {
  return new Promise((resolve, reject) => {
    const conn = net.connect(socket);
    let answer = '';
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${command}\n`));
    conn.on('data', (d) => { answer += d; });
    conn.on('end', () => resolve(answer.trim()));
    conn.on('error', reject);
  });
}

// A node's /metrics as {name: value} (samples without labels only).
async function metrics(port) {
  const { status, body } = await httpGet(port, '/metrics', { timeoutMs: 5000 });
  if (status !== 200) return null;
  const values = {};
  for (const line of body.split('\n')) {
    const m = /^([a-z_]+) (\S+)$/.exec(line);
    if (m) values[m[1]] = Number(m[2]);
  }
  return values;
}

// huddle-load as a child that dies with this process (services.mjs's Proc: setpriv --pdeathsig), on --load-core.
function runLoad(o, args, logFile) {
  const [file, argv] = o.loadCore != null ? ['/usr/bin/taskset', ['-c', String(o.loadCore), o.huddleLoad, ...args]] : [o.huddleLoad, args];
  const proc = new Proc('huddle-load', file, argv);
  let log = '';
  for (const stream of [proc.child.stdout, proc.child.stderr]) {
    stream.on('data', (chunk) => {
      log += chunk;
      process.stderr.write(chunk);
    });
  }
  return proc.exited.then((exit) => {
    writeFileSync(logFile, log);
    return exit;
  });
}

async function main() {
  const o = parse(process.argv.slice(2));
  mkdirSync(o.dir, { recursive: true });
  const root = makeRoot('huddle-bench-cluster-');
  const names = Array.from({ length: o.nodes }, (_, i) => `n${i + 1}`);
  const ports = await freePorts(2 + o.nodes + 2 * o.balancers);
  const [redisPort, pgPort] = ports;
  const nodePorts = ports.slice(2, 2 + o.nodes);
  const haPorts = ports.slice(2 + o.nodes, 2 + o.nodes + o.balancers);
  const haStatsPorts = ports.slice(2 + o.nodes + o.balancers);
  const started = { redis: null, postgres: null, nodes: [], haproxys: [] };
  const stopAll = async () => {
    await Promise.all(started.haproxys.map((h) => h.stop()));
    // SIGTERM: a cluster node drains (hands its sessions over) before it exits; the grace covers that.
    await Promise.all(started.nodes.map((n) => n.stop({ signal: 'SIGTERM', graceMs: 20_000 })));
    await Promise.all([started.redis?.stop(), started.postgres?.stop()]);
  };
  const affinity = execFileSync('taskset', ['-c', '-p', String(process.pid)], { encoding: 'utf8' }).trim().split(': ').at(-1);
  const record = { mode: o.mode, journal: o.journal, via: o.via, nodes: names, balancers: o.balancers, n: o.n, lease_ms: o.leaseMs,
    cores: { services: affinity, nodes: o.nodeCore ?? affinity, load: o.loadCore ?? 'any' } };
  let status = 1;
  try {
    const needPostgres = o.mode === 'cluster' || o.journal === 'postgres';
    [started.redis, started.postgres] = await Promise.all([
      o.mode === 'cluster' ? startRedis({ root, port: redisPort }) : null,
      needPostgres ? startPostgres({ root, port: pgPort }) : null,
    ]);
    // The caps a load run raises (as scripts/lib/bench-servers.sh does for one server), per node: any node may
    // end up with most of the connections. HAProxy connects from 127.0.0.1 and names each client in
    // X-Forwarded-For, so the per-address caps count the clients' addresses (--trusted-proxy).
    const room = o.n + 500;
    const limits = ['--rate-limit', '0', '--joins-per-minute', '0', '--durability', 'full', '--max-participants', String(o.n + 10),
      '--max-connections', String(room), '--max-connections-per-address', String(room), '--max-connections-per-network', String(room),
      '--trusted-proxy', '127.0.0.1'];
    if (o.mode === 'single' && o.journal === 'postgres') limits.push('--journal', started.postgres.url);
    const publicOrigins = haPorts.flatMap((p) => [`http://127.0.0.1:${p}`, `http://localhost:${p}`]);
    for (const [i, name] of names.entries()) {
      // One after the other: the first node creates the journal's tables.
      started.nodes.push(await startHuddleNode({
        root, name, port: nodePorts[i], publicOrigins, extraArgs: limits,
        cluster: o.mode === 'cluster' ? { journal: started.postgres.url, redis: started.redis.url, leaseMs: o.leaseMs } : null,
      }));
      // Every thread it has (I/O, journal, cluster): they were started on this process's cores, one I/O thread per core.
      if (o.nodeCore != null) execFileSync('taskset', ['-a', '-p', '-c', String(o.nodeCore), String(started.nodes.at(-1).proc.pid)], { stdio: 'ignore' });
    }
    const maxconn = haproxyMaxconn();
    for (let b = 0; b < o.balancers; b += 1) {
      const haRoot = path.join(root, `balancer${b + 1}`);
      mkdirSync(haRoot);
      started.haproxys.push(await startHaproxy({ root: haRoot, port: haPorts[b], statsPort: haStatsPorts[b], maxconn,
        nodes: names.map((name, i) => ({ name, host: '127.0.0.1', port: nodePorts[i] })) }));
    }
    await Promise.all(started.haproxys.map((h) => h.waitForNodes(names)));
    record.haproxy_maxconn = maxconn;
    // HAProxy takes a node out after two /healthz checks of more than a second (deploy/haproxy/huddle.cfg.in). A
    // node busy with 20,000 people on a shared core can be that slow (healthz_during shows it), and then every new
    // connection is refused with 503 (one node) or sent elsewhere (a cluster): the run would measure that instead.
    // Unless --health-checks on, the checks are paused once every node is UP; the nodes' /healthz is still timed.
    record.health_checks = o.healthChecks;
    if (o.healthChecks === 'paused') {
      for (const [b, h] of started.haproxys.entries()) {
        for (const name of names) {
          const answer = await haproxyCommand(path.join(root, `balancer${b + 1}`, 'haproxy', 'admin.sock'), `disable health huddle_nodes/${name}`);
          if (answer) throw new Error(`HAProxy ${b + 1}: disable health ${name}: ${answer}`);
        }
      }
    }

    const processes = o.clientProcesses || Math.max(1, Math.ceil((o.n + 100) / 19_000));
    const entry = o.via === 'nodes' ? nodePorts : haPorts;
    const args = ['huddle', ...entry.flatMap((p) => ['--url', `ws://127.0.0.1:${p}/ws`]), '--clients', String(o.n),
      '--client-processes', String(processes), '--route-by-code', '--json', path.join(o.dir, `${o.label}.json`)];
    for (const [i, node] of started.nodes.entries()) {
      args.push('--create-on', `ws://127.0.0.1:${nodePorts[i]}/ws`, '--server-pid', `${node.name}=${node.proc.pid}`,
        '--metrics-url', `${node.name}=ws://127.0.0.1:${nodePorts[i]}`);
    }
    started.haproxys.forEach((h, b) => args.push('--other-pid', `haproxy${b + 1}=${h.proc.pid}`));
    if (started.redis) args.push('--other-pid', `redis=${started.redis.proc.pid}`);
    if (started.postgres) {
      for (const pid of [started.postgres.proc.pid, ...childrenOf(started.postgres.proc.pid)]) args.push('--other-pid', `postgres=${pid}`);
    }
    args.push(...o.loadArgs);
    record.huddle_load = ['huddle-load', ...args].join(' ');
    console.error(`cluster-bench: ${o.label}: ${o.mode}, ${o.nodes} node(s), ${o.balancers} HAProxy, ${o.journal} journal, N=${o.n}, ${processes} client process(es)`);
    // Meanwhile, each node's /healthz as HAProxy's checks see it (they give up after 1 s), every 500 ms.
    const healthz = Object.fromEntries(names.map((n) => [n, []]));
    const loadStarted = performance.now();
    let probing = true;
    const probes = started.nodes.map(async (node, i) => {
      while (probing) {
        const t0 = performance.now();
        const got = await httpGet(nodePorts[i], '/healthz', { timeoutMs: 10_000 }).catch((e) => ({ status: e.name }));
        healthz[node.name].push({ at_s: Math.round(t0 - loadStarted) / 1000, ms: Math.round(performance.now() - t0), status: got.status });
        await new Promise((r) => setTimeout(r, 500));
      }
    });
    // Who used the cores meanwhile: ours (nodes, balancers, Redis, PostgreSQL) and everything on the machine.
    const measured = { ...Object.fromEntries(started.nodes.map((n) => [n.name, n.proc.pid])),
      ...Object.fromEntries(started.haproxys.map((h, b) => [`haproxy${b + 1}`, h.proc.pid])),
      ...(started.redis ? { redis: started.redis.proc.pid } : {}) };
    const schedBefore = Object.fromEntries(Object.entries(measured).map(([k, pid]) => [k, schedSeconds(pid)]));
    const busyBefore = coreBusySeconds();
    const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const loadStatus = await runLoad(o, args, path.join(o.dir, `${o.label}.log`));
    const busyAfter = coreBusySeconds();
    record.run_seconds = (performance.now() - loadStarted) / 1000;
    record.load_average = { before: loadBefore, after: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') };
    record.core_busy_seconds = Object.fromEntries(Object.keys(busyAfter).map((c) => [c, Math.round((busyAfter[c] - busyBefore[c]) * 100) / 100]));
    record.sched_seconds = Object.fromEntries(Object.entries(measured).map(([k, pid]) => {
      const [a, b] = [schedBefore[k], schedSeconds(pid)];
      return [k, a && b ? { run: Math.round((b.run - a.run) * 100) / 100, waited_for_cpu: Math.round((b.wait - a.wait) * 100) / 100 } : null];
    }));
    probing = false;
    await Promise.all(probes);
    record.healthz_during = healthz;
    record.huddle_load_exit = loadStatus;
    status = loadStatus.code ?? 1;

    // What the nodes and balancers say afterwards: how fast each node answers /healthz (HAProxy's check), the
    // connections still open, errors counted, their logs.
    record.healthz_after_ms = {};
    for (const [i, node] of started.nodes.entries()) {
      const t0 = performance.now();
      const got = await httpGet(nodePorts[i], '/healthz', { timeoutMs: 10_000 }).catch((e) => ({ status: e.message }));
      record.healthz_after_ms[node.name] = { status: got.status, ms: Math.round(performance.now() - t0) };
    }
    record.node_metrics_after = {};
    for (const [i, node] of started.nodes.entries()) record.node_metrics_after[node.name] = await metrics(nodePorts[i]).catch(() => null);
    if (started.postgres) {
      record.postgres_processes_after = [started.postgres.proc.pid, ...childrenOf(started.postgres.proc.pid)]
        .map((pid) => ({ pid, cpu_seconds: cpuSeconds(pid) }));
    }
    // Per balancer, its view of each node and of the backend: connections, refusals (5xx), connection errors,
    // retries, failed checks.
    const columns = ['status', 'scur', 'smax', 'stot', 'econ', 'eresp', 'wretr', 'wredis', 'hrsp_1xx', 'hrsp_4xx', 'hrsp_5xx', 'qmax', 'ctime', 'chkfail', 'chkdown'];
    record.haproxy_after = [];
    for (const h of started.haproxys) {
      const { body } = await httpGet(h.statsPort, '/stats;csv').catch(() => ({ body: '' }));
      const [header, ...rows] = body.replace(/^# /, '').trim().split('\n');
      const cols = (header ?? '').split(',');
      const view = {};
      for (const row of rows) {
        const cells = row.split(',');
        if (cells[0] !== 'huddle_nodes' && cells[0] !== 'huddle') continue;
        view[`${cells[0]}/${cells[1]}`] = Object.fromEntries(columns.filter((c) => cols.includes(c)).map((c) => [c, cells[cols.indexOf(c)]]));
      }
      record.haproxy_after.push(view);
    }
  } catch (e) {
    console.error(`cluster-bench: ${o.label}: ${e.stack ?? e.message}`);
    record.failure = e.message;
  } finally {
    const logs = {};
    const named = [['redis', started.redis], ['postgres', started.postgres], ...started.nodes.map((n) => [n.name, n]),
      ...started.haproxys.map((h, b) => [`haproxy${b + 1}`, h])];
    for (const [name, p] of named) if (p) logs[name] = p.proc.output.slice(-3000);
    await stopAll().catch((e) => console.error(`cluster-bench: stopping: ${e.message}`));
    record.exits = Object.fromEntries([...started.nodes].map((n) => [n.name, n.proc.exitInfo]));
    record.logs = logs;
    const file = path.join(o.dir, `${o.label}.json`);
    let report = {};
    try {
      report = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      // huddle-load wrote none
    }
    report.bench = record;
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  }
  process.exit(status);
}

main().catch((e) => {
  console.error(`cluster-bench: ${e.stack ?? e.message}`);
  process.exit(1);
});
