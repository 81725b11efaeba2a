// Can the report API's timing tell a live join code from a dead one? (issue 15, item 1.) Asks a running server
// for reports with a wrong key, alternating a live session's code and a code that does not exist, over one
// keep-alive connection, and prints the medians and spreads of both. Start the server with
// --wrong-codes-per-minute 0, or the budget stops the run after 20 misses.
//
//   node tests/load/oracle_timing.mjs --port PORT [--rounds 4000]
import http from 'node:http';
import { parseArgs } from 'node:util';
import WebSocket from '../node_modules/ws/wrapper.mjs';

const { values } = parseArgs({ options: { port: { type: 'string' }, rounds: { type: 'string', default: '4000' } } });
const port = Number(values.port);
const rounds = Number(values.rounds);

async function createSession() {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  const replies = new Map();
  ws.on('message', (raw) => {
    const msg = JSON.parse(raw);
    replies.get(msg.id)?.(msg);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const ask = (body) => new Promise((resolve) => {
    replies.set(body.id, resolve);
    ws.send(JSON.stringify(body));
  });
  await ask({ type: 'hello', id: 1, protocol: 1, client: 'oracle-timing' });
  const created = await ask({ type: 'session.create', id: 2, scenario: 'first-90-days' });
  if (created.type !== 'ack') throw new Error(`session.create: ${JSON.stringify(created)}`);
  return { ws, code: created.result.code };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function askReport(code) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    http.get({ host: '127.0.0.1', port, path: `/api/sessions/${code}/report`, agent, headers: { 'X-Facilitator-Key': 'guess' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, micros: Number(process.hrtime.bigint() - started) / 1000 }));
    }).on('error', reject);
  });
}

const nearestRank = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
const { ws, code } = await createSession();
const times = { live: [], dead: [] };
for (let i = 0; i < rounds; i += 1) {
  const which = i % 2 ? 'live' : 'dead';
  const { status, micros } = await askReport(which === 'live' ? code : 'ZZZZZZ');
  if (status !== 404) throw new Error(`round ${i}: status ${status} (start the server with --wrong-codes-per-minute 0)`);
  times[which].push(micros);
}
for (const [which, list] of Object.entries(times)) {
  list.sort((a, b) => a - b);
  console.log(`${which}: n=${list.length} p10=${nearestRank(list, 0.1).toFixed(1)} us, median=${nearestRank(list, 0.5).toFixed(1)} us, p90=${nearestRank(list, 0.9).toFixed(1)} us`);
}
ws.close();
agent.destroy();
