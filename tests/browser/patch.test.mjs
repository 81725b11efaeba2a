// A "me too" storm in a session of 120 people: the server sends the board's new counts as patches (PROTOCOL.md,
// "patch") instead of the whole board, and a real browser applies them: its board shows the same counts as the
// facilitator's, in the same order, and it got patches (not only whole pushes) on the way.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import WebSocket from 'ws';

import { applyPatch } from '../../client-web/js/json-patch.js';
import { createSession, findPhase, goToPhase, joinAs, readScenario, waitForValue, withServerAndBrowser } from './browser.mjs';

const SCENARIO = 'first-time-manager';
const PEOPLE = 120; // patches are made from 100 people on (core::patch_push_from)

const script = await readScenario(SCENARIO);
const cardsPhase = findPhase(script, 'a card board with K = 3', (a) => a.kind === 'cards' && (a.releaseThreshold ?? 3) === 3 && (a.moderation ?? 'none') === 'none');

/** A participant over a plain WebSocket: request() resolves with the reply; `activity` is the topic's latest data. */
async function wsParticipant(baseUrl, code, name) {
  const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/ws');
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map();
  const client = { ws, activity: null, version: 0, patches: 0 };
  ws.on('message', (raw) => {
    const msg = JSON.parse(raw.toString());
    if (msg.type === 'state' && msg.topic === 'activity') {
      client.activity = msg.data;
      client.version = msg.version;
    }
    if (msg.type === 'patch' && msg.topic === 'activity') {
      assert.equal(msg.base, client.version, 'a patch from the version this client holds');
      client.activity = applyPatch(client.activity, msg.ops);
      client.version = msg.version;
      client.patches += 1;
    }
    if ((msg.type === 'ack' || msg.type === 'error') && waiting.has(msg.id)) {
      waiting.get(msg.id)(msg);
      waiting.delete(msg.id);
    }
  });
  // Resolves once `done()` holds, checked after every frame (no polling): fails after 15 s.
  client.until = (done, what) =>
    new Promise((resolve, reject) => {
      if (done()) return resolve();
      const timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), 15_000);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        ws.off('message', check);
        resolve();
      };
      ws.on('message', check);
    });
  client.request = (type, fields = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ type, id, ...fields }));
    });
  assert.equal((await client.request('hello', { protocol: 1, client: 'patch-test' })).type, 'ack');
  const joined = await client.request('join', { code, name });
  assert.equal(joined.type, 'ack', JSON.stringify(joined));
  return client;
}

/** The participant board's cards as shown: [{text, votes}] in display order. */
function shownBoard() {
  return [...document.querySelectorAll('[data-testid="board-card"]')].map((card) => ({
    text: card.querySelector('[data-testid="card-text"]').textContent,
    votes: card.querySelector('[data-testid="card-votes"]').textContent.trim(),
  }));
}

describe('patches in a large session', () => {
  let server;
  let browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  test('a "me too" storm reaches a real browser as patches, and its board matches the facilitator\'s', async () => {
    const { page: console_, code } = await createSession(browser, server.baseUrl, SCENARIO);
    const { page } = await joinAs(browser, server.baseUrl, code, 'Browser Person');
    const patches = [];
    page.on('websocket', (socket) =>
      socket.on('framereceived', ({ payload }) => {
        if (typeof payload === 'string' && payload.includes('"type":"patch"')) patches.push(JSON.parse(payload));
      }),
    );
    // The page's socket is already open: reload so the listener sees the socket it resumes on.
    await page.reload();
    await page.getByTestId('my-name').waitFor();
    const people = [];
    for (let i = 0; i < PEOPLE; ++i) people.push(await wsParticipant(server.baseUrl, code, `Person ${i + 1}`));
    await goToPhase(console_, cardsPhase, [page]);
    for (let i = 0; i < 6; ++i) assert.equal((await people[i].request('card.submit', { text: `Question ${i + 1} about the budget` })).type, 'ack');
    await waitForValue(page, () => document.querySelectorAll('[data-testid="board-card"]').length, undefined, 6, 'six cards on the board');
    const cards = people[0].activity.board.cards.map((c) => c.id);
    // Skewed, as in a room: the last-released card gets most "me too"s, so the display order differs from release order.
    for (let i = 0; i < PEOPLE; ++i) {
      const card = cards[i % 3 === 0 ? cards.length - 1 : i % cards.length];
      assert.equal((await people[i].request('card.vote', { cardId: card, vote: true })).type, 'ack');
    }
    const total = (board) => board.reduce((sum, c) => sum + Number(c.votes), 0);
    const shownTotal = () =>
      [...document.querySelectorAll('[data-testid="board-card"] [data-testid="card-votes"]')].reduce((sum, n) => sum + Number(n.textContent.trim()), 0);
    await waitForValue(page, shownTotal, undefined, PEOPLE, 'every "me too" counted on the page');
    const shown = await page.evaluate(shownBoard);
    assert.equal(total(shown), PEOPLE);
    // Most "me too"s first, with the counts a plain client rebuilt from the same patches.
    await people[0].until(() => total(people[0].activity.board.cards) === PEOPLE, 'a plain client counted every "me too" too');
    const expected = [...people[0].activity.board.cards].sort((a, b) => b.votes - a.votes);
    assert.deepEqual(shown.map((c) => c.votes), expected.map((c) => String(c.votes)));
    assert.ok(patches.length > 0, 'the browser got patches, not only whole boards');
    assert.ok(patches.every((p) => p.topic === 'activity' && p.version > p.base));
    assert.ok(people.some((p) => p.patches > 0), 'plain clients got patches too');
    for (const p of people) p.ws.close();
  });
});
