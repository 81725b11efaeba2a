// Fills in deploy/haproxy/huddle.cfg.in: the addresses HAProxy listens on and the Huddle nodes behind it.
//
//   node deploy/haproxy/render-config.mjs --port 8080 --stats-port 8404 \
//     --node n1=10.0.0.11:8080 --node n2=10.0.0.12:8080 --node n3=10.0.0.13:8080 > /etc/haproxy/huddle.cfg
//   haproxy -c -f /etc/haproxy/huddle.cfg
//
// tests/cluster/services.mjs imports renderHaproxyConfig() to run a cluster on loopback.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const templatePath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'huddle.cfg.in');

// HAProxy's default: 20,000 people of one all-hands (issue 17), with room for the pages they load.
export const DEFAULT_MAXCONN = 25_000;

const NODE_NAME = /^[A-Za-z0-9_.-]{1,32}$/;
const HOST = /^[A-Za-z0-9_.:[\]-]{1,253}$/;

function checkPort(name, value) {
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a TCP port, not ${JSON.stringify(value)}`);
  return value;
}

/**
 * The config text.
 * @param {object} o
 * @param {string} [o.bind] address HAProxy listens on (default 127.0.0.1; 0.0.0.0 for every interface)
 * @param {number} o.port the public port: pages, API and WebSockets
 * @param {number} o.statsPort the operators' port: /stats and /metrics (Prometheus)
 * @param {{name: string, host: string, port: number}[]} o.nodes the Huddle nodes, by their --node-id
 * @param {string} o.runtimeSocket path of HAProxy's runtime API socket
 * @param {number} [o.maxconn]
 */
export function renderHaproxyConfig({ bind = '127.0.0.1', port, statsPort, nodes, runtimeSocket, maxconn = DEFAULT_MAXCONN, template = readFileSync(templatePath, 'utf8') }) {
  checkPort('port', port);
  checkPort('statsPort', statsPort);
  if (port === statsPort) throw new Error('port and statsPort must differ');
  if (!HOST.test(bind)) throw new Error(`bad bind address ${JSON.stringify(bind)}`);
  if (!Array.isArray(nodes) || nodes.length === 0) throw new Error('at least one node');
  if (typeof runtimeSocket !== 'string' || !path.isAbsolute(runtimeSocket) || /\s/.test(runtimeSocket)) {
    throw new Error(`runtimeSocket must be an absolute path without spaces, not ${JSON.stringify(runtimeSocket)}`);
  }
  if (!Number.isInteger(maxconn) || maxconn < 1) throw new Error(`bad maxconn ${maxconn}`);
  const seen = new Set();
  const servers = nodes.map(({ name, host, port: nodePort }) => {
    if (!NODE_NAME.test(name ?? '')) throw new Error(`bad node name ${JSON.stringify(name)}`);
    if (seen.has(name)) throw new Error(`node ${name} named twice`);
    seen.add(name);
    if (!HOST.test(host ?? '')) throw new Error(`bad host ${JSON.stringify(host)} for node ${name}`);
    checkPort(`port of node ${name}`, nodePort);
    // The server's name is the node's --node-id, so HAProxy's stats and the lease holder in Redis say the same.
    return `    server ${name} ${host}:${nodePort}`;
  });
  const values = {
    BIND: bind,
    PORT: String(port),
    STATS_PORT: String(statsPort),
    MAXCONN: String(maxconn),
    RUNTIME_SOCKET: runtimeSocket,
    SERVERS: servers.join('\n'),
  };
  const text = template.replace(/@([A-Z_]+)@/g, (whole, key) => {
    if (!(key in values)) throw new Error(`the template has a placeholder nobody fills: ${whole}`);
    return values[key];
  });
  return text;
}

// --- command line ---

function usage(message) {
  if (message) console.error(`render-config: ${message}`);
  console.error('usage: render-config.mjs --port P --stats-port S --node NAME=HOST:PORT [--node ...] [--bind ADDR] [--maxconn N] [--runtime-socket PATH]');
  process.exit(2);
}

function main(argv) {
  const o = { nodes: [], runtimeSocket: '/run/haproxy/huddle.sock' };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) usage(`${flag} needs a value`);
    i += 1;
    if (flag === '--port') o.port = Number(value);
    else if (flag === '--stats-port') o.statsPort = Number(value);
    else if (flag === '--bind') o.bind = value;
    else if (flag === '--maxconn') o.maxconn = Number(value);
    else if (flag === '--runtime-socket') o.runtimeSocket = value;
    else if (flag === '--node') {
      const m = /^([^=]+)=(.+):(\d+)$/.exec(value);
      if (!m) usage(`--node wants NAME=HOST:PORT, not ${value}`);
      o.nodes.push({ name: m[1], host: m[2], port: Number(m[3]) });
    } else usage(`unknown flag ${flag}`);
  }
  try {
    process.stdout.write(renderHaproxyConfig(o));
  } catch (e) {
    usage(e.message);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
