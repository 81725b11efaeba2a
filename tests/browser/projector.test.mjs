// The projector (issue 16 item 6): the console hands out a projector link and code that open the wall view on another
// machine (the room's PC) and nothing more; the wall shows the join link's QR code (drawn by the server), the phase and
// its countdown in every phase and an info phase's text; and at 1366x768 and 1920x1080 every option, word, answer,
// card and seat fits the screen: nothing scrolls and nothing is cut off, from two options to twelve long ones.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';

import WebSocket from 'ws';

import {
  assertCleanPage,
  createSession,
  goToPhase,
  openPage,
  waitForText,
  waitForTextMatching,
  waitForValue,
  withServerAndBrowser,
} from './browser.mjs';
import { repoRoot } from './server.mjs';

const SCREENS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const PEOPLE = 40;  // enough answers to fill a wall several times over
const PROJECTOR_CODE = /^[ABCDEFGHJKMNPQRSTVWXYZ2-9]{4}-[ABCDEFGHJKMNPQRSTVWXYZ2-9]{4}-[ABCDEFGHJKMNPQRSTVWXYZ2-9]{4}$/;
const outputDir = path.join(repoRoot, 'tests/browser-output');

/** A participant over a bare WebSocket (the wall needs many answers, not many browsers). */
class Person {
  constructor(port) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    this.next = 1;
    this.waiting = new Map();
    this.topics = new Map();
    this.watchers = [];
    this.ws.on('message', (raw) => {
      const frame = JSON.parse(raw);
      if (frame.type === 'state') {
        this.topics.set(frame.topic, frame.data);
        this.watchers = this.watchers.filter((w) => !(w.topic === frame.topic && w.pred(frame.data) && (w.resolve(frame.data), true)));
      } else {
        this.waiting.get(frame.id)?.(frame);
        this.waiting.delete(frame.id);
      }
    });
  }

  async open(code, name) {
    await new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    });
    await this.ok({ type: 'hello', protocol: 1 });
    await this.ok({ type: 'join', code, name });
  }

  async ok(body) {
    const id = this.next++;
    const reply = await new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ ...body, id }));
    });
    assert.equal(reply.type, 'ack', `${body.type}: ${JSON.stringify(reply)}`);
    return reply.result;
  }

  topic(name, pred) {
    const now = this.topics.get(name);
    if (now && pred(now)) return Promise.resolve(now);
    return new Promise((resolve) => this.watchers.push({ topic: name, pred, resolve }));
  }

  close() {
    this.ws.close();
  }
}

/** What the wall shows and whether it fits: run in the projector page. */
function wallReport() {
  const main = document.querySelector('[data-testid="projector-main"]');
  const box = main.getBoundingClientRect();
  const selector = ['result-row', 'cloud-word', 'open-text', 'projector-card', 'fishbowl-seat']
    .map((id) => `[data-testid="projector-stage"] [data-testid="${id}"]`)
    .join(',');
  const items = [...document.querySelectorAll(selector)].filter((node) => !node.closest('[hidden]'));
  const cut = items
    .filter((node) => {
      const r = node.getBoundingClientRect();
      return r.width === 0 || r.height === 0 || r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1 || r.right > box.right + 1;
    })
    .map((node) => node.textContent.slice(0, 40));
  const timer = document.querySelector('[data-testid="countdown-time"]');
  // Open answers that cannot all be read at once are counted in "and N more answers" instead of being cut.
  const more = document.querySelector('[data-testid="projector-more"]');
  const counted = more && !more.hidden && more.textContent.includes(more.dataset.count) ? Number(more.dataset.count) : 0;
  return {
    mainOverflows: main.scrollHeight > main.clientHeight + 1,
    pageScrolls: document.documentElement.scrollHeight > innerHeight + 1 || document.documentElement.scrollWidth > innerWidth + 1,
    items: items.length + counted,
    cut,
    // Readable from the back of a room: no item's text below 12 px.
    tiny: items.filter((node) => parseFloat(getComputedStyle(node).fontSize) < 12).length,
    title: document.querySelector('[data-testid="projector-phase-title"]').textContent,
    timer: Boolean(timer && !timer.closest('[hidden]') && /^\d+:\d\d$/.test(timer.textContent)),
  };
}

describe('the projector', () => {
  let server;
  let browser;
  withServerAndBrowser(
    (s, b) => {
      server = s;
      browser = b;
    },
    { scenariosDir: path.join(repoRoot, 'tests/fixtures/projector-scenarios') },
  );

  /** The console's projector link and code, once the share box has them. */
  async function projectorLink(consolePage) {
    await consolePage.getByTestId('projector-share-toggle').click();
    const projectorCode = await waitForTextMatching(consolePage, 'projector-share-code', PROJECTOR_CODE);
    const href = await consolePage.getByTestId('projector-link').getAttribute('href');
    return { href, projectorCode };
  }

  test('the projector link opens the wall on another machine, with the join QR code, and a typed code does too', async () => {
    const facilitator = await createSession(browser, server.baseUrl, 'projector-fit');
    const { code } = facilitator;
    const { href, projectorCode } = await projectorLink(facilitator.page);
    assert.ok(href.startsWith(`${server.baseUrl}/projector.html#`), href);
    const key = await facilitator.page.evaluate(() => JSON.parse(localStorage.getItem('huddle.facilitator')).facilitatorKey);
    assert.ok(!href.includes(key), 'the facilitator key is not in the link');

    // The room's PC: another browser context, with nothing of the console's in its storage.
    const room = await openPage(browser, href, { contextOptions: { viewport: SCREENS[0] } });
    await waitForText(room.page, 'projector-code', code);
    assert.equal(new URL(room.page.url()).hash, '', 'the projector code leaves the address bar at once');
    const joinLink = `${server.baseUrl}/?code=${code}`;
    const qrProbe = (testid) => {
      const img = document.querySelector(`[data-testid="${testid}"]`);
      return img && !img.hidden && img.complete && img.naturalWidth > 0 ? img.alt : null;
    };
    // In the lobby the join panel is the whole wall, with the big QR code.
    await waitForValue(room.page, qrProbe, 'projector-idle-qr', `QR code of the join link ${joinLink}`, 'the big QR code in the lobby');
    const qr = await fetch(`${server.baseUrl}/api/sessions/${code}/qr.svg`);
    assert.equal(qr.status, 200);
    assert.equal(qr.headers.get('content-type'), 'image/svg+xml');
    assert.match(await qr.text(), new RegExp(`<title>${joinLink.replace(/[.?]/g, '\\$&')}</title>`));

    await goToPhase(facilitator.page, 'Two options');
    await waitForText(room.page, 'projector-question', 'Tea or coffee?');
    await waitForValue(room.page, qrProbe, 'projector-qr', `QR code of the join link ${joinLink}`, 'the QR code beside the join code');

    // A reload of the room's screen comes back by itself (the grant is kept in that browser).
    await room.page.reload();
    await waitForText(room.page, 'projector-question', 'Tea or coffee?');

    // Typed by hand on yet another machine: a wrong code is refused with a message, the right one opens the wall.
    const typed = await openPage(browser, `${server.baseUrl}/projector.html`, { contextOptions: { viewport: SCREENS[0] } });
    await typed.page.getByTestId('projector-form-code').fill(code.toLowerCase());
    await typed.page.getByTestId('projector-form-key').fill('AAAA-BBBB-CCCC');
    await typed.page.getByTestId('projector-form-submit').click();
    await waitForTextMatching(typed.page, 'projector-message', /do not open a session/);
    await typed.page.getByTestId('projector-form-key').fill(projectorCode.toLowerCase().replaceAll('-', ' '));
    await typed.page.getByTestId('projector-form-submit').click();
    await waitForText(typed.page, 'projector-question', 'Tea or coffee?');
    assert.equal(await typed.page.getByTestId('projector-attach-form').isHidden(), true);

    for (const page of [facilitator.page, room.page, typed.page]) await assertCleanPage(page);
    await Promise.all([facilitator.context.close(), room.context.close(), typed.context.close()]);
  });

  test('every phase fits 1366x768 and 1920x1080 with its title and countdown, from two options to the longest lists', async () => {
    await mkdir(outputDir, { recursive: true });
    const facilitator = await createSession(browser, server.baseUrl, 'projector-fit');
    const { code } = facilitator;
    const { href } = await projectorLink(facilitator.page);
    const walls = [];
    for (const viewport of SCREENS) {
      const wall = await openPage(browser, href, { contextOptions: { viewport } });
      await waitForText(wall.page, 'projector-code', code);
      walls.push({ ...wall, viewport });
    }
    const port = new URL(server.baseUrl).port;
    const people = [];
    for (let i = 0; i < PEOPLE; i += 1) {
      const person = new Person(port);
      await person.open(code, `Person ${i + 1}`);
      people.push(person);
    }
    const pollId = async (person) => (await person.topic('activity', (a) => Boolean(a?.poll)))?.poll.pollId;

    /** Waits until every wall shows `items` items of the phase `title` (or counts them), all inside the screen, with a countdown. */
    async function expectFit(title, items) {
      for (const wall of walls) {
        await waitForValue(
          wall.page,
          wallReport,
          undefined,
          { mainOverflows: false, pageScrolls: false, items, cut: [], tiny: 0, title, timer: true },
          `${title} at ${wall.viewport.width}x${wall.viewport.height}`,
        );
        const name = `projector-${title.toLowerCase().replace(/\W+/g, '-')}-${wall.viewport.width}x${wall.viewport.height}.png`;
        await wall.page.screenshot({ path: path.join(outputDir, name) });
      }
    }

    await goToPhase(facilitator.page, 'Welcome to the wall');
    for (const wall of walls) {
      await waitForValue(
        wall.page,
        () => [...document.querySelectorAll('[data-testid="projector-info-text"] > *')].map((n) => n.tagName.toLowerCase()),
        undefined,
        ['p', 'ul'],
        'the info text on the wall',
      );
      await waitForText(wall.page, 'projector-phase-step', 'Phase 1 of 9 · Briefing');
    }
    await expectFit('Welcome to the wall', 0);

    await goToPhase(facilitator.page, 'Two options');
    await expectFit('Two options', 2);
    await goToPhase(facilitator.page, 'Twelve long options');
    await expectFit('Twelve long options', 12);
    await goToPhase(facilitator.page, 'Rate it');
    await expectFit('Rate it', 10);

    await goToPhase(facilitator.page, 'One word');
    const wordPoll = await pollId(people[0]);
    await Promise.all(
      people.map((p, i) => p.ok({ type: 'poll.vote', pollId: wordPoll, vote: { words: [`word${i}`, `longerword${i % 13}`, `encouragement${i % 7}`] } })),
    );
    await expectFit('One word', PEOPLE + 13 + 7);

    await goToPhase(facilitator.page, 'Open answers');
    const openPoll = await pollId(people[0]);
    const answer = (i) => `Answer ${i + 1}: I would start by asking how they see the change, listen without interrupting, and agree when we talk again. `.repeat(2).slice(0, 270);
    await Promise.all(people.map((p, i) => p.ok({ type: 'poll.vote', pollId: openPoll, vote: { text: answer(i) } })));
    await expectFit('Open answers', PEOPLE);

    await goToPhase(facilitator.page, 'Questions');
    await Promise.all(
      people.slice(0, 12).map((p, i) => p.ok({ type: 'card.submit', text: `Card ${i + 1}: how do I give feedback to someone who was my peer last month and still sits next to me?` })),
    );
    await expectFit('Questions', 8);

    await goToPhase(facilitator.page, 'Fishbowl');
    for (const p of people.slice(0, 8)) await p.ok({ type: 'fishbowl.tapin' });
    await expectFit('Fishbowl', 9);

    await goToPhase(facilitator.page, 'Role-play');
    for (const wall of walls) await waitForText(wall.page, 'projector-idle-note', 'The role-play runs in the breakout rooms: follow your own screen.');
    await expectFit('Role-play', 0);

    for (const person of people) person.close();
    for (const wall of walls) await assertCleanPage(wall.page);
    await assertCleanPage(facilitator.page);
    await Promise.all([facilitator.context.close(), ...walls.map((w) => w.context.close())]);
  });
});
