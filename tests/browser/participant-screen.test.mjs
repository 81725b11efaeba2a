// Browser tests of the participant's screen as a person holds it (issue 16 items 7 and 8): the status bar (connection,
// announcement, what just happened) stays in sight while scrolling; an announcement can be dismissed for good and
// expires; messages about a state go when the state changes (a raised hand once seated, "your answer is in" once the
// session ended, "your card appears once enough people have written" once it did); and on a 390x844 phone the poll's
// Send button is on the first screen for every kind of poll, and long boards show more only when asked.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import {
  assertCleanPage,
  createSession,
  findPhase,
  goToPhase,
  joinAs,
  openPage,
  readScenario,
  waitForText,
  waitForTextMatching,
  waitForValue,
  withServerAndBrowser,
} from './browser.mjs';
import { repoRoot } from './server.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const OUTPUT = path.join(repoRoot, 'tests/browser-output');

const SCENARIO = 'first-time-manager';
const script = await readScenario(SCENARIO);
const seatedBowl = findPhase(script, 'a facilitator-seated fishbowl', (a) => a.kind === 'fishbowl' && a.seating === 'facilitator');
const cardsPhase = findPhase(script, 'a card board with K of 3', (a) => a.kind === 'cards' && (a.releaseThreshold ?? 3) === 3);
const pollPhase = findPhase(script, 'a poll', (a) => a.kind === 'poll' && a.pollKind === 'scale');

/** joinAs() on a phone: opens the participant page for `code` in a fresh 390x844 touch context and joins as `name`. */
async function joinOnPhone(browser, baseUrl, code, name) {
  const { context, page } = await openPage(browser, `${baseUrl}/?code=${encodeURIComponent(code)}`, { contextOptions: PHONE });
  await page.getByTestId('display-name').fill(name);
  await page.getByTestId('join-button').click();
  await waitForText(page, 'my-name', name);
  return { context, page };
}

/** Where the element with `testid` is in the viewport: {top, bottom, inView (wholly on screen)}, or null when absent or hidden. */
function inViewProbe(testid) {
  const node = document.querySelector(`[data-testid="${testid}"]`);
  if (!node || node.closest('[hidden]')) return null;
  const box = node.getBoundingClientRect();
  return { inView: box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight };
}

/** Whether the visible text of the element with `testid` is on the page at all (absent or hidden: false). */
function shownProbe(testid) {
  const node = document.querySelector(`[data-testid="${testid}"]`);
  return Boolean(node) && !node.closest('[hidden]') && node.getClientRects().length > 0;
}

/** Scrolls the page to its very end and says how far it went (0: nothing to scroll, the test would prove nothing). */
function scrollToEnd(page) {
  return page.evaluate(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    return window.scrollY;
  });
}

describe('the participant status bar and stale messages', { timeout: 180_000 }, () => {
  let server;
  let browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  test('the connection and the announcement stay in sight while scrolling; a dismissed announcement stays dismissed after a reload; it goes when its phase is over', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const ana = await joinOnPhone(browser, server.baseUrl, code, 'Ana');
    t.after(() => ana.context.close());
    const ben = await joinOnPhone(browser, server.baseUrl, code, 'Ben');
    t.after(() => ben.context.close());
    await goToPhase(console_, seatedBowl, [ana.page, ben.page]);

    const message = 'Back in the main room at 11:00.';
    await console_.getByTestId('announce-text').fill(message);
    await console_.getByTestId('announce-send').click();
    for (const page of [ana.page, ben.page]) await waitForText(page, 'announcement-text', message);

    // A long fishbowl page on a phone: scrolled to its end, the status bar is still on screen.
    const scrolled = await scrollToEnd(ana.page);
    assert.ok(scrolled > 300, `the page scrolls (${scrolled} px)`);
    await waitForValue(ana.page, inViewProbe, 'connection-status', { inView: true }, 'the connection state in sight at the end of the page');
    await waitForValue(ana.page, inViewProbe, 'announcement-text', { inView: true }, 'the announcement in sight at the end of the page');
    await waitForText(ana.page, 'connection-status', 'Connected');
    await ana.page.screenshot({ path: path.join(OUTPUT, 'participant-status-bar-scrolled.png') });

    // Ana dismisses it; a reload does not bring it back. Ben, who did not, still sees it.
    await ana.page.getByTestId('announcement-dismiss').click();
    await waitForValue(ana.page, shownProbe, 'announcement-text', false, 'the announcement put away');
    await ana.page.reload();
    await waitForText(ana.page, 'current-phase', seatedBowl.title);
    await waitForText(ana.page, 'connection-status', 'Connected');
    assert.equal(await ana.page.evaluate(shownProbe, 'announcement-text'), false, 'a dismissed announcement stays dismissed after a reload');
    await waitForText(ben.page, 'announcement-text', message);

    // A new announcement shows again, after a reload too.
    const second = 'Two minutes left.';
    await console_.getByTestId('announce-text').fill(second);
    await console_.getByTestId('announce-send').click();
    await waitForText(ana.page, 'announcement-text', second);
    await ana.page.reload();
    await waitForText(ana.page, 'announcement-text', second);

    // The phase it was made in is over: it leaves the participants' screens by itself.
    const next = { index: seatedBowl.index + 1, title: script.phases[seatedBowl.index + 1].title };
    await goToPhase(console_, next, [ana.page, ben.page]);
    for (const page of [ana.page, ben.page]) await waitForValue(page, shownProbe, 'announcement-text', false, 'the announcement expired with its phase');

    for (const page of [console_, ana.page, ben.page]) await assertCleanPage(page);
  });

  test('an announcement expires by itself after ten minutes', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const ana = await joinAs(browser, server.baseUrl, code, 'Ana');
    t.after(() => ana.context.close());
    await goToPhase(console_, pollPhase, [ana.page]);
    // The page's clock is Playwright's from here on, so ten minutes can pass in a moment.
    await ana.page.clock.install();
    await console_.getByTestId('announce-text').fill('Coffee is in the hall.');
    await console_.getByTestId('announce-send').click();
    await waitForText(ana.page, 'announcement-text', 'Coffee is in the hall.');
    await ana.page.clock.fastForward('09:00');
    await waitForText(ana.page, 'announcement-text', 'Coffee is in the hall.');
    await ana.page.clock.fastForward('01:30');
    await waitForValue(ana.page, shownProbe, 'announcement-text', false, 'the announcement gone after ten minutes');
    for (const page of [console_, ana.page]) await assertCleanPage(page);
  });

  test('a raised hand is no longer "up" once the facilitator seats the person', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const dee = await joinAs(browser, server.baseUrl, code, 'Dee');
    t.after(() => dee.context.close());
    await goToPhase(console_, seatedBowl, [dee.page]);
    await dee.page.getByTestId('fishbowl-tapin').click();
    await waitForText(dee.page, 'activity-status', 'Your hand is up: you are number 1 in the queue.');
    await console_.locator('[data-testid="console-fishbowl"] [data-testid="queue-item"]', { hasText: 'Dee' }).getByTestId('fishbowl-queue-seat').click();
    await waitForText(dee.page, 'fishbowl-place', 'You are in the inner circle');
    await waitForText(dee.page, 'activity-status', '');
    // Tapping out is said, and stays while Dee stays where it says she is.
    await dee.page.getByTestId('fishbowl-tapout').click();
    await waitForText(dee.page, 'activity-status', 'You tapped out. You are back in the outer circle.');
    await waitForText(dee.page, 'fishbowl-place', 'You are in the outer circle');
    await waitForText(dee.page, 'activity-status', 'You tapped out. You are back in the outer circle.');
    for (const page of [console_, dee.page]) await assertCleanPage(page);
  });

  test('"your card appears once enough people have written" is replaced once it did', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const people = [];
    for (const name of ['Kim', 'Lou', 'Max']) {
      const person = await joinAs(browser, server.baseUrl, code, name);
      t.after(() => person.context.close());
      people.push(person.page);
    }
    await goToPhase(console_, cardsPhase, people);
    const [kim] = people;
    await kim.getByTestId('card-input').fill('How often should we meet?');
    await kim.getByTestId('card-submit').click();
    await waitForTextMatching(kim, 'activity-status', /^Your card is in\. It appears once enough people have written\./);
    await waitForTextMatching(kim, 'board-waiting', /^1 card waiting$/);
    for (const [i, page] of people.slice(1).entries()) {
      await page.getByTestId('card-input').fill(`Question number ${i + 2}?`);
      await page.getByTestId('card-submit').click();
    }
    await waitForValue(kim, () => [...document.querySelectorAll('[data-testid="card-text"]')].map((n) => n.textContent).includes('How often should we meet?'), undefined, true, "Kim's card on the board");
    await waitForText(kim, 'activity-status', 'Your card is in, and on the board now.');
    await waitForText(kim, 'board-waiting', 'No cards waiting');
    for (const page of [console_, ...people]) await assertCleanPage(page);
  });

  test('"your answer is in" goes once the session ended', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const ana = await joinAs(browser, server.baseUrl, code, 'Ana');
    t.after(() => ana.context.close());
    await goToPhase(console_, pollPhase, [ana.page]);
    await ana.page.getByTestId('poll-option').nth(1).click();
    await ana.page.getByTestId('poll-submit').click();
    await waitForText(ana.page, 'activity-status', 'Your answer is in.');
    await waitForValue(ana.page, shownProbe, 'ballot-note', true, 'the ballot note');
    console_.once('dialog', (dialog) => dialog.accept());
    await console_.getByTestId('end-button').click();
    await waitForText(ana.page, 'current-phase', 'This session has ended');
    await waitForText(ana.page, 'activity-status', '');
    assert.equal(await ana.page.evaluate(shownProbe, 'ballot-note'), false, 'no "your answer is in" note after the end');
    for (const page of [console_, ana.page]) await assertCleanPage(page);
  });
});

// A scenario of the longest polls a script allows, a long card board and a fishbowl with named observations.
const PHONE_SCENARIO = {
  id: 'phone-screen-test',
  title: 'Phone screen test: the longest polls a scenario allows',
  description: 'Every poll kind at its longest, a long card board and a fishbowl.',
  competencies: ['testing'],
  durationMinutes: 30,
  phases: [
    { title: 'Welcome', notes: '', activity: { kind: 'info', text: 'Hello.' } },
    {
      title: 'Twelve options',
      notes: '',
      durationSeconds: 300,
      activity: {
        kind: 'poll',
        pollKind: 'single',
        question: 'Which of these twelve habits do you most want to build into your one-to-one conversations over the next quarter, starting this week?',
        options: Array.from({ length: 12 }, (_, i) => `Habit ${i + 1}: ask one more open question`),
      },
    },
    {
      title: 'Twelve, pick three',
      notes: '',
      durationSeconds: 300,
      activity: {
        kind: 'poll',
        pollKind: 'multi',
        question: 'Pick up to three of the twelve that you already do well.',
        options: Array.from({ length: 12 }, (_, i) => `Strength ${i + 1}`),
        maxChoices: 3,
      },
    },
    {
      title: 'Eleven points',
      notes: '',
      durationSeconds: 300,
      activity: { kind: 'poll', pollKind: 'scale', question: 'How likely are you to recommend this workshop to a colleague?', scale: { min: 0, max: 10, minLabel: 'Not at all likely', maxLabel: 'Extremely likely' } },
    },
    {
      title: 'Ten words',
      notes: '',
      durationSeconds: 300,
      activity: { kind: 'poll', pollKind: 'wordcloud', question: 'Ten words for how your team feels today.', maxEntries: 10, maxLength: 40 },
    },
    {
      title: 'Ten answers',
      notes: '',
      durationSeconds: 300,
      activity: { kind: 'poll', pollKind: 'open', question: 'Ten things you will try next week.', maxEntries: 10, maxLength: 1000 },
    },
    {
      title: 'A long board',
      notes: '',
      activity: { kind: 'cards', prompt: 'What is still unclear?', releaseThreshold: 1, maxPerPerson: 20 },
    },
    {
      title: 'A fishbowl',
      notes: '',
      activity: { kind: 'fishbowl', topic: 'Replay the hardest moment.', seats: 2, emptyChair: false, seating: 'volunteer', observations: 'named', prompt: 'What did you notice?' },
    },
  ],
};
const phonePhase = (title) => ({ index: PHONE_SCENARIO.phases.findIndex((p) => p.title === title), title });

/** The poll's Send button as the person sees it without scrolling: {scrollY, inView, onTop (not covered)}. */
function sendButtonProbe() {
  const button = document.querySelector('[data-testid="poll-submit"]');
  if (!button || button.closest('[hidden]')) return null;
  const box = button.getBoundingClientRect();
  const inView = box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight && box.left >= 0 && box.right <= window.innerWidth;
  const atCentre = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return { scrollY: window.scrollY, inView, onTop: Boolean(atCentre) && button.contains(atCentre) };
}

describe('a participant on a 390x844 phone', { timeout: 180_000 }, () => {
  let server;
  let browser;
  withServerAndBrowser(
    (s, b) => {
      server = s;
      browser = b;
    },
    { scenarios: [PHONE_SCENARIO] },
  );

  test('the Send button of every poll kind is on the first screen, twelve options and ten answers included', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, PHONE_SCENARIO.id);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const ana = await joinOnPhone(browser, server.baseUrl, code, 'Ana');
    t.after(() => ana.context.close());
    for (const title of ['Twelve options', 'Twelve, pick three', 'Eleven points', 'Ten words', 'Ten answers']) {
      const phase = phonePhase(title);
      await goToPhase(console_, phase, [ana.page]);
      await waitForText(ana.page, 'poll-question', PHONE_SCENARIO.phases[phase.index].activity.question);
      await ana.page.evaluate(() => window.scrollTo(0, 0));
      await waitForValue(ana.page, sendButtonProbe, undefined, { scrollY: 0, inView: true, onTop: true }, `the Send button of "${title}" on the first screen`);
      await ana.page.screenshot({ path: path.join(OUTPUT, `participant-phone-${phase.index}.png`) });
      if (title === 'Twelve options') {
        // And it sends: the last of the twelve options (scrolled to), then Send, still in sight without looking for it.
        await ana.page.getByTestId('poll-option').nth(11).click();
        await waitForValue(ana.page, () => document.querySelector('[data-testid="poll-submit"]').getBoundingClientRect().bottom <= window.innerHeight, undefined, true, 'Send in sight');
        await ana.page.getByTestId('poll-submit').click();
        await waitForText(ana.page, 'activity-status', 'Your answer is in.');
      }
    }
    for (const page of [console_, ana.page]) await assertCleanPage(page);
  });

  test('a long card board and a long list of shared observations show more only when asked', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, PHONE_SCENARIO.id);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const ana = await joinOnPhone(browser, server.baseUrl, code, 'Ana');
    t.after(() => ana.context.close());
    // One card and one observation every 2 s per person is the server's pace, so twelve people write one each.
    const writers = [ana.page];
    for (let i = 1; i <= 11; i += 1) {
      const person = await joinAs(browser, server.baseUrl, code, `Writer ${i}`);
      t.after(() => person.context.close());
      writers.push(person.page);
    }
    const cardCount = () => document.querySelectorAll('[data-testid="board-card"]').length;

    await goToPhase(console_, phonePhase('A long board'), writers);
    for (const [i, page] of writers.entries()) {
      await page.getByTestId('card-input').fill(`Question ${i + 1}: what do we do when the numbers drop?`);
      await page.getByTestId('card-submit').click();
      await waitForText(page, 'cards-left', 'You can write 19 more cards.');
    }
    await waitForValue(ana.page, () => document.querySelector('[data-testid="board-cards"]')?.dataset.total, undefined, '12', 'all 12 cards on the board');
    assert.equal(await ana.page.evaluate(cardCount), 10, 'ten cards shown at first');
    await waitForText(ana.page, 'board-more', 'Show 2 more cards');
    await ana.page.getByTestId('board-more').click();
    await waitForValue(ana.page, cardCount, undefined, 12, 'every card after "Show more"');
    await waitForValue(ana.page, shownProbe, 'board-more', false, 'no "Show more" when all are shown');

    // Seven named observations, all shared by the facilitator: the newest five show, the earlier two on request.
    await goToPhase(console_, phonePhase('A fishbowl'), writers);
    for (const [i, page] of writers.slice(0, 7).entries()) {
      await page.getByTestId('observe-text').fill(`Observation ${i + 1}`);
      await page.getByTestId('observe-submit').click();
      await waitForText(page, 'observe-left', 'You can write 19 more observations.');
    }
    for (let i = 1; i <= 7; i += 1) {
      await console_.locator('[data-testid="fishbowl-observation"]', { hasText: `Observation ${i}` }).getByTestId('observation-surface').click();
      await waitForValue(ana.page, () => document.querySelector('[data-testid="fishbowl-surfaced"]')?.dataset.total, undefined, String(i), `${i} shared`);
    }
    const surfaced = () => [...document.querySelectorAll('[data-testid="fishbowl-surfaced"] [data-testid="surfaced-text"]')].map((n) => n.textContent);
    await waitForValue(ana.page, surfaced, undefined, [3, 4, 5, 6, 7].map((i) => `Observation ${i}`), 'the newest five shown');
    await waitForText(ana.page, 'fishbowl-surfaced-more', 'Show 2 earlier observations');
    await ana.page.getByTestId('fishbowl-surfaced-more').click();
    await waitForValue(ana.page, surfaced, undefined, [1, 2, 3, 4, 5, 6, 7].map((i) => `Observation ${i}`), 'every shared observation');
    for (const page of [console_, ana.page]) await assertCleanPage(page);
  });
});
