// Browser tests of the feedback fishbowl: participants tap in and out of the inner circle (the queue moves up by itself
// where people volunteer), talk time counts live, the outer circle writes observations the facilitator surfaces to every
// screen, and the facilitator unseats and seats people; where the facilitator seats people, tapping in only raises a
// hand, and an anonymous observation carries no name on any screen.

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

// seats 2 + the empty chair; people take seats themselves; observations carry their author's name.
const VOLUNTEER = 'sales-objection-handling';
const volunteerBowl = findPhase(
  await readScenario(VOLUNTEER),
  'a volunteer fishbowl with named observations and an empty chair',
  (a) => a.kind === 'fishbowl' && a.seating === 'volunteer' && a.observations === 'named' && a.emptyChair === true && a.seats === 2,
);
// seats 2 + the empty chair; the facilitator seats people; anonymous observations.
const SEATED = 'first-time-manager';
const seatedBowl = findPhase(
  await readScenario(SEATED),
  'a facilitator-seated anonymous fishbowl with an empty chair',
  (a) => a.kind === 'fishbowl' && a.seating === 'facilitator' && (a.observations ?? 'anonymous') === 'anonymous' && a.emptyChair === true && a.seats === 2,
);

// Where each screen draws its fishbowl.
const PARTICIPANT = '[data-testid="fishbowl-section"]';
const CONSOLE = '[data-testid="console-fishbowl"]';
const PROJECTOR = '[data-testid="projector-fishbowl"]';

/** Who sits in each seat under `scope`, in seat order (null: free), or null while the fishbowl is hidden. */
function seatsProbe(scope) {
  const root = document.querySelector(scope);
  if (!root || root.closest('[hidden]')) return null;
  return [...root.querySelectorAll('[data-testid="fishbowl-seat"]')].map((seat) =>
    seat.dataset.occupied === 'true' ? seat.querySelector('[data-testid="seat-name"]').textContent : null,
  );
}

/** The names in the queue under `scope`, in order. */
function queueProbe(scope) {
  return [...document.querySelectorAll(`${scope} [data-testid="queue-item"] [data-testid="queue-name"]`)].map((n) => n.textContent);
}

/** The surfaced observations under `scope` as shown: [{text, name}] (name: '' when none is shown). */
function surfacedProbe(scope) {
  return [...document.querySelectorAll(`${scope} [data-testid="surfaced-item"]`)].map((item) => {
    const name = item.querySelector('[data-testid="surfaced-name"]');
    return { text: item.querySelector('[data-testid="surfaced-text"]').textContent, name: name && !name.closest('[hidden]') ? name.textContent : '' };
  });
}

/** The console's observations, newest first: [{text, name, surfaced}] (name: '' when none is shown). */
function consoleObservationsProbe() {
  return [...document.querySelectorAll('[data-testid="fishbowl-observation"]')].map((item) => {
    const by = item.querySelector('[data-testid="observation-by"]');
    return {
      text: item.querySelector('[data-testid="observation-text"]').textContent,
      name: by.hidden ? '' : item.querySelector('[data-testid="observation-name"]').textContent,
      surfaced: item.dataset.surfaced === 'true',
    };
  });
}

/** Whether the element with data-testid `testid` is on screen (present and not inside anything hidden). */
function visibleProbe(testid) {
  const node = document.querySelector(`[data-testid="${testid}"]`);
  return Boolean(node) && !node.closest('[hidden]');
}

/** The talk time of `name` under `scope` as {ms, figures, counting}, or null while they have none. */
function talkProbe({ scope, name }) {
  const row = [...document.querySelectorAll(`${scope} [data-testid="talk-row"]`)].find((r) => r.querySelector('[data-testid="talk-name"]').textContent === name);
  return row ? { ms: Number(row.dataset.ms), figures: row.querySelector('[data-testid="talk-figures"]').textContent, counting: row.dataset.seated === 'true' } : null;
}

/** Whether the talk time of `name` under `scope` is counting (they sit in the inner circle now), or null. */
function talkCountingProbe({ scope, name }) {
  const row = [...document.querySelectorAll(`${scope} [data-testid="talk-row"]`)].find((r) => r.querySelector('[data-testid="talk-name"]').textContent === name);
  return row ? row.dataset.seated === 'true' : null;
}

/** Waits until the talk time of `name` under `scope` reaches `ms`. */
function waitForTalkAtLeast(page, scope, name, ms) {
  // A real function with the probe inlined (see waitForValue in browser.mjs: the page's CSP forbids eval).
  // eslint-disable-next-line no-new-func
  const predicate = new Function('arg', `const seen = (${talkProbe.toString()})(arg); return seen !== null && seen.ms >= arg.ms;`);
  return page.waitForFunction(predicate, { scope, name, ms }).catch(async (error) => {
    if (page.isClosed()) throw error;
    assert.fail(`${name}'s talk time of at least ${ms} ms, saw ${JSON.stringify(await page.evaluate(talkProbe, { scope, name }))}`);
  });
}

/** Waits until every page shows the seats `who` (and the console, `console_`, too). */
async function waitForSeats(console_, people, who, what) {
  await waitForValue(console_, seatsProbe, CONSOLE, who, `${what}: the console's seats`);
  for (const page of people) await waitForValue(page, seatsProbe, PARTICIPANT, who, `${what}: a participant's seats`);
}

describe('feedback fishbowl', { timeout: 240_000 }, () => {
  let server;
  let browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  test('volunteers tap in, the queue moves up, talk time counts, a named observation is surfaced, the facilitator seats and unseats', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, VOLUNTEER);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const people = {};
    for (const name of ['Ana', 'Ben', 'Cy']) {
      const person = await joinAs(browser, server.baseUrl, code, name);
      t.after(() => person.context.close());
      people[name] = person.page;
    }
    const { Ana: ana, Ben: ben, Cy: cy } = people;
    const pages = Object.values(people);
    const projector = await openProjector(console_);
    await goToPhase(console_, volunteerBowl, pages);

    // Everyone starts in the outer circle: the topic, two free seats and the empty chair.
    const { topic, prompt } = volunteerBowl.activity;
    await waitForSeats(console_, pages, [null, null, null], 'before anyone taps in');
    for (const page of pages) {
      await waitForText(page, 'fishbowl-topic', topic);
      await waitForText(page, 'fishbowl-place', 'You are in the outer circle');
      await waitForText(page, 'fishbowl-tapin', 'Tap in');
      await waitForText(page, 'fishbowl-empty-chair', 'Take the empty chair');
      assert.equal(await page.evaluate(visibleProbe, 'fishbowl-tapout'), false, 'no Tap out in the outer circle');
      assert.deepEqual(
        await page.locator(`${PARTICIPANT} [data-testid="seat-label"]`).allTextContents(),
        ['Seat 1', 'Seat 2', 'Empty chair'],
        'the empty chair is marked as such',
      );
    }
    await waitForText(projector, 'projector-topic', topic);
    await waitForValue(projector, seatsProbe, PROJECTOR, [null, null, null], 'the projector shows the free seats');

    // Ana and Ben take the two seats; Cy, tapping in third, goes to the queue.
    await ana.getByTestId('fishbowl-tapin').click();
    await waitForText(ana, 'fishbowl-place', 'You are in the inner circle');
    await waitForText(ana, 'activity-status', 'You are in the inner circle, seat 1.');
    await ben.getByTestId('fishbowl-tapin').click();
    await waitForText(ben, 'fishbowl-place', 'You are in the inner circle');
    await cy.getByTestId('fishbowl-tapin').click();
    await waitForText(cy, 'fishbowl-place', 'You are in the queue');
    await waitForText(cy, 'activity-status', 'You are number 1 in the queue.');
    await waitForText(cy, 'fishbowl-tapout', 'Leave the queue');
    await waitForSeats(console_, pages, ['Ana', 'Ben', null], 'two volunteers seated');
    await waitForValue(projector, seatsProbe, PROJECTOR, ['Ana', 'Ben', null], 'the projector shows who sits where');
    for (const page of [...pages, console_]) {
      const scope = page === console_ ? CONSOLE : PARTICIPANT;
      await waitForValue(page, queueProbe, scope, ['Cy'], 'Cy waits in the queue');
    }
    await waitForText(ana, 'fishbowl-tapout', 'Tap out');
    // The inner circle talks; only the outer circle (the queue included) writes observations.
    for (const page of [ana, ben]) await waitForValue(page, visibleProbe, 'fishbowl-observe-form', false, 'no observation form in the inner circle');
    await waitForValue(cy, visibleProbe, 'fishbowl-observe-form', true, 'the observation form in the queue');
    await waitForText(cy, 'observe-prompt', prompt);

    // Talk time: shown for both seated people, and it keeps counting.
    await waitForTalkAtLeast(cy, PARTICIPANT, 'Ana', 0);
    const first = await cy.evaluate(talkProbe, { scope: PARTICIPANT, name: 'Ana' });
    assert.match(first.figures, /^\d+:\d\d · \d+%$/, 'talk time as m:ss and a share');
    await waitForTalkAtLeast(cy, PARTICIPANT, 'Ana', first.ms + 1500);
    await waitForTalkAtLeast(console_, CONSOLE, 'Ben', first.ms + 1500);
    assert.match((await console_.evaluate(talkProbe, { scope: CONSOLE, name: 'Ana' })).figures, /^\d+:\d\d · \d+% · 1 turn$/, 'the console counts turns');
    const seatTime = await cy.locator(`${PARTICIPANT} [data-testid="fishbowl-seat"][data-seat="1"] [data-testid="seat-time"]`).textContent();
    assert.match(seatTime, /^seated for \d+:\d\d$/, 'a seat says how long its occupant has sat');

    // Ana taps out: Cy, first in the queue, takes her seat at once.
    await ana.getByTestId('fishbowl-tapout').click();
    await waitForSeats(console_, pages, ['Cy', 'Ben', null], 'the queue moved up');
    await waitForText(cy, 'fishbowl-place', 'You are in the inner circle');
    await waitForText(ana, 'fishbowl-place', 'You are in the outer circle');
    await waitForValue(console_, queueProbe, CONSOLE, [], 'the queue is empty');
    await waitForValue(cy, visibleProbe, 'fishbowl-observe-form', false, 'Cy, seated now, writes no observations');
    await waitForValue(ana, visibleProbe, 'fishbowl-observe-form', true, 'Ana, back outside, does');
    // Ana's time stopped counting when she left; Cy's started.
    await waitForValue(ana, talkCountingProbe, { scope: PARTICIPANT, name: 'Ana' }, false, "Ana's time no longer counts");
    await waitForValue(ana, talkCountingProbe, { scope: PARTICIPANT, name: 'Cy' }, true, "Cy's time counts");

    // Ana writes a named observation; the facilitator sees it with her name and surfaces it to every screen.
    const observation = 'Ben asked "what would it cost you to wait?" and the customer stopped pushing back.';
    await waitForText(ana, 'observe-privacy', 'Named: your name is shown with your observation, to the facilitator and, if they share it, to the room.');
    await ana.getByTestId('observe-text').fill(observation);
    await ana.getByTestId('observe-submit').click();
    await waitForText(ana, 'observe-left', 'You can write 19 more observations.');
    assert.equal(await ana.getByTestId('observe-text').inputValue(), '', 'the form is cleared for the next one');
    await waitForValue(console_, consoleObservationsProbe, undefined, [{ text: observation, name: 'Ana', surfaced: false }], 'the console shows the observation with its author');
    for (const page of pages) assert.deepEqual(await page.evaluate(surfacedProbe, PARTICIPANT), [], 'nobody sees it before it is surfaced');
    await console_.getByTestId('observation-surface').click();
    await waitForValue(console_, consoleObservationsProbe, undefined, [{ text: observation, name: 'Ana', surfaced: true }], 'surfaced in the console');
    await waitForText(console_, 'observation-surface', 'Take down');
    for (const page of pages) await waitForValue(page, surfacedProbe, PARTICIPANT, [{ text: observation, name: 'Ana' }], 'every participant sees the surfaced observation');
    await waitForValue(projector, surfacedProbe, PROJECTOR, [{ text: observation, name: 'Ana' }], 'so does the projector');

    // The facilitator unseats Ben: he is back outside, and his seat stays free (nobody is queued).
    await console_.locator(`${CONSOLE} [data-testid="fishbowl-seat"][data-seat="2"] [data-testid="fishbowl-unseat"]`).click();
    await waitForSeats(console_, pages, ['Cy', null, null], 'Ben unseated');
    await waitForText(ben, 'fishbowl-place', 'You are in the outer circle');
    await waitForText(console_, 'activity-status', 'Ben is back in the outer circle.');

    // The facilitator seats Ana into seat 2 with the selects.
    await console_.getByLabel('Seat', { exact: true }).selectOption({ label: 'Ana' });
    await console_.getByLabel('in', { exact: true }).selectOption('2');
    await console_.getByTestId('fishbowl-seat-button').click();
    await waitForSeats(console_, pages, ['Cy', 'Ana', null], 'Ana seated by the facilitator');
    await waitForText(ana, 'fishbowl-place', 'You are in the inner circle');
    await waitForText(console_, 'activity-status', 'Ana is in seat 2.');

    // Ben takes the empty chair for one point, then leaves it again.
    await ben.getByTestId('fishbowl-empty-chair').click();
    await waitForSeats(console_, pages, ['Cy', 'Ana', 'Ben'], 'Ben in the empty chair');
    await waitForText(ben, 'activity-status', 'You are in the empty chair.');
    await ben.getByTestId('fishbowl-tapout').click();
    await waitForSeats(console_, pages, ['Cy', 'Ana', null], 'the empty chair free again');

    // Taken down, the observation leaves every screen.
    await console_.getByTestId('observation-surface').click();
    for (const page of pages) await waitForValue(page, surfacedProbe, PARTICIPANT, [], 'the observation is taken down');
    await waitForValue(projector, surfacedProbe, PROJECTOR, [], 'and off the wall');

    for (const page of [console_, projector, ...pages]) await assertCleanPage(page);
  });

  test('where the facilitator seats people, tapping in raises a hand; an anonymous observation shows no name anywhere', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SEATED);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const names = ['Dee', 'Eli', 'Fay'];
    const people = {};
    for (const name of names) {
      const person = await joinAs(browser, server.baseUrl, code, name);
      t.after(() => person.context.close());
      people[name] = person.page;
    }
    const { Dee: dee, Eli: eli, Fay: fay } = people;
    const pages = Object.values(people);
    await goToPhase(console_, seatedBowl, pages);
    await waitForSeats(console_, pages, [null, null, null], 'before anyone asks');

    // Tapping in only queues: a raised hand, in the order asked. The seats stay free.
    for (const page of pages) await waitForText(page, 'fishbowl-tapin', 'Ask to join the inner circle');
    await waitForTextMatching(dee, 'fishbowl-hint', /^The facilitator seats people: asking puts you in the queue, like raising your hand\./);
    await dee.getByTestId('fishbowl-tapin').click();
    await waitForText(dee, 'fishbowl-place', 'Your hand is up');
    await waitForText(dee, 'activity-status', 'Your hand is up: you are number 1 in the queue.');
    await eli.getByTestId('fishbowl-tapin').click();
    await waitForText(eli, 'fishbowl-status', 'You are number 2 in the queue. The facilitator seats people from it.');
    await waitForValue(console_, queueProbe, CONSOLE, ['Dee', 'Eli'], 'the console lists the raised hands in order');
    await waitForText(dee, 'fishbowl-tapout', 'Lower my hand');
    await waitForSeats(console_, pages, [null, null, null], 'nobody seated by tapping in');

    // The facilitator seats Dee from the queue; Eli stays queued although a seat is free (nothing moves by itself).
    await console_.locator(`${CONSOLE} [data-testid="queue-item"]`, { hasText: 'Dee' }).getByTestId('fishbowl-queue-seat').click();
    await waitForSeats(console_, pages, ['Dee', null, null], 'Dee seated from the queue');
    await waitForText(dee, 'fishbowl-place', 'You are in the inner circle');
    await waitForValue(console_, queueProbe, CONSOLE, ['Eli'], 'Eli still waits');
    for (const page of pages) await waitForValue(page, queueProbe, PARTICIPANT, ['Eli'], 'every screen shows Eli waiting');

    // Fay writes an anonymous observation. Nobody, the facilitator included, sees who wrote it.
    const observation = 'The manager waited after "what is on your mind?" and Jo answered.';
    await waitForText(fay, 'observe-privacy', 'Anonymous: your name is not shown with your observation, to anyone, the facilitator included.');
    await fay.getByTestId('observe-text').fill(observation);
    await fay.getByTestId('observe-submit').click();
    await waitForText(fay, 'observe-left', 'You can write 19 more observations.');
    await waitForValue(console_, consoleObservationsProbe, undefined, [{ text: observation, name: '', surfaced: false }], 'the console shows the observation without a name');
    // Only Eli and Fay watch (Dee is seated): fewer than the 3 writers anonymous observations wait for, so it
    // is shown at once, and the console says its writer may be guessable.
    await waitForText(console_, 'fishbowl-observations-warning', 'Fewer than 3 people are watching: the authors of these observations may be guessable.');
    await waitForText(console_, 'observation-guessable', 'Writer may be guessable');
    await console_.getByTestId('observation-surface').click();
    for (const page of pages) await waitForValue(page, surfacedProbe, PARTICIPANT, [{ text: observation, name: '' }], 'surfaced without a name');

    // No name and no participant id anywhere in what shows the observation, on any screen.
    const ids = await console_.locator('[data-testid="roster-item"]').evaluateAll((items) => items.map((i) => i.dataset.participantId));
    assert.equal(ids.length, names.length);
    const observationMarkup = (page) =>
      page.evaluate(
        (text) =>
          [...document.querySelectorAll('[data-testid="surfaced-item"], [data-testid="fishbowl-observation"]')]
            .filter((item) => item.textContent.includes(text))
            .map((item) => item.outerHTML),
        observation,
      );
    for (const page of [console_, ...pages]) {
      const markup = await observationMarkup(page);
      assert.equal(markup.length, 1, 'the observation shows once');
      for (const word of [...names, ...ids]) assert.ok(!markup[0].includes(word), `the observation shows no trace of ${word}`);
    }

    // The empty chair is self-service in either seating: Fay takes it herself.
    await fay.getByTestId('fishbowl-empty-chair').click();
    await waitForSeats(console_, pages, ['Dee', null, 'Fay'], 'Fay in the empty chair');
    await waitForValue(fay, visibleProbe, 'fishbowl-observe-form', false, 'no observation form in the empty chair');

    // The facilitator seats Eli with the selects, into the first free seat.
    await console_.getByLabel('Seat', { exact: true }).selectOption({ label: 'Eli' });
    await console_.getByTestId('fishbowl-seat-button').click();
    await waitForSeats(console_, pages, ['Dee', 'Eli', 'Fay'], 'Eli seated');
    await waitForValue(console_, queueProbe, CONSOLE, [], 'the queue is empty');

    for (const page of [console_, ...pages]) await assertCleanPage(page);
  });
});
