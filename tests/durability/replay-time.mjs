// How long a restart takes to replay a long session: 20 clients cast 1,500 ballots each (30,000 journaled
// events, --durability fast), the server is killed with SIGKILL, and the time until the restarted server
// listens again is printed next to an empty start. A measurement, not a test (CI does not run it):
//   cd tests && node durability/replay-time.mjs        (HUDDLE_BIN picks another server binary)
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import WebSocket from 'ws';

import { repoRoot } from '../browser/server.mjs';

const CLIENTS = 20;
const BALLOTS_EACH = 1500;
const bin = process.env.HUDDLE_BIN || path.join(repoRoot, 'build/bin/huddle');
const data = await mkdtemp(path.join(tmpdir(), 'huddle-replay-'));

/** Starts the server on `data`; resolves with the process, its port and how long it took to listen. */
function start() {
  const startedAt = Date.now();
  const server = spawn(bin, [
    '--port', '0', '--bind', '127.0.0.1', '--scenarios', path.join(repoRoot, 'scenarios'),
    '--web', path.join(repoRoot, 'client-web'), '--data', data, '--durability', 'fast', '--log-level', 'warn', '--rate-limit', '0',
    // 1,500 ballots each, as fast as the server answers: a replay measurement, not a pace test.
    '--changes-per-minute', '0',
  ]);
  return new Promise((resolve) => {
    server.stdout.on('data', (chunk) => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(String(chunk));
      if (match) resolve({ server, port: match[1], ms: Date.now() - startedAt });
    });
  });
}

/** A minimal client: request() resolves with the reply frame. */
async function connect(port) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  const waiting = new Map();
  let next = 0;
  ws.on('message', (raw) => {
    const frame = JSON.parse(raw);
    if (frame.type !== 'state') waiting.get(frame.id)?.(frame);
  });
  await new Promise((resolve) => ws.once('open', resolve));
  const request = (type, body = {}) => new Promise((resolve) => {
    const id = ++next;
    waiting.set(id, resolve);
    ws.send(JSON.stringify({ type, id, ...body }));
  });
  await request('hello', { protocol: 1 });
  return { request };
}

let { server, port, ms } = await start();
console.log(`empty start: listening after ${ms} ms`);
const console_ = await connect(port);
const { code } = (await console_.request('session.create', { scenario: 'first-time-manager' })).result;
const people = [];
for (let i = 0; i < CLIENTS; i += 1) {
  const person = await connect(port);
  await person.request('join', { code, name: `P${i}` });
  people.push(person);
}
await console_.request('phase.goto', { index: 1 });  // a scale poll, 1 to 5
const writing = Date.now();
await Promise.all(people.map(async (person, i) => {
  for (let k = 0; k < BALLOTS_EACH; k += 1) {
    await person.request('poll.vote', { pollId: 'poll-1', vote: { value: 1 + ((k + i) % 5) } });
  }
}));
console.log(`${CLIENTS * BALLOTS_EACH} ballots journaled in ${Date.now() - writing} ms`);
server.kill('SIGKILL');
await new Promise((resolve) => server.once('exit', resolve));
({ server, ms } = await start());
console.log(`restart replaying them: listening after ${ms} ms`);
server.kill();
await rm(data, { recursive: true, force: true });
process.exit(0);
