// A local Huddle cluster in the foreground, for a developer (scripts/cluster.sh runs this): Redis, PostgreSQL,
// HAProxy and N Huddle nodes on loopback (tests/cluster/services.mjs), every process's output prefixed with its
// name, until Ctrl-C stops them all.
//   node tests/cluster/run-cluster.mjs [--nodes 3] [--port 8080] [--stats-port 8404] [--lease-ms 3000] [--standalone] [--quiet]
// --port / --stats-port: HAProxy's public and operators' ports (default: free ones). --standalone: the nodes run
// without --journal/--redis (each its own SQLite journal), for a binary without cluster mode.
// Env: HUDDLE_BIN (default build/bin/huddle), HUDDLE_CLUSTER_LOG_LEVEL (the nodes' --log-level; default info).
import { huddleBinary, huddleHasFlag, missingPrograms, setSignalHandler, startCluster } from './services.mjs';

function parse(argv) {
  const o = { nodes: 3, port: null, statsPort: null, leaseMs: 3000, standalone: false, quiet: false };
  const number = (flag, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} wants a positive whole number, not ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    if (flag === '--standalone') o.standalone = true;
    else if (flag === '--quiet') o.quiet = true;
    else if (['--nodes', '--port', '--stats-port', '--lease-ms'].includes(flag)) {
      const v = number(flag, argv[++i]);
      if (flag === '--nodes') o.nodes = v;
      else if (flag === '--port') o.port = v;
      else if (flag === '--stats-port') o.statsPort = v;
      else o.leaseMs = v;
    } else if (flag === '-h' || flag === '--help') {
      console.log('usage: run-cluster.mjs [--nodes N] [--port P] [--stats-port S] [--lease-ms MS] [--standalone] [--quiet]');
      process.exit(0);
    } else throw new Error(`unknown flag ${flag} (see --help)`);
  }
  return o;
}

async function main() {
  let o;
  try {
    o = parse(process.argv.slice(2));
  } catch (e) {
    console.error(`run-cluster: ${e.message}`);
    process.exit(2);
  }
  const missing = missingPrograms();
  if (missing.length) {
    console.error(`run-cluster: missing ${missing.join(', ')}: run \`scripts/setup.sh test\` and build huddle (scripts/build.sh release)`);
    process.exit(1);
  }
  const lacking = ['journal', 'redis', 'node-id', 'lease-ms'].filter((f) => !huddleHasFlag(f));
  if (!o.standalone && lacking.length) {
    console.error(`run-cluster: ${huddleBinary()} has no ${lacking.map((f) => `--${f}`).join(', ')}: starting the nodes standalone ` +
      '(each with its own journal; a session lives on the node that created it). --standalone says so quietly.');
    o.standalone = true;
  }
  if (!o.quiet) process.env.HUDDLE_CLUSTER_LOGS = '1';
  process.env.HUDDLE_CLUSTER_LOG_LEVEL ??= 'info';

  console.error(`run-cluster: starting Redis, PostgreSQL, ${o.nodes} Huddle node(s) and HAProxy...`);
  const cluster = await startCluster({ nodes: o.nodes, cluster: !o.standalone, services: true, leaseMs: o.leaseMs, port: o.port, statsPort: o.statsPort });

  let stopping = false;
  setSignalHandler(async () => {
    if (stopping) process.exit(130); // a second Ctrl-C: kill everything at once (the exit handler does)
    stopping = true;
    console.error('\nrun-cluster: stopping (Ctrl-C again to kill everything at once)...');
    await cluster.stop();
    console.error('run-cluster: stopped');
    process.exit(0);
  });

  const nodes = [...cluster.nodes.values()].map((n) => `${n.name} http://127.0.0.1:${n.port}`).join(', ');
  console.log([
    '',
    `Huddle cluster up: ${cluster.url}/`,
    `  participants   ${cluster.url}/`,
    `  facilitator    ${cluster.url}/facilitator.html`,
    `  HAProxy stats  ${cluster.statsUrl}  (Prometheus: ${cluster.statsUrl.replace(/\/stats$/, '/metrics')})`,
    `  nodes          ${nodes}${o.standalone ? ' (standalone)' : ''}`,
    cluster.redis ? `  Redis          ${cluster.redis.url}` : null,
    cluster.postgres ? `  PostgreSQL     ${cluster.postgres.url}` : null,
    `  files          ${cluster.root}`,
    'Ctrl-C stops everything.',
    '',
  ].filter((l) => l !== null).join('\n'));

  // A node that dies (a crash, or someone's kill -9 to watch a failover) is reported; the rest keep running.
  for (const node of cluster.nodes.values()) {
    node.proc.exited.then(({ code, signal }) => {
      if (!stopping) console.error(`run-cluster: ${node.name} exited (code ${code}, signal ${signal})`);
    });
  }
}

main().catch((e) => {
  console.error(`run-cluster: ${e.stack ?? e.message}`);
  process.exit(1);
});
