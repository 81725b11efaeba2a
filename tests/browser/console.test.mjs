// The console as the facilitator's cockpit (issue 16 item 5): at 1366x768 the phase, the timer and Next / Back stay on
// screen however far the page scrolls, with a poll's results, 60 cards or breakout rooms on it, and nothing scrolls
// sideways (nor on a phone); keyboard shortcuts move the phases and pause the timer but never take a key from a field,
// a select or a button, and are listed in a modal dialog; a room asking for help raises a toast, the tab's title and
// (when turned on) a tone until it is acknowledged; 60 cards can be searched, filtered and ordered.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import WebSocket from 'ws';

import {
  UI_TIMEOUT_MS,
  assertCleanPage,
  createSession,
  findPhase,
  goToPhase,
  joinAs,
  readScenario,
  waitForText,
  waitForTextMatching,
  waitForValue,
  withServerAndBrowser,
} from './browser.mjs';

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

/** A participant without a browser: a WebSocket that says hello, joins, and makes requests (the protocol's own frames). */
class SocketPerson {
  #ws;
  #next = 1;
  #waiting = new Map();
  #topics = new Map();
  #watchers = [];

  static async join(port, code, name) {
    const person = new SocketPerson(port);
    await new Promise((resolve, reject) => {
      person.#ws.once('open', resolve);
      person.#ws.once('error', reject);
    });
    await person.ok({ type: 'hello', protocol: 1 });
    await person.ok({ type: 'join', code, name });
    return person;
  }

  constructor(port) {
    this.#ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    this.#ws.on('message', (raw) => {
      const frame = JSON.parse(raw);
      if (frame.type === 'state') {
        this.#topics.set(frame.topic, frame.data);
        this.#watchers = this.#watchers.filter((w) => !(w.topic === frame.topic && w.test(frame.data) && (w.resolve(frame.data), true)));
      } else {
        this.#waiting.get(frame.id)?.(frame);
        this.#waiting.delete(frame.id);
      }
    });
    this.#ws.on('error', () => {});
  }

  topic(name) {
    return this.#topics.get(name) ?? null;
  }

  /** Resolves with topic `name` once a push of it passes `test` (at once if the last one does). */
  waitForTopic(name, test) {
    const now = this.#topics.get(name);
    if (now && test(now)) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${name} push as wanted`)), UI_TIMEOUT_MS);
      this.#watchers.push({ topic: name, test, resolve: (data) => { clearTimeout(timer); resolve(data); } });
    });
  }

  /** Sends `body` and resolves with the reply's result; fails on an error reply or after UI_TIMEOUT_MS. */
  ok(body) {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${body.type}: no reply`)), UI_TIMEOUT_MS);
      this.#waiting.set(id, (frame) => {
        clearTimeout(timer);
        if (frame.type === 'ack') resolve(frame.result);
        else reject(new Error(`${body.type}: ${JSON.stringify(frame)}`));
      });
      this.#ws.send(JSON.stringify({ ...body, id }));
    });
  }

  close() {
    this.#ws.close();
  }
}

/** Where the cockpit's controls are, relative to the window, after scrolling the page to its very bottom. */
async function cockpitAtTheBottom(page) {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await waitForValue(
    page,
    () => Math.abs(window.scrollY + window.innerHeight - document.documentElement.scrollHeight) <= 1,
    undefined,
    true,
    'the page scrolled to its bottom',
  );
  return page.evaluate(() => {
    const box = (testid) => {
      const node = document.querySelector(`[data-testid="${testid}"]`);
      if (!node || node.closest('[hidden]')) return null;
      const r = node.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    return {
      scrolled: window.scrollY,
      viewport: { width: window.innerWidth, height: window.innerHeight },
      sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      controls: Object.fromEntries(['current-phase', 'phase-timer', 'timer-toggle', 'back-button', 'next-button', 'help-indicator'].map((id) => [id, box(id)])),
    };
  });
}

/** Asserts that every control in `wanted` is wholly inside the window, and that nothing scrolls sideways. */
function assertOnScreen(seen, wanted, what) {
  assert.ok(seen.scrolled > 0, `${what}: the page is long enough to scroll (so the check means something)`);
  assert.equal(seen.sideways, 0, `${what}: no horizontal scroll`);
  for (const id of wanted) {
    const box = seen.controls[id];
    assert.ok(box, `${what}: ${id} is shown`);
    assert.ok(
      box.top >= 0 && box.left >= 0 && box.bottom <= seen.viewport.height && box.right <= seen.viewport.width,
      `${what}: ${id} is inside the ${seen.viewport.width}x${seen.viewport.height} window after scrolling to the bottom (${JSON.stringify(box)})`,
    );
  }
}

const ALWAYS = ['current-phase', 'phase-timer', 'timer-toggle', 'back-button', 'next-button'];

/** The console's card rows as shown, top to bottom: their texts. */
function consoleCardTexts() {
  return [...document.querySelectorAll('[data-testid="console-cards"] [data-testid="console-card"]')].map((row) => row.querySelector('[data-testid="card-text"]').textContent);
}

describe('the console as a cockpit', { timeout: 240_000 }, () => {
  let server;
  let browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  test('60 cards and a quick poll with results: the controls stay on screen at 1366x768 and on a phone; search, filter and order work', async (t) => {
    const scenario = await readScenario('leadership-reality-check');
    const cardsPhase = findPhase(scenario, 'a cards activity', (a) => a.kind === 'cards');
    const facilitator = await createSession(browser, server.baseUrl, scenario.id);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    await console_.setViewportSize(LAPTOP);

    const people = [];
    t.after(() => people.forEach((p) => p.close()));
    for (let i = 0; i < 60; i += 1) people.push(await SocketPerson.join(server.port, code, `Writer ${i + 1}`));
    await waitForText(console_, 'counts', '60 joined · 60 online');
    await goToPhase(console_, cardsPhase);

    // Sixty people write one card each (the last word tells them apart); they are released together.
    const texts = people.map((_, i) => `What about ${['budgets', 'hiring', 'feedback', 'meetings', 'priorities', 'conflict'][i % 6]} number ${i + 1}`);
    await Promise.all(people.map((p, i) => p.ok({ type: 'card.submit', text: texts[i] })));
    await waitForValue(console_, () => document.querySelectorAll('[data-testid="console-cards"] [data-testid="console-card"]').length, undefined, 60, 'sixty cards on the console');
    await waitForText(console_, 'console-waiting', 'No cards waiting');

    await console_.getByTestId('console-cards').screenshot({ path: new URL('../browser-output/console-cards-rows.png', import.meta.url).pathname });
    // Compact rows: sixty cards take less than 6,000 px (a row is one or two lines, not a card of its own).
    const listHeight = await console_.evaluate(() => document.querySelector('[data-testid="console-cards"]').getBoundingClientRect().height);
    assert.ok(listHeight < 6000, `sixty compact rows, ${Math.round(listHeight)} px tall`);

    // A quick poll over the board, with live results and a few votes.
    await console_.getByTestId('quick-kind').selectOption('single');
    await console_.getByTestId('quick-question').fill('Shall we take a break now?');
    await console_.getByTestId('quick-options').fill('Yes\nIn ten minutes');
    await console_.getByTestId('quick-results-live').check();
    await console_.getByTestId('quick-submit').click();
    await waitForText(console_, 'console-poll-question', 'Shall we take a break now?');
    const { poll: quick } = await people[0].waitForTopic('activity', (a) => a.poll?.question === 'Shall we take a break now?');
    await Promise.all(people.slice(0, 5).map((p, i) => p.ok({ type: 'poll.vote', pollId: quick.pollId, vote: { choice: i % 2 } })));
    await waitForText(console_, 'console-vote-count', '5 votes');

    // Scrolled to the very bottom of this long page, the cockpit is still all there, and nothing scrolls sideways.
    await console_.screenshot({ path: new URL('../browser-output/console-cards-1366-top.png', import.meta.url).pathname });
    assertOnScreen(await cockpitAtTheBottom(console_), ALWAYS, '1366x768 with 60 cards and a poll');
    await console_.screenshot({ path: new URL('../browser-output/console-cards-1366-bottom.png', import.meta.url).pathname });

    // Search: a word narrows the rows to the cards that have it, and says how many of how many are shown.
    await console_.evaluate(() => window.scrollTo(0, 0));
    await console_.getByTestId('card-search').fill('hiring');
    await waitForValue(console_, () => document.querySelectorAll('[data-testid="console-cards"] [data-testid="console-card"]').length, undefined, 10, 'ten cards about hiring');
    assert.ok((await console_.evaluate(consoleCardTexts)).every((x) => x.includes('hiring')), 'only cards about hiring are shown');
    await waitForText(console_, 'card-shown', '10 of 60 cards shown');
    await console_.getByTestId('card-search').fill('number 42');
    await waitForValue(console_, consoleCardTexts, undefined, [texts[41]], 'the one card with "number 42"');
    await console_.getByTestId('card-search').fill('');
    await waitForValue(console_, () => document.querySelectorAll('[data-testid="console-cards"] [data-testid="console-card"]').length, undefined, 60, 'all sixty again');

    // Votes order: three people say "me too" to card 17, which moves to the top.
    const board = await people[0].waitForTopic('activity', (a) => a.board?.cards?.length === 60);
    const card17 = board.board.cards.find((c) => c.text === texts[16]);
    await Promise.all(people.slice(0, 3).map((p) => p.ok({ type: 'card.vote', cardId: card17.id, vote: true })));
    await waitForValue(console_, () => document.querySelector('[data-testid="console-cards"] [data-testid="card-text"]')?.textContent, undefined, texts[16], 'the card with three "me too" first');

    // Newest first: five later cards (the last batch released: K is 5 here) lead once the order is switched.
    const later = ['A later card about travel', 'A later card about tooling', 'A later card about training', 'A later card about tone', 'A later card about trust'];
    // Five people who join now write them: the sixty wrote a card moments ago, and one person may write one card every
    // 2 s (a second card this soon is refused with rate_limited).
    const latecomers = [];
    for (let i = 0; i < later.length; i += 1) latecomers.push(await SocketPerson.join(server.port, code, `Latecomer ${i + 1}`));
    t.after(() => latecomers.forEach((p) => p.close()));
    await Promise.all(latecomers.map((p, i) => p.ok({ type: 'card.submit', text: later[i] })));
    await waitForValue(console_, () => document.querySelectorAll('[data-testid="console-cards"] [data-testid="console-card"]').length, undefined, 65, 'sixty-five cards');
    await console_.getByTestId('card-sort').selectOption('newest');
    await waitForValue(console_, (n) => [...document.querySelectorAll('[data-testid="console-cards"] [data-testid="card-text"]')].slice(0, n).map((x) => x.textContent).sort(), 5, [...later].sort(), 'the later cards first');
    await console_.getByTestId('card-sort').selectOption('votes');
    await waitForValue(console_, () => document.querySelector('[data-testid="console-cards"] [data-testid="card-text"]')?.textContent, undefined, texts[16], 'most "me too" first again');

    // Filters: pin one card, then "Pinned" shows just it; "In a theme" shows exactly the cards marked with a theme.
    const row = console_.locator('[data-testid="console-card"]', { has: console_.locator('[data-testid="card-text"]', { hasText: texts[29] }) });
    await row.getByTestId('card-pin').click();
    await waitForValue(console_, (text) => [...document.querySelectorAll('[data-testid="console-card"]')].find((r) => r.querySelector('[data-testid="card-text"]').textContent === text)?.dataset.pinned, texts[29], 'true', 'card 30 pinned');
    await console_.getByTestId('card-filter').selectOption('pinned');
    await waitForValue(console_, consoleCardTexts, undefined, [texts[29]], 'only the pinned card');
    await waitForText(console_, 'card-shown', '1 of 65 cards shown');
    await console_.getByTestId('card-filter').selectOption('all');
    await waitForValue(console_, () => document.querySelectorAll('[data-testid="console-cards"] [data-testid="console-card"]').length, undefined, 65, 'every card again');
    const withTheme = await console_.evaluate(() =>
      [...document.querySelectorAll('[data-testid="console-cards"] [data-testid="console-card"]')].filter((r) => r.querySelector('.flag-group')).map((r) => r.querySelector('[data-testid="card-text"]').textContent).sort(),
    );
    await console_.getByTestId('card-filter').selectOption('grouped');
    await waitForValue(console_, () => [...document.querySelectorAll('[data-testid="console-cards"] [data-testid="card-text"]')].map((x) => x.textContent).sort(), undefined, withTheme, 'exactly the cards in a theme');
    // "Waiting for approval" shows the approval list only (this board is not moderated: nothing there, no board rows).
    await console_.getByTestId('card-filter').selectOption('waiting');
    await waitForValue(console_, consoleCardTexts, undefined, [], 'no board rows under "waiting"');
    await console_.getByTestId('card-filter').selectOption('released');
    await waitForValue(console_, () => document.querySelectorAll('[data-testid="console-cards"] [data-testid="console-card"]').length, undefined, 65, 'every released card');

    // A phone: the same page has no sideways scroll, and the bar is still at hand at the bottom of the page.
    await console_.setViewportSize(PHONE);
    assertOnScreen(await cockpitAtTheBottom(console_), ALWAYS, '390x844 with 65 cards and a poll');
    await console_.screenshot({ path: new URL('../browser-output/console-cards-390-bottom.png', import.meta.url).pathname });
    await assertCleanPage(console_);
  });

  test('a room asks for help: a toast, the tab title and a tone until acknowledged; the cockpit stays on screen with the rooms', async (t) => {
    const scenario = await readScenario('first-time-manager');
    const roleplay = findPhase(scenario, 'a role-play', (a) => a.kind === 'roleplay');
    // Counts the tones the page makes (WebAudio oscillators started), so the test hears the sound without speakers.
    const countTones = () => {
      window.__tones = 0;
      const Context = window.AudioContext;
      if (!Context) return;
      const original = Context.prototype.createOscillator;
      Context.prototype.createOscillator = function createOscillator() {
        const osc = original.call(this);
        const start = osc.start.bind(osc);
        osc.start = (...args) => {
          window.__tones += 1;
          return start(...args);
        };
        return osc;
      };
    };
    const facilitator = await createSession(browser, server.baseUrl, scenario.id, { initScript: countTones });
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    await console_.setViewportSize(LAPTOP);
    const ana = await joinAs(browser, server.baseUrl, code, 'Ana');
    t.after(() => ana.context.close());
    const others = [await SocketPerson.join(server.port, code, 'Ben'), await SocketPerson.join(server.port, code, 'Cy')];
    t.after(() => others.forEach((p) => p.close()));
    await goToPhase(console_, roleplay, [ana.page]);

    await console_.getByTestId('breakout-form').click();
    await console_.getByTestId('breakout-room').first().waitFor();
    await console_.getByTestId('breakout-start').click();
    await waitForText(ana.page, 'room-heading', 'Room 1');
    const sessionTitle = await console_.title();
    assert.doesNotMatch(sessionTitle, /Help requested/);

    // The tone is off until the facilitator turns it on (turning it on plays it once, so they know what it sounds like).
    assert.equal(await console_.getByTestId('help-sound').isChecked(), false, 'no sound by default');
    assert.equal(await console_.evaluate(() => window.__tones), 0, 'no tone yet');
    await console_.getByTestId('help-sound').check();
    const afterToggle = await console_.evaluate(() => window.__tones);
    assert.ok(afterToggle > 0, 'turning the sound on plays the tone once');

    await ana.page.getByTestId('help-button').click();
    await waitForText(ana.page, 'help-status', 'Help is on the way');
    await waitForTextMatching(console_, 'help-toast', /^Room 1 asks for help/);
    await waitForValue(console_, () => document.title, undefined, `(1) Help requested · ${sessionTitle}`, 'the tab title counts the request');
    await waitForValue(console_, (before) => window.__tones > before, afterToggle, true, 'a tone for the new request');
    await waitForText(console_, 'help-indicator', 'Help: room 1');

    // With the rooms on screen and the page scrolled to its bottom, the cockpit and the help button are all in view.
    assertOnScreen(await cockpitAtTheBottom(console_), [...ALWAYS, 'help-indicator'], '1366x768 with breakout rooms');
    const toast = await console_.getByTestId('help-toast').boundingBox();
    assert.ok(toast && toast.y >= 0 && toast.y + toast.height <= LAPTOP.height, 'the toast is in view');
    await console_.screenshot({ path: new URL('../browser-output/console-help-1366.png', import.meta.url).pathname });

    // "Go to room 1" brings the room card into view with focus on its Clear button.
    await console_.getByTestId('help-toast-go').click();
    await waitForValue(console_, () => document.activeElement?.dataset.testid ?? null, undefined, 'help-clear', 'focus on the room\'s Clear button');

    // Acknowledged: the toast goes and the title comes back; the room still asks until its request is cleared.
    await console_.getByTestId('help-acknowledge').click();
    await waitForValue(console_, () => document.querySelectorAll('[data-testid="help-toast"]').length, undefined, 0, 'no toast after acknowledging');
    await waitForValue(console_, () => document.title, undefined, sessionTitle, 'the title after acknowledging');
    await waitForText(console_, 'help-indicator', 'Help: room 1');
    await console_.getByTestId('help-clear').click();
    await waitForValue(console_, () => document.querySelector('[data-testid="help-indicator"]').hidden, undefined, true, 'no help button once the request is cleared');
    await waitForText(ana.page, 'help-status', '');

    // Asking again is a new request: a new toast and title.
    await ana.page.getByTestId('help-button').click();
    await waitForTextMatching(console_, 'help-toast', /^Room 1 asks for help/);
    await waitForValue(console_, () => document.title, undefined, `(1) Help requested · ${sessionTitle}`, 'the title for the second request');
    for (const page of [console_, ana.page]) await assertCleanPage(page);
  });

  test('keyboard shortcuts move the phases and pause the timer, never while typing or on a select or button; ? lists them in a dialog; info and fishbowl phases keep the cockpit on screen', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, 'leadership-reality-check');
    t.after(() => facilitator.context.close());
    const { page: console_, scenario } = facilitator;
    await console_.setViewportSize(LAPTOP);
    const full = await readScenario(scenario.id);
    const titles = full.phases.map((p) => p.title);
    assert.ok(full.phases[0].durationSeconds && full.phases[1].durationSeconds, 'the first two phases are timed');
    await console_.evaluate(() => document.activeElement?.blur());

    await console_.keyboard.press('n');
    await waitForText(console_, 'current-phase', titles[0]);
    await console_.keyboard.press('ArrowRight');
    await waitForText(console_, 'current-phase', titles[1]);
    await console_.keyboard.press('b');
    await waitForText(console_, 'current-phase', titles[0]);
    await console_.keyboard.press('N');
    await waitForText(console_, 'current-phase', titles[1]);
    await console_.keyboard.press('ArrowLeft');
    await waitForText(console_, 'current-phase', titles[0]);

    await waitForText(console_, 'timer-toggle', 'Pause');
    await console_.keyboard.press('p');
    await waitForText(console_, 'timer-toggle', 'Resume');
    await waitForText(console_, 'countdown-status', 'Paused');
    await console_.keyboard.press(' ');
    await waitForText(console_, 'timer-toggle', 'Pause');

    // Typing in a field: the letters go into the field; nothing moves.
    await console_.getByTestId('quick-question').click();
    await console_.keyboard.type('n b p');
    await console_.keyboard.press('ArrowRight');
    assert.equal(await console_.getByTestId('quick-question').inputValue(), 'n b p', 'the field got the letters');
    await console_.getByTestId('announce-text').click();
    await console_.keyboard.type('Back in 5');
    assert.equal(await console_.getByTestId('announce-text').inputValue(), 'Back in 5');
    // A select keeps its arrows.
    await console_.getByTestId('quick-kind').focus();
    await console_.keyboard.press('ArrowRight');
    await console_.keyboard.press('ArrowLeft');
    // A focused button keeps Space: it presses that button (here "+1 min"), not the timer's pause.
    await console_.getByTestId('timer-plus').focus();
    await console_.keyboard.press(' ');
    await waitForText(console_, 'current-phase', titles[0]);
    assert.equal((await console_.getByTestId('timer-toggle').textContent()).trim(), 'Pause', 'Space on a button did not pause the timer');
    assert.equal(await console_.evaluate(() => document.querySelector('[data-testid="agenda-item"][aria-current="step"]')?.dataset.index), '0', 'still the first phase');

    // "?" opens the list as a modal dialog: focus inside, Tab stays inside, Esc closes and gives focus back.
    // (+1 min is off while its request is on its way; focus goes back to it once it is on again.)
    await console_.getByTestId('timer-plus').and(console_.locator(':enabled')).waitFor();
    await console_.getByTestId('timer-plus').focus();
    await console_.keyboard.press('?');
    const dialog = console_.getByTestId('shortcuts-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await dialog.evaluate((d) => d.open && d.matches(':modal')), true, 'a modal dialog');
    assert.equal(await dialog.getAttribute('aria-labelledby'), 'shortcuts-heading');
    assert.match(await dialog.textContent(), /Pause or resume the timer/);
    for (let i = 0; i < 3; i += 1) {
      assert.equal(await console_.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="shortcuts-dialog"]'))), true, 'focus stays in the dialog');
      await console_.keyboard.press(i === 1 ? 'Shift+Tab' : 'Tab');
    }
    // Keys do nothing behind the dialog.
    await console_.keyboard.press('n');
    await console_.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await console_.evaluate(() => document.activeElement?.dataset.testid), 'timer-plus', 'focus back where it was');
    assert.equal(await console_.evaluate(() => document.querySelector('[data-testid="agenda-item"][aria-current="step"]')?.dataset.index), '0', 'no phase change while the dialog was open');

    // The "?" button in the bar opens it too (Space on it is the button's, not the timer's).
    await console_.getByTestId('shortcuts-button').focus();
    await console_.keyboard.press(' ');
    await dialog.waitFor({ state: 'visible' });
    await console_.getByTestId('shortcuts-close').click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await console_.getByTestId('timer-toggle').textContent()).trim(), 'Pause');

    // The other activities keep the cockpit on screen too: this info phase with its text, then the fishbowl.
    await waitForValue(console_, () => document.querySelector('[data-testid="phase-text"]')?.hidden, undefined, false, 'the info text shown');
    assertOnScreen(await cockpitAtTheBottom(console_), ALWAYS, '1366x768 in an info phase');
    const fishbowl = findPhase(full, 'a fishbowl', (a) => a.kind === 'fishbowl');
    await goToPhase(console_, fishbowl);
    await console_.getByTestId('console-fishbowl').waitFor();
    assert.ok(full.phases[fishbowl.index].durationSeconds, 'the fishbowl is timed');
    assertOnScreen(await cockpitAtTheBottom(console_), ALWAYS, '1366x768 in a fishbowl');
    await assertCleanPage(console_);
  });
});
