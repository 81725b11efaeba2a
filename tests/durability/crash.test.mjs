// Crash test: many clients vote and write cards as fast as the server answers, the server is killed with
// SIGKILL at a random moment, and a new server on the same data folder must hold every acknowledged item
// exactly once, and nothing that was never sent. Repeated at several kill points.
//
// What "acknowledged" means here: an ack frame reached the client. A request in flight at the kill may or
// may not have been stored (its ack was lost with the process), so either outcome is allowed for that one
// request per client, and nothing else.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import WebSocket from 'ws';

import { repoRoot, startServer } from '../browser/server.mjs';

const scenariosDir = path.join(repoRoot, 'tests/fixtures/durability-scenarios');
const CLIENTS = 30;
const WAIT_MS = 10_000;

class Client {
  constructor(port) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    this.next = 1;
    this.waiting = new Map();
    this.topics = new Map();
    this.topicWaiters = [];
    this.closed = new Promise((resolve) => this.ws.once('close', resolve));
    this.ws.on('message', (raw) => {
      const frame = JSON.parse(raw);
      if (frame.type === 'state') {
        this.topics.set(frame.topic, frame.data);
        this.topicWaiters = this.topicWaiters.filter((w) => !(w.topic === frame.topic && w.pred(frame.data) && (w.resolve(frame.data), true)));
      } else {
        this.waiting.get(frame.id)?.(frame);
        this.waiting.delete(frame.id);
      }
    });
    this.ws.on('error', () => {});
  }
  opened() {
    return new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    });
  }
  // The reply, or null if the connection died first.
  request(body) {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.closed.then(() => resolve(null));
      this.ws.send(JSON.stringify({ ...body, id }), () => {});
    });
  }
  topic(name, pred = () => true) {
    const now = this.topics.get(name);
    if (now && pred(now)) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${name} push matching in time`)), WAIT_MS);
      this.topicWaiters.push({ topic: name, pred, resolve: (d) => { clearTimeout(timer); resolve(d); } });
    });
  }
  close() { this.ws.close(); }
}

async function ok(client, body) {
  const reply = await client.request(body);
  assert.equal(reply?.type, 'ack', `${body.type}: ${JSON.stringify(reply)}`);
  return reply.result;
}

async function connect(port) {
  const c = new Client(port);
  await c.opened();
  await ok(c, { type: 'hello', protocol: 1 });
  return c;
}

// One client's storm: ballots one after the other (each a new text), and a card every ~2.1 s (the pace limit).
async function storm(client, i, log, stopAt) {
  let k = 0;
  let lastCard = 0;
  while (Date.now() < stopAt) {
    const text = `c${i}-v${++k}`;
    log.votes[i].inFlight = text;
    const reply = await client.request({ type: 'poll.vote', pollId: 'quick-1', vote: { text } });
    if (!reply) return;  // the server is gone
    if (reply.type === 'ack') log.votes[i].acked = text;
    log.votes[i].inFlight = null;
    if (Date.now() - lastCard > 2100) {
      lastCard = Date.now();
      const card = `card c${i} n${k}`;
      log.cardsSent.add(card);
      log.cardsInFlight.add(card);
      const sent = await client.request({ type: 'card.submit', text: card });
      if (!sent) return;
      log.cardsInFlight.delete(card);
      if (sent.type === 'ack') log.cardsAcked.add(card);
    }
  }
}

async function crashOnce(killAfterMs) {
  // No request limit and no per-person pace: the storm is meant to go as fast as the server answers.
  const extraArgs = ['--rate-limit', '0', '--changes-per-minute', '0'];
  let server = await startServer({ scenariosDir, extraArgs });
  const { dataDir } = server;
  let stopped = false;
  try {
    const console_ = await connect(server.port);
    const { code, facilitatorKey } = await ok(console_, { type: 'session.create', scenario: 'storm' });
    await ok(console_, { type: 'phase.next' });
    await ok(console_, { type: 'poll.quick', poll: { pollKind: 'open', question: 'Say anything', maxLength: 40 } });
    const clients = [];
    for (let i = 0; i < CLIENTS; i += 1) {
      const c = await connect(server.port);
      await ok(c, { type: 'join', code, name: `Storm ${i}` });
      clients.push(c);
    }
    const log = { votes: clients.map(() => ({ acked: null, inFlight: null })), cardsSent: new Set(), cardsAcked: new Set(), cardsInFlight: new Set() };
    const storms = clients.map((c, i) => storm(c, i, log, Date.now() + 60_000));
    await new Promise((resolve) => setTimeout(resolve, killAfterMs));
    await server.crash();
    await Promise.all(storms);
    const ackedVotes = log.votes.filter((v) => v.acked).length;

    server = await startServer({ scenariosDir, dataDir, extraArgs });
    const fac = await connect(server.port);
    await ok(fac, { type: 'facilitator.attach', code, facilitatorKey });
    const first = await fac.topic('console', (d) => d.board !== null);
    if (first.board.waiting > 0) await ok(fac, { type: 'card.release', force: true });
    const view = await fac.topic('console', (d) => d.board.waiting === 0 && d.poll?.pollId === 'quick-1');

    // Cards: every acknowledged one exactly once; nothing that was never sent; an in-flight one at most once.
    const onBoard = view.board.cards.map((c) => c.text);
    const counts = new Map();
    for (const t of onBoard) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, n] of counts) {
      assert.equal(n, 1, `card "${t}" is on the board ${n} times`);
      assert.ok(log.cardsSent.has(t), `card "${t}" was never sent`);
      assert.ok(log.cardsAcked.has(t) || log.cardsInFlight.has(t), `card "${t}" was refused yet stored`);
    }
    for (const t of log.cardsAcked) assert.ok(counts.has(t), `acknowledged card "${t}" was lost`);

    // Ballots: each client's is its last acknowledged one, or the one in flight at the kill.
    const texts = view.poll.results.texts;
    for (let i = 0; i < CLIENTS; i += 1) {
      const mine = texts.filter((t) => t.startsWith(`c${i}-`));
      const { acked, inFlight } = log.votes[i];
      const allowed = [acked, inFlight].filter(Boolean);
      if (!acked) assert.ok(mine.length <= 1, `client ${i} has ${mine.length} ballots`);
      else assert.equal(mine.length, 1, `client ${i} has ${mine.length} ballots, expected "${acked}"`);
      for (const t of mine) assert.ok(allowed.includes(t), `client ${i}'s ballot "${t}" is neither its last ack "${acked}" nor in flight`);
    }
    await server.stop();
    stopped = true;
    for (const c of [...clients, console_, fac]) c.close();
    return { ackedVotes, ackedCards: log.cardsAcked.size };
  } finally {
    if (!stopped) await server.stop();
  }
}

describe('crash: kill -9 during a vote and card storm loses nothing acknowledged', () => {
  // Early, middle and late in the storm, plus one random point (printed, so a failure can be replayed).
  const random = 300 + Math.floor(Math.random() * 2500);
  for (const killAfterMs of [150, 1200, 3500, random]) {
    test(`killed ${killAfterMs} ms into the storm`, async (t) => {
      const { ackedVotes, ackedCards } = await crashOnce(killAfterMs);
      t.diagnostic(`${ackedVotes} clients had acknowledged ballots, ${ackedCards} acknowledged cards`);
      if (killAfterMs >= 1200) assert.ok(ackedCards > 0 && ackedVotes > 0, 'the storm did real work before the kill');
    });
  }
});
