// A Huddle cluster on loopback, from the Debian packages (issue 17): Redis 7, PostgreSQL 15, HAProxy 2.6 and N
// Huddle nodes, each a real process in its own folder under one temporary root, on free loopback ports.
// Nothing waits by sleeping: a service is ready when it says so (its log line, `redis-cli ping`, `pg_isready`,
// /healthz, HAProxy's own view of its nodes). Every process started here is stopped by stop(), and killed with
// SIGKILL when this Node process exits or is interrupted, so a failing test leaves nothing running.
//
//   const cluster = await startCluster({ nodes: 3 });   // cluster: true adds --journal/--redis/--node-id/--lease-ms
//   cluster.url                  // http://127.0.0.1:PORT, HAProxy's public side
//   cluster.wsUrl(code)          // ws://127.0.0.1:PORT/ws?code=CODE
//   await cluster.node('n2').crash();   // kill -9
//   await cluster.stop();
//
// Env: HUDDLE_BIN (default <repo>/build/bin/huddle), HUDDLE_SOURCE_DIR (scenarios and client-web; default this
// repository), HUDDLE_PG_BIN (default /usr/lib/postgresql/15/bin), HUDDLE_CLUSTER_LOGS=1 (every process's output on
// stderr, prefixed with its name), HUDDLE_KEEP_CLUSTER=1 (keep the temporary folder after stop, for a post-mortem).
import { execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, accessSync, constants as fsConstants } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { DEFAULT_MAXCONN, renderHaproxyConfig } from '../../deploy/haproxy/render-config.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');

export const huddleBinary = () => process.env.HUDDLE_BIN || path.join(repoRoot, 'build/bin/huddle');
export const sourceDir = () => process.env.HUDDLE_SOURCE_DIR || repoRoot;
const pgBin = (name) => path.join(process.env.HUDDLE_PG_BIN || '/usr/lib/postgresql/15/bin', name);

/** The programs a cluster needs, by what a missing one is called in the message. */
export function clusterPrograms() {
  return {
    'redis-server': '/usr/bin/redis-server',
    'redis-cli': '/usr/bin/redis-cli',
    initdb: pgBin('initdb'),
    postgres: pgBin('postgres'),
    pg_isready: pgBin('pg_isready'),
    psql: pgBin('psql'),
    haproxy: '/usr/sbin/haproxy',
    huddle: huddleBinary(),
  };
}

function executable(file) {
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The programs of clusterPrograms() this machine lacks, as "name (path)". */
export function missingPrograms() {
  return Object.entries(clusterPrograms()).filter(([, file]) => !executable(file)).map(([name, file]) => `${name} (${file})`);
}

/**
 * Why the cluster tests cannot run here, or null when they can. With CI set a missing program is an error, not a
 * skip: CI runs `scripts/setup.sh test`, so something is wrong with the machine or the build.
 */
export function clusterSkipReason() {
  const missing = missingPrograms();
  if (missing.length === 0) return null;
  const message = `the cluster tests need ${missing.join(', ')}: run \`scripts/setup.sh test\` (and build huddle)`;
  if (process.env.CI) throw new Error(message);
  return message;
}

let helpText = null;
/** Whether this huddle binary takes a flag (cluster mode is arriving flag by flag). */
export function huddleHasFlag(flag) {
  helpText ??= (() => {
    try {
      return execFileSync(huddleBinary(), ['--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 });
    } catch (e) {
      return `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
  })();
  return new RegExp(`^\\s*--${flag}(?=\\s)`, "m").test(helpText);
}

// --- processes ---

const live = new Set(); // every child still running, whoever started it
const roots = new Set(); // temporary folders to remove at exit

function killEverythingNow() {
  for (const proc of live) {
    try {
      proc.child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  if (process.env.HUDDLE_KEEP_CLUSTER !== '1') for (const dir of roots) rmSync(dir, { recursive: true, force: true });
}
process.on('exit', killEverythingNow);

// Ctrl-C, a CI runner's SIGTERM: kill what we started and exit as the signal would have (the exit handler above
// runs). run-cluster.mjs replaces this with a graceful stop (setSignalHandler).
let signalHandler = (signal) => process.exit(128 + os.constants.signals[signal]);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, (s) => signalHandler(s));
/** Replaces what SIGINT/SIGTERM/SIGHUP do here (by default: kill every child at once and exit). */
export function setSignalHandler(handler) {
  signalHandler = handler;
}

const OUTPUT_KEEP = 64 * 1024;
const SETPRIV = '/usr/bin/setpriv';

/** One child process: its output (the last 64 KB), its exit, and the ways to end it. */
export class Proc {
  constructor(name, file, args, { cwd, uid, gid, env } = {}) {
    this.name = name;
    this.file = file;
    this.args = args;
    this.output = '';
    this.lineWaiters = [];
    // Under `setpriv --pdeathsig KILL` (util-linux), which execs the program with the kernel's parent-death
    // signal set: even if this Node process is killed with -9 (a CTest timeout), the kernel kills the child.
    const [cmd, argv] = existsSync(SETPRIV) ? [SETPRIV, ['--pdeathsig', 'KILL', '--', file, ...args]] : [file, args];
    this.child = spawn(cmd, argv, { cwd, uid, gid, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(this);
    this.exitInfo = null;
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        live.delete(this);
        this.exitInfo = { code, signal };
        for (const w of this.lineWaiters.splice(0)) w.reject(new Error(`${name} exited (code ${code}, signal ${signal}) before printing ${w.label}\n${this.describe()}`));
        resolve(this.exitInfo);
      });
    });
    this.child.once('error', (e) => {
      this.output += `\n[spawn error: ${e.message}]`;
    });
    const echo = process.env.HUDDLE_CLUSTER_LOGS === '1';
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        this.output = (this.output + chunk).slice(-OUTPUT_KEEP);
        if (echo) process.stderr.write(chunk.replace(/^(?=.)/gm, `[${name}] `));
        for (const w of [...this.lineWaiters]) {
          if (w.re.test(this.output)) {
            this.lineWaiters.splice(this.lineWaiters.indexOf(w), 1);
            w.resolve(this.output.match(w.re));
          }
        }
      });
    }
  }

  get running() {
    return this.exitInfo === null;
  }

  get pid() {
    return this.child.pid;
  }

  describe() {
    return `--- ${this.name}: ${this.file} ${this.args.join(' ')}\n${this.output.slice(-8000)}`;
  }

  /** Resolves with the match once the output (stdout or stderr) matches `re`; rejects if the process exits first. */
  waitForOutput(re, { timeoutMs = 30_000, label = String(re) } = {}) {
    const m = this.output.match(re);
    if (m) return Promise.resolve(m);
    if (!this.running) return Promise.reject(new Error(`${this.name} is not running\n${this.describe()}`));
    return withTimeout(new Promise((resolve, reject) => this.lineWaiters.push({ re, label, resolve, reject })), timeoutMs,
      () => `${this.name} did not print ${label} within ${timeoutMs} ms\n${this.describe()}`);
  }

  /** Sends `signal`, waits `graceMs` for the exit, then SIGKILL. Resolves with {code, signal}. */
  async stop({ signal = 'SIGTERM', graceMs = 10_000 } = {}) {
    if (!this.running) return this.exitInfo;
    this.child.kill(signal);
    let timer;
    const late = new Promise((resolve) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, graceMs);
    });
    await Promise.race([this.exited, late]);
    clearTimeout(timer);
    return this.exited;
  }

  /** kill -9: no shutdown at all, as when a machine dies. */
  async crash() {
    if (this.running) this.child.kill('SIGKILL');
    return this.exited;
  }
}

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(typeof message === 'function' ? message() : message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Thrown by a probe of until() when waiting longer cannot help (the process it waits for has exited). */
export class GaveUp extends Error {}

/**
 * Asks `probe` until it returns something truthy (which it resolves with), at most every `everyMs`, failing after
 * `timeoutMs`. For what no process announces (a port that accepts, HAProxy's view of a node): each answer is the
 * event, the pause only spaces the questions.
 */
export async function until(probe, { timeoutMs = 30_000, everyMs = 50, label = 'a condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (e) {
      if (e instanceof GaveUp) throw e;
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await pause(everyMs);
  }
}

function run(file, args, { uid, gid, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { uid, gid, timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

/** `n` loopback ports nobody listens on now (held open together, so they differ). */
export async function freePorts(n) {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** True once something accepts TCP connections on 127.0.0.1:port. */
export function accepting(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** GET http://127.0.0.1:port/path -> {status, body, json} (json null if the body is not JSON). */
export async function httpGet(port, pathname, { timeoutMs = 2000 } = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${pathname}`, { signal: AbortSignal.timeout(timeoutMs) });
  const body = await res.text();
  let json = null;
  try {
    json = JSON.parse(body);
  } catch {
    // not JSON
  }
  return { status: res.status, body, json };
}

// --- one folder per run ---

/** The user PostgreSQL runs as: itself when not root; the `postgres` system user when root (it refuses root). */
function postgresUser() {
  if (process.getuid() !== 0) return {};
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, and there is no `postgres` user for PostgreSQL to run as: run `scripts/setup.sh test`');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export function makeRoot(prefix = 'huddle-cluster-') {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(root, 0o755); // the postgres user goes through it to its own folder
  roots.add(root);
  return root;
}

function removeRoot(root) {
  roots.delete(root);
  if (process.env.HUDDLE_KEEP_CLUSTER === '1') console.error(`cluster folder kept: ${root}`);
  else rmSync(root, { recursive: true, force: true });
}

// --- Redis ---

export async function startRedis({ root, port }) {
  const dir = path.join(root, 'redis');
  mkdirSync(dir);
  // No RDB snapshots, no AOF: the leases are meant to vanish with Redis, and nothing is left on disk.
  const proc = new Proc('redis', '/usr/bin/redis-server', [
    '--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no',
    '--daemonize', 'no', '--logfile', '', '--loglevel', 'notice',
  ]);
  await proc.waitForOutput(/Ready to accept connections/, { label: '"Ready to accept connections"' });
  await until(async () => (await run('/usr/bin/redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'])).trim() === 'PONG',
    { label: `redis-cli ping on port ${port}` });
  return {
    proc,
    port,
    url: `redis://127.0.0.1:${port}`,
    /** One command through redis-cli; resolves with its raw output, trimmed. */
    cli: async (...args) => (await run('/usr/bin/redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--no-raw', ...args])).trim(),
    /** GET key: the string, or null when there is none. */
    get: async (key) => {
      const out = await run('/usr/bin/redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--raw', 'GET', key]);
      return out === '\n' || out === '' ? null : out.replace(/\n$/, '');
    },
    keys: async (pattern) => (await run('/usr/bin/redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--raw', '--scan', '--pattern', pattern]))
      .split('\n').filter(Boolean),
    stop: () => proc.stop({ signal: 'SIGTERM', graceMs: 5000 }),
  };
}

// --- PostgreSQL ---

export async function startPostgres({ root, port, database = 'huddle' }) {
  const dir = path.join(root, 'postgres');
  const data = path.join(dir, 'data');
  mkdirSync(dir, { mode: 0o700 });
  const user = postgresUser();
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid);
  // Trust on loopback only (listen_addresses below), as the test's own database; UTF-8 and the C locale so
  // nothing depends on the machine's locales.
  await run(pgBin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
    { ...user, timeoutMs: 120_000 });
  // fsync off: the tests kill processes, never the machine, so what a commit wrote is in the kernel's page
  // cache and survives; it spares a shared 2-core machine's disk. Each commit is still a real commit.
  const proc = new Proc('postgres', pgBin('postgres'), [
    '-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`,
    '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200', '-c', 'log_min_messages=warning',
  ], { ...user, cwd: dir });
  await proc.waitForOutput(/database system is ready to accept connections/, { label: '"ready to accept connections"', timeoutMs: 60_000 });
  await until(async () => {
    await run(pgBin('pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres']);
    return true;
  }, { label: `pg_isready on port ${port}` });
  const psql = (sql, db = database) => run(pgBin('psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-XAtqc', sql]);
  await psql(`CREATE DATABASE ${database}`, 'postgres');
  return {
    proc,
    port,
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    psql,
    // Fast shutdown: open transactions roll back, committed ones stay.
    stop: () => proc.stop({ signal: 'SIGINT', graceMs: 15_000 }),
  };
}

// --- HAProxy ---

/**
 * As many connections as this machine lets HAProxy hold: each takes two descriptors (client and node side), and
 * HAProxy refuses to start with a maxconn its hard file limit cannot back.
 */
export function haproxyMaxconn() {
  let hard = Infinity;
  try {
    const out = execFileSync('/bin/sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
    if (/^\d+$/.test(out)) hard = Number(out);
  } catch {
    // no shell: assume no limit below the default
  }
  return Math.max(256, Math.min(DEFAULT_MAXCONN, Math.floor((hard - 200) / 2)));
}

export async function startHaproxy({ root, port, statsPort, nodes, maxconn = haproxyMaxconn() }) {
  const dir = path.join(root, 'haproxy');
  mkdirSync(dir);
  const config = path.join(dir, 'huddle.cfg');
  writeFileSync(config, renderHaproxyConfig({ port, statsPort, nodes, maxconn, runtimeSocket: path.join(dir, 'admin.sock') }));
  await run('/usr/sbin/haproxy', ['-c', '-q', '-f', config]);
  // -db: in the foreground, logging to stdout, ended by a signal like any other child.
  const proc = new Proc('haproxy', '/usr/sbin/haproxy', ['-db', '-f', config], { cwd: dir });
  await until(async () => {
    if (!proc.running) throw new GaveUp(`haproxy exited\n${proc.describe()}`);
    return (await accepting(port)) && (await accepting(statsPort));
  }, { label: `haproxy accepting on ${port} and ${statsPort}` });

  /** HAProxy's view of each node: {n1: 'UP', n2: 'DOWN', ...} (from its stats CSV). */
  const serverStates = async () => {
    const { body } = await httpGet(statsPort, '/stats;csv');
    const [header, ...rows] = body.replace(/^# /, '').trim().split('\n');
    const cols = header.split(',');
    const at = (row, name) => row.split(',')[cols.indexOf(name)];
    const states = {};
    for (const row of rows) {
      if (at(row, 'pxname') === 'huddle_nodes' && !['FRONTEND', 'BACKEND'].includes(at(row, 'svname'))) {
        states[at(row, 'svname')] = { status: at(row, 'status'), current: Number(at(row, 'scur')), total: Number(at(row, 'stot')) };
      }
    }
    return states;
  };
  return {
    proc,
    port,
    statsPort,
    config,
    serverStates,
    /** Resolves once HAProxy's health checks say each named node is UP and the others DOWN. */
    waitForNodes: (up, { timeoutMs = 30_000 } = {}) => until(async () => {
      const states = await serverStates();
      // "UP 1/2" is a node that failed one check of the two that take it out: still up.
      return Object.entries(states).every(([name, s]) => (up.includes(name) ? s.status === 'UP' : /^(DOWN|MAINT)/.test(s.status))) && states;
    }, { timeoutMs, label: `HAProxy to see exactly ${up.join(', ')} UP and the others down` }),
    stop: () => proc.stop({ signal: 'SIGTERM', graceMs: 5000 }),
  };
}

// --- Huddle nodes ---

/**
 * One node. With `cluster`, it joins the cluster: --journal (PostgreSQL), --redis, --node-id and --lease-ms;
 * without, it is a single Huddle with its SQLite journal in its own folder (enough to check HAProxy's routing).
 */
export async function startHuddleNode({ root, name, port, publicOrigins = [], cluster = null, extraArgs = [], readyTimeoutMs = 30_000 }) {
  const dir = path.join(root, name);
  if (!existsSync(dir)) mkdirSync(dir);
  const src = sourceDir();
  const args = [
    '--bind', '127.0.0.1', '--port', String(port),
    '--scenarios', path.join(src, 'scenarios'), '--web', path.join(src, 'client-web'), '--data', dir,
    '--log-level', process.env.HUDDLE_CLUSTER_LOG_LEVEL || 'warn',
  ];
  for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, ...publicOrigins]) args.push('--public-origin', origin);
  // HAProxy connects from 127.0.0.1 and names each client in X-Forwarded-For: the per-address limits then count
  // the client, not the proxy (a huddle without the flag counts everyone as the proxy).
  if (huddleHasFlag('trusted-proxy')) args.push('--trusted-proxy', '127.0.0.1');
  if (cluster) {
    args.push('--journal', cluster.journal, '--redis', cluster.redis, '--node-id', name, '--lease-ms', String(cluster.leaseMs));
  }
  args.push(...extraArgs);
  const proc = new Proc(name, huddleBinary(), args);
  await proc.waitForOutput(/listening on https?:\/\/\S+:\d+/, { label: '"listening on"', timeoutMs: readyTimeoutMs });
  await until(async () => {
    if (!proc.running) throw new GaveUp(`${name} exited\n${proc.describe()}`);
    return (await httpGet(port, '/healthz')).status === 200;
  }, { label: `${name} /healthz 200`, timeoutMs: readyTimeoutMs });
  return {
    name,
    port,
    proc,
    dir,
    healthz: () => httpGet(port, '/healthz'),
    stop: (opts) => proc.stop(opts),
    crash: () => proc.crash(),
  };
}

// --- the whole cluster ---

/**
 * Redis, PostgreSQL, N Huddle nodes and HAProxy in front of them, started in that order (HAProxy last, once its
 * nodes answer, and ready once its checks see every node UP).
 * @param {object} o
 * @param {number} [o.nodes] how many Huddle nodes (n1, n2, ...)
 * @param {boolean} [o.cluster] start the nodes in cluster mode (needs Redis and PostgreSQL; default true)
 * @param {boolean} [o.services] start Redis and PostgreSQL even without cluster mode (default: as `cluster`)
 * @param {number} [o.leaseMs] --lease-ms
 * @param {string[]} [o.huddleArgs] more flags for every node
 * @param {number} [o.port] HAProxy's public port (default: a free one)
 */
export async function startCluster({ nodes = 3, cluster = true, services = cluster, leaseMs = 3000, huddleArgs = [], port = null, statsPort = null } = {}) {
  const root = makeRoot();
  const names = Array.from({ length: nodes }, (_, i) => `n${i + 1}`);
  const ports = await freePorts(4 + nodes);
  const [redisPort, pgPort] = ports;
  const haPort = port ?? ports[2];
  const haStatsPort = statsPort ?? ports[3];
  const nodePorts = ports.slice(4);
  const started = { redis: null, postgres: null, haproxy: null, nodes: new Map() };
  const publicOrigins = [`http://127.0.0.1:${haPort}`, `http://localhost:${haPort}`];

  let stopping = null;
  const stop = () => {
    stopping ??= (async () => {
      await started.haproxy?.stop();
      await Promise.all([...started.nodes.values()].map((n) => n.stop({ signal: 'SIGTERM', graceMs: 10_000 })));
      await Promise.all([started.redis?.stop(), started.postgres?.stop()]);
      removeRoot(root);
    })();
    return stopping;
  };

  const startNode = (name, i) => startHuddleNode({
    root, name, port: nodePorts[i], publicOrigins, extraArgs: huddleArgs,
    cluster: cluster ? { journal: started.postgres.url, redis: started.redis.url, leaseMs } : null,
  });

  try {
    if (services) {
      [started.redis, started.postgres] = await Promise.all([startRedis({ root, port: redisPort }), startPostgres({ root, port: pgPort })]);
    }
    // All at once: the journal's tables are created under a PostgreSQL advisory lock, whoever comes first.
    const results = await Promise.allSettled(names.map(async (name, i) => started.nodes.set(name, await startNode(name, i))));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    started.nodes = new Map(names.map((name) => [name, started.nodes.get(name)]));
    started.haproxy = await startHaproxy({ root, port: haPort, statsPort: haStatsPort, nodes: names.map((name, i) => ({ name, host: '127.0.0.1', port: nodePorts[i] })) });
    await started.haproxy.waitForNodes(names);
  } catch (e) {
    await stop();
    throw e;
  }

  return {
    root,
    url: `http://127.0.0.1:${haPort}`,
    wsUrl: (code) => `ws://127.0.0.1:${haPort}/ws${code ? `?code=${encodeURIComponent(code)}` : ''}`,
    statsUrl: `http://127.0.0.1:${haStatsPort}/stats`,
    redis: started.redis,
    postgres: started.postgres,
    haproxy: started.haproxy,
    nodes: started.nodes,
    node: (name) => {
      const n = started.nodes.get(name);
      if (!n) throw new Error(`no node ${name} (there are ${[...started.nodes.keys()].join(', ')})`);
      return n;
    },
    /** Starts a stopped or crashed node again, on its port and folder, with the same flags. */
    restart: async (name) => {
      const i = names.indexOf(name);
      const old = started.nodes.get(name);
      if (old?.proc.running) throw new Error(`${name} is still running`);
      started.nodes.set(name, await startNode(name, i));
      return started.nodes.get(name);
    },
    /** Everything every process printed lately, for a failure message. */
    describe: () => [started.redis, started.postgres, ...started.nodes.values(), started.haproxy].filter(Boolean).map((s) => s.proc.describe()).join('\n'),
    stop,
  };
}
