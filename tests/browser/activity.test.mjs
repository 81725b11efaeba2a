// Browser tests of the live activity: voting in a poll and seeing results once revealed, confusion cards released only
// after K people wrote, "me too" and pinning, the projector view, and hostile text on a card shown as text.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  assertCleanPage,
  createSession,
  findPhase,
  goToPhase,
  joinAs,
  openProjector,
  readScenario,
  waitForText,
  waitForTextMatching,
  waitForValue,
  withServerAndBrowser,
} from './browser.mjs';

const SCENARIO = 'first-time-manager';

const script = await readScenario(SCENARIO);
// A pick-one poll whose results stay hidden until the facilitator reveals them.
const hiddenPoll = findPhase(script, 'a hidden single-choice poll', (a) => a.kind === 'poll' && a.pollKind === 'single' && a.results !== 'live');
// A poll whose results everyone watches come in.
const livePoll = findPhase(script, 'a live choice poll', (a) => a.kind === 'poll' && ['single', 'multi'].includes(a.pollKind) && a.results === 'live');
// A card board with K = 3 and no approval step.
const cardsPhase = findPhase(script, 'a card board with K = 3', (a) => a.kind === 'cards' && (a.releaseThreshold ?? 3) === 3 && (a.moderation ?? 'none') === 'none');

/** The result rows inside the element matching `selector` as the user sees them: [{label, count}], or null while hidden. */
function resultsProbe(selector) {
  const box = document.querySelector(selector);
  if (!box || box.closest('[hidden]')) return null;
  return [...box.querySelectorAll('[data-testid="result-row"]')].map((row) => ({
    label: row.querySelector('[data-testid="result-label"]').textContent,
    count: Number(row.dataset.count),
  }));
}

/** Expected result rows: every option with 0 votes except those in `counts` ({index: count}). */
function rows(options, counts) {
  return options.map((label, i) => ({ label, count: counts[i] ?? 0 }));
}

/** The cards of the board under `selector` (top to bottom): [{text, votes, pinned}], or null while the board is hidden. */
function boardProbe(selector) {
  const list = document.querySelector(selector);
  if (!list || list.closest('[hidden]')) return null;
  return [...list.querySelectorAll('[data-card-id]')].map((card) => ({
    text: card.querySelector('[data-testid="card-text"]').textContent,
    votes: card.querySelector('[data-testid="card-votes"]')?.textContent.trim() ?? null,
    pinned: card.dataset.pinned === 'true',
  }));
}

/** The participant board as text and waiting count: {waiting, texts (sorted)}. */
function participantBoardProbe() {
  const section = document.querySelector('[data-testid="board-section"]');
  if (!section || section.hidden) return null;
  return {
    waiting: section.querySelector('[data-testid="board-waiting"]').textContent.trim(),
    texts: [...section.querySelectorAll('[data-testid="board-card"] [data-testid="card-text"]')].map((n) => n.textContent).sort(),
  };
}

/** Writes `text` on the participant's card board and waits until the page says it was taken. */
async function writeCard(page, text) {
  await page.getByTestId('card-input').fill(text);
  await page.getByTestId('card-submit').click();
  await waitForTextMatching(page, 'activity-status', /^Your card is in/);
}

/** Records every alert() a page opens (injected markup would open one) and dismisses it; confirm() is the test's own. */
function recordAlerts(page) {
  const seen = [];
  page.on('dialog', (dialog) => {
    if (dialog.type() !== 'alert') return;
    seen.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  return seen;
}

describe('polls and cards', { timeout: 180_000 }, () => {
  let server;
  let browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  test('a participant votes; the console counts it; results reach the participant once revealed; a reload keeps the ballot', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const ana = await joinAs(browser, server.baseUrl, code, 'Ana');
    t.after(() => ana.context.close());
    await goToPhase(console_, hiddenPoll, [ana.page]);

    const { question, options } = hiddenPoll.activity;
    const pick = 2;
    await waitForText(ana.page, 'poll-question', question);
    assert.equal(await ana.page.getByTestId('poll-option-input').count(), options.length, 'one radio button per option');
    await ana.page.getByTestId('poll-option').nth(pick).click();
    await ana.page.getByTestId('poll-submit').click();
    await waitForText(ana.page, 'ballot-note', 'Your answer is in — you can change it while the poll is open');

    // The facilitator sees the vote and the results at once; the participant does not (results are hidden).
    await waitForText(console_, 'console-vote-count', '1 vote');
    await waitForValue(console_, resultsProbe, '[data-testid="console-results"]', rows(options, { [pick]: 1 }), 'console results');
    assert.equal(await resultsOn(ana.page), null, 'hidden results are not shown to the participant');
    assert.equal(await ana.page.getByTestId('poll-results-note').isVisible(), true, 'the participant is told results come later');

    await waitForText(console_, 'poll-control-reveal', 'Reveal results');
    await console_.getByTestId('poll-control-reveal').click();
    await waitForValue(ana.page, resultsProbe, '[data-testid="poll-results"]', rows(options, { [pick]: 1 }), "participant's results after the reveal");
    await waitForText(console_, 'poll-control-reveal', 'Hide results');
    const figures = await ana.page.locator('[data-testid="poll-results"] [data-testid="result-figures"]').nth(pick).textContent();
    assert.equal(figures.trim(), '1 vote · 100%');

    // Back after a reload: the same ballot is selected and the form says so.
    await ana.page.reload();
    await waitForText(ana.page, 'my-name', 'Ana');
    await waitForValue(
      ana.page,
      () => [...document.querySelectorAll('[data-testid="poll-option-input"]')].map((input) => input.checked),
      undefined,
      options.map((_, i) => i === pick),
      'the ballot refilled after the reload',
    );
    await waitForText(ana.page, 'ballot-note', 'Your answer is in — you can change it while the poll is open');
    await waitForValue(ana.page, resultsProbe, '[data-testid="poll-results"]', rows(options, { [pick]: 1 }), 'results after the reload');
    for (const page of [console_, ana.page]) await assertCleanPage(page);
  });

  test('cards appear only once three people wrote; "me too" counts; the facilitator pins one', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const people = [];
    for (const name of ['Bea', 'Cal', 'Dov']) {
      const person = await joinAs(browser, server.baseUrl, code, name);
      t.after(() => person.context.close());
      people.push(person.page);
    }
    const [bea, cal, dov] = people;
    await goToPhase(console_, cardsPhase, people);
    for (const page of people) await waitForText(page, 'board-prompt', cardsPhase.activity.prompt);
    await waitForText(bea, 'cards-left', `You can write ${cardsPhase.activity.maxPerPerson ?? 3} more cards.`);

    const texts = ['How often should 1:1s be?', 'What if my old peer ignores feedback?', 'Can I skip a 1:1 when busy?'];
    await writeCard(bea, texts[0]);
    for (const page of people) await waitForValue(page, participantBoardProbe, undefined, { waiting: '1 card waiting', texts: [] }, 'board after one card');
    await writeCard(cal, texts[1]);
    for (const page of people) await waitForValue(page, participantBoardProbe, undefined, { waiting: '2 cards waiting', texts: [] }, 'board after two cards');
    await waitForText(console_, 'console-waiting', '2 cards waiting');
    assert.deepEqual(await console_.evaluate(boardProbe, '[data-testid="console-cards"]'), [], 'the facilitator sees no card before K people wrote');

    await writeCard(dov, texts[2]);
    const released = { waiting: 'No cards waiting', texts: [...texts].sort() };
    for (const page of people) await waitForValue(page, participantBoardProbe, undefined, released, 'board after the third card');
    await waitForText(bea, 'cards-left', `You can write ${(cardsPhase.activity.maxPerPerson ?? 3) - 1} more cards.`);

    // Bea says "me too" to Cal's card: her button is pressed and everyone sees the count go up.
    const calsCard = (page) => page.locator('[data-testid="board-card"]', { has: page.locator('[data-testid="card-text"]', { hasText: texts[1] }) });
    await calsCard(bea).getByTestId('me-too').click();
    await calsCard(bea).locator('[data-testid="me-too"][aria-pressed="true"]').waitFor();
    const votesOf = (text) =>
      [...document.querySelectorAll('[data-testid="board-card"]')].find((c) => c.textContent.includes(text))?.querySelector('[data-testid="card-votes"]').textContent;
    for (const page of people) await waitForValue(page, votesOf, texts[1], '1', '"me too" count on every board');
    assert.equal(await calsCard(cal).getByTestId('me-too').getAttribute('aria-pressed'), 'false', "Cal's own button is not pressed");
    // Sorted by votes, the card with a "me too" comes first.
    await waitForValue(bea, (sel) => document.querySelector(sel)?.querySelector('[data-testid="card-text"]')?.textContent, '[data-testid="board-cards"]', texts[1], 'most-voted card first');

    // The facilitator sees all three cards and pins Dov's; it goes to the top of every board.
    await waitForValue(console_, (sel) => (document.querySelector(sel) ? [...document.querySelectorAll(`${sel} [data-testid="card-text"]`)].map((n) => n.textContent).sort() : null), '[data-testid="console-cards"]', [...texts].sort(), 'console cards');
    // (By the card's own text: every console card also lists the others' texts in its "merge into" select.)
    const consoleCard = (text) => console_.locator('[data-testid="console-card"]', { has: console_.locator('[data-testid="card-text"]', { hasText: text }) });
    const dovsCard = consoleCard(texts[2]);
    await waitForValue(
      console_,
      (text) =>
        [...document.querySelectorAll('[data-testid="console-card"]')]
          .find((card) => card.querySelector('[data-testid="card-text"]').textContent === text)
          ?.querySelector('[data-testid="card-votes"]').textContent,
      texts[1],
      '1 me too',
      'the console counts the "me too"',
    );
    await dovsCard.getByTestId('card-pin').click();
    await waitForText(console_, 'card-pin', 'Unpin');
    for (const page of people) {
      await waitForValue(page, boardTop, '[data-testid="board-cards"]', { text: texts[2], pinned: true }, 'pinned card first');
    }
    await bea.locator('[data-testid="board-card"][data-pinned="true"] [data-testid="card-pinned"]').waitFor();

    // "Newest" keeps the pinned card first too.
    await bea.getByRole('button', { name: 'Newest' }).click();
    assert.equal(await bea.getByRole('button', { name: 'Newest' }).getAttribute('aria-pressed'), 'true');
    await waitForValue(bea, boardTop, '[data-testid="board-cards"]', { text: texts[2], pinned: true }, 'pinned first when sorted by newest');
    for (const page of [console_, ...people]) await assertCleanPage(page);
  });

  test('the projector view follows live results, shows hidden ones only after the reveal, and shows cards', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const eli = await joinAs(browser, server.baseUrl, code, 'Eli');
    t.after(() => eli.context.close());
    await goToPhase(console_, livePoll, [eli.page]);

    const projector = await openProjector(console_);
    await waitForText(projector, 'projector-code', code);
    assert.equal(new URL(projector.url()).search, '', 'the facilitator key is not in the projector address');
    await waitForText(projector, 'projector-question', livePoll.activity.question);
    await waitForValue(projector, resultsProbe, '[data-testid="projector-results"]', rows(livePoll.activity.options, {}), 'live results before any vote');

    await eli.page.getByTestId('poll-option').nth(0).click();
    await eli.page.getByTestId('poll-submit').click();
    await waitForValue(projector, resultsProbe, '[data-testid="projector-results"]', rows(livePoll.activity.options, { 0: 1 }), 'live results after a vote');

    // A hidden poll: the projector shows the question and the count, the results only after the reveal.
    await goToPhase(console_, hiddenPoll, [eli.page]);
    await waitForText(projector, 'projector-question', hiddenPoll.activity.question);
    await eli.page.getByTestId('poll-option').nth(1).click();
    await eli.page.getByTestId('poll-submit').click();
    await waitForText(console_, 'console-vote-count', '1 vote');
    await waitForTextMatching(projector, 'projector-poll-facts', /^1 answer\b/);
    assert.equal(await projector.evaluate(resultsProbe, '[data-testid="projector-results"]'), null, 'hidden results stay off the wall');
    await console_.getByTestId('poll-control-reveal').click();
    await waitForValue(projector, resultsProbe, '[data-testid="projector-results"]', rows(hiddenPoll.activity.options, { 1: 1 }), 'results after the reveal');

    // Cards: one card, released by force (the console asks first), reaches the wall.
    await goToPhase(console_, cardsPhase, [eli.page]);
    await waitForText(projector, 'projector-prompt', cardsPhase.activity.prompt);
    await writeCard(eli.page, 'What do I say when they go quiet?');
    await waitForText(console_, 'console-waiting', '1 card waiting');
    const warnings = [];
    console_.once('dialog', (dialog) => {
      warnings.push(dialog.message());
      dialog.accept();
    });
    await console_.getByTestId('card-force-release').click();
    await waitForValue(projector, boardProbe, '[data-testid="projector-cards"]', [{ text: 'What do I say when they go quiet?', votes: null, pinned: false }], 'card on the wall');
    assert.match(warnings[0] ?? '', /tell who wrote/, 'the forced release warned about anonymity first');
    for (const page of [console_, eli.page, projector]) await assertCleanPage(page);
  });

  test('markup and a direction override in a card are text, never markup', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    // Two writers: the server lets one person write only one card every few seconds.
    const fay = await joinAs(browser, server.baseUrl, code, 'Fay');
    t.after(() => fay.context.close());
    const gil = await joinAs(browser, server.baseUrl, code, 'Gil');
    t.after(() => gil.context.close());
    const alerts = [recordAlerts(console_), recordAlerts(fay.page), recordAlerts(gil.page)];
    await goToPhase(console_, cardsPhase, [fay.page, gil.page]);
    const projector = await openProjector(console_);
    alerts.push(recordAlerts(projector));

    const markup = '<img src=x onerror=alert(1)>';
    await writeCard(fay.page, markup);
    // U+202E RIGHT-TO-LEFT OVERRIDE. PROTOCOL.md does not say whether a card may hold one; the server may refuse it
    // (invalid_field), and then the page must say why, visibly. Either way it must never reorder the page around it.
    const override = 'Ask \u202Eeva\u202C about it';
    await gil.page.getByTestId('card-input').fill(override);
    await gil.page.getByTestId('card-submit').click();
    const said = await waitForTextMatching(gil.page, 'activity-status', /^Your card is in|direction/i);
    const overrideKept = said.startsWith('Your card is in');
    await waitForText(console_, 'console-waiting', overrideKept ? '2 cards waiting' : '1 card waiting');

    console_.once('dialog', (dialog) => dialog.accept());
    await console_.getByTestId('card-force-release').click();
    const expected = (overrideKept ? [markup, override] : [markup]).sort();
    for (const page of [fay.page, gil.page]) await waitForValue(page, participantBoardProbe, undefined, { waiting: 'No cards waiting', texts: expected }, 'the cards as text');
    await waitForValue(console_, (sel) => [...document.querySelectorAll(`${sel} [data-testid="card-text"]`)].map((n) => n.textContent).sort(), '[data-testid="console-cards"]', expected, 'console cards as text');
    await waitForValue(projector, (sel) => [...document.querySelectorAll(`${sel} [data-testid="card-text"]`)].map((n) => n.textContent).sort(), '[data-testid="projector-cards"]', expected, 'projector cards as text');

    for (const page of [console_, fay.page, gil.page, projector]) {
      assert.equal(await page.locator('main img').count(), 0, 'no <img> was made from card text');
      // Card text sits in its own direction-isolated element, so an override cannot reorder anything around it.
      const isolated = await page.evaluate(() => [...document.querySelectorAll('[data-testid="card-text"]')].every((n) => n.getAttribute('dir') === 'auto'));
      assert.equal(isolated, true, 'card text is direction-isolated');
      await assertCleanPage(page);
    }
    assert.deepEqual(alerts.flat(), [], 'no alert() ran');
  });
});

/** The participant's results as shown (null while hidden). */
function resultsOn(page) {
  return page.evaluate(resultsProbe, '[data-testid="poll-results"]');
}

/** The first card of a board list: {text, pinned}. Runs in the page (defined here for its source only). */
function boardTop(selector) {
  const first = document.querySelector(selector)?.querySelector('[data-card-id]');
  return first ? { text: first.querySelector('[data-testid="card-text"]').textContent, pinned: first.dataset.pinned === 'true' } : null;
}
