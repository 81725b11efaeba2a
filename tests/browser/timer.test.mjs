// Browser tests of phase timers: everyone sees the same countdown; the facilitator pauses, resumes and adds time; a phase
// with autoAdvance moves on by itself.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  assertCleanPage,
  createSession,
  joinAs,
  readScenario,
  scenarioList,
  waitForText,
  waitForValue,
  withServerAndBrowser,
} from './browser.mjs';

/** The countdown as the page shows it: {state, seconds, status}, or null while no countdown is visible. */
function countdownProbe() {
  const host = document.querySelector('[data-testid="phase-timer"]');
  const box = host?.querySelector('[data-testid="countdown"]');
  if (!host || host.hidden || !box) return null;
  const time = box.querySelector('[data-testid="countdown-time"]').textContent.trim();
  const match = /^(\d+):(\d{2})$/.exec(time);
  return {
    state: box.dataset.state,
    seconds: match ? Number(match[1]) * 60 + Number(match[2]) : null,
    time,
    status: box.querySelector('[data-testid="countdown-status"]').textContent.trim(),
  };
}

const readCountdown = (page) => page.evaluate(countdownProbe);

/**
 * Waits until the page's countdown shows a time from `min` to `max` seconds (and, if given, the state `state`); returns it.
 * Polls what is on screen, so it follows the page's own ticking.
 */
async function waitForCountdown(page, { min = 0, max = Number.MAX_SAFE_INTEGER, state = null }, what) {
  // A real function with the probe's source inlined (see waitForValue in browser.mjs: the page's CSP forbids eval).
  // eslint-disable-next-line no-new-func
  const predicate = new Function(
    'want',
    `const seen = (${countdownProbe.toString()})();
     return seen !== null && seen.seconds !== null && seen.seconds >= want.min && seen.seconds <= want.max &&
       (!want.state || seen.state === want.state);`,
  );
  try {
    await page.waitForFunction(predicate, { min, max, state });
  } catch (error) {
    if (page.isClosed()) throw error;
    assert.fail(`${what}: wanted ${min}..${max} s${state ? ` (${state})` : ''}, saw ${JSON.stringify(await readCountdown(page))}`);
  }
  return readCountdown(page);
}

describe('phase timers', { timeout: 120_000 }, () => {
  let server;
  let browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  /**
   * A session of the first scenario the server offers, one participant, and the facilitator on the scenario's first
   * timed phase (jumped to from the agenda). Returns {console_, participant, phase, duration}.
   */
  async function onTimedPhase(t) {
    const [first] = await scenarioList(server.baseUrl);
    const script = await readScenario(first.id);
    const index = script.phases.findIndex((p) => Number.isInteger(p.durationSeconds));
    assert.ok(index >= 0, `${first.id} has a timed phase`);
    const phase = script.phases[index];

    const facilitator = await createSession(browser, server.baseUrl, first.id);
    t.after(() => facilitator.context.close());
    const pat = await joinAs(browser, server.baseUrl, facilitator.code, 'Pat');
    t.after(() => pat.context.close());
    const console_ = facilitator.page;
    const participant = pat.page;

    await console_.locator(`[data-testid="agenda-item"][data-index="${index}"] [data-testid="agenda-jump"]`).click();
    await waitForText(participant, 'current-phase', phase.title);
    await waitForText(console_, 'current-phase', phase.title);
    return { console_, participant, phase, duration: phase.durationSeconds, code: facilitator.code };
  }

  test('a timed phase shows everyone a countdown from its planned length', async (t) => {
    const { console_, participant, duration, code } = await onTimedPhase(t);
    // Whole minutes as planned: 300 s shows 5:00 (or 4:59 a moment later), never 4:30 or 6:00.
    const seen = await waitForCountdown(participant, { min: duration - 10, max: duration }, "participant's countdown");
    const minutes = Number(seen.time.split(':')[0]);
    assert.ok(minutes >= Math.floor((duration - 10) / 60) && minutes <= Math.floor(duration / 60), `the countdown ${seen.time} matches ${duration} s`);
    assert.match(seen.state, /^(running|ending)$/);
    await waitForCountdown(console_, { min: duration - 10, max: duration }, "facilitator's countdown");

    // A phone whose clock runs seven minutes fast still counts down to the server's deadline (hello's serverTime).
    const fast = await joinAs(browser, server.baseUrl, code, 'Fay', {
      initScript: () => {
        const realNow = Date.now;
        Date.now = () => realNow() + 7 * 60_000;
      },
    });
    t.after(() => fast.context.close());
    await waitForCountdown(fast.page, { min: seen.seconds - 10, max: seen.seconds }, 'countdown on a phone with a wrong clock');

    // It ticks on its own, from the deadline.
    await waitForCountdown(participant, { max: seen.seconds - 1 }, 'the countdown runs');

    const box = participant.getByTestId('countdown');
    assert.equal(await box.getAttribute('role'), 'timer');
    assert.match(await box.getAttribute('aria-label'), /^Time (left|is almost up): \d+ minutes?/);
    await waitForText(console_, 'timer-toggle', 'Pause');
    for (const page of [console_, participant]) await assertCleanPage(page);
  });

  test('the facilitator pauses and resumes: the participant sees the same frozen time, then it runs again', async (t) => {
    const { console_, participant, duration } = await onTimedPhase(t);
    await waitForCountdown(participant, { min: 1, max: duration }, 'a running countdown');

    await console_.getByTestId('timer-toggle').click();
    await waitForText(participant, 'countdown-status', 'Paused');
    await waitForText(console_, 'countdown-status', 'Paused');
    await waitForText(console_, 'timer-toggle', 'Resume');
    const frozen = await readCountdown(participant);
    assert.equal(frozen.state, 'paused');
    assert.ok(frozen.seconds > 0 && frozen.seconds <= duration, `paused at ${frozen.time}`);
    // Both screens show the time the server froze, not their own idea of it.
    await waitForText(console_, 'countdown-time', frozen.time);
    assert.match(await participant.getByTestId('countdown').getAttribute('aria-label'), /^Timer paused with /);

    // Time added while paused lands on the frozen time exactly: nothing ticked in between.
    await console_.getByTestId('timer-plus').click();
    const later = await waitForCountdown(participant, { min: frozen.seconds + 1, state: 'paused' }, 'a minute added while paused');
    assert.equal(later.seconds, frozen.seconds + 60, `${frozen.time} + 1 min = ${later.time}`);
    await waitForText(console_, 'countdown-time', later.time);

    await console_.getByTestId('timer-toggle').click();
    await waitForText(console_, 'timer-toggle', 'Pause');
    const resumed = await waitForCountdown(participant, { max: later.seconds - 1 }, 'the countdown runs again after resume');
    assert.match(resumed.state, /^(running|ending)$/);
    assert.notEqual(resumed.status, 'Paused');
    for (const page of [console_, participant]) await assertCleanPage(page);
  });

  test('the facilitator adds and takes away a minute while it runs', async (t) => {
    const { console_, participant, duration } = await onTimedPhase(t);
    const before = await waitForCountdown(participant, { min: duration - 10, max: duration }, 'a running countdown');

    await console_.getByTestId('timer-plus').click();
    const plus = await waitForCountdown(participant, { min: before.seconds + 30 }, 'a minute more');
    // About one more minute: a minute added, minus the moment the click took.
    const added = plus.seconds - before.seconds;
    assert.ok(added >= 50 && added <= 60, `${before.time} → ${plus.time} is about one more minute`);
    await waitForCountdown(console_, { min: before.seconds + 30 }, "the facilitator's countdown has the minute too");

    await console_.getByTestId('timer-minus').click();
    const minus = await waitForCountdown(participant, { max: plus.seconds - 30 }, 'a minute less');
    assert.ok(plus.seconds - minus.seconds >= 58 && plus.seconds - minus.seconds <= 70, `${plus.time} → ${minus.time}`);
    // Every button is back once the server answered.
    for (const id of ['timer-toggle', 'timer-minus', 'timer-plus']) {
      await console_.getByTestId(id).and(console_.locator(':enabled')).waitFor();
    }
    await waitForValue(console_, () => document.querySelector('[data-testid="console-error"]').hidden, undefined, true, 'no error');
    for (const page of [console_, participant]) await assertCleanPage(page);
  });
});

describe('a phase that moves on by itself', { timeout: 120_000 }, () => {
  // A scratch scenario: an untimed start, a 3-second phase with autoAdvance, then a 3-second phase without.
  const scenario = {
    id: 'quick-timer',
    title: 'Quick timer drill',
    description: 'A scratch scenario for browser tests: short timed phases, one of which moves on by itself.',
    competencies: ['testing'],
    durationMinutes: 1,
    phases: [
      { title: 'Get ready', notes: '', activity: { kind: 'info', text: 'Ready?' } },
      { title: 'Quick write', notes: '', durationSeconds: 3, autoAdvance: true, activity: { kind: 'info', text: 'Write one word.' } },
      { title: 'Short wrap-up', notes: 'Ask for one word each.', durationSeconds: 3, activity: { kind: 'info', text: 'Done.' } },
    ],
  };
  let server;
  let browser;
  withServerAndBrowser(
    (s, b) => {
      server = s;
      browser = b;
    },
    { scenarios: [scenario] },
  );

  test('when time is up the next phase starts without anyone clicking; a phase without autoAdvance says "Time’s up"', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, scenario.id);
    t.after(() => facilitator.context.close());
    const { page: console_ } = facilitator;
    const quinn = await joinAs(browser, server.baseUrl, facilitator.code, 'Quinn');
    t.after(() => quinn.context.close());
    const participant = quinn.page;

    // An untimed phase: no countdown, no timer controls.
    await console_.getByTestId('next-button').click();
    await waitForText(participant, 'current-phase', 'Get ready');
    await waitForText(console_, 'current-phase', 'Get ready');
    assert.equal(await readCountdown(participant), null, 'no countdown on an untimed phase');
    assert.equal(await console_.getByTestId('timer-controls').isHidden(), true, 'no timer controls on an untimed phase');

    await console_.locator('[data-testid="agenda-item"][data-index="1"] [data-testid="agenda-jump"]').click();
    await waitForText(console_, 'countdown-note', 'Moves on automatically when time is up');

    // Nobody clicks: the server moves everyone on at the deadline.
    await waitForText(participant, 'current-phase', 'Short wrap-up');
    await waitForText(console_, 'current-phase', 'Short wrap-up');
    assert.equal(await console_.getByTestId('countdown-note').isHidden(), true, 'the wrap-up waits for the facilitator');

    // The wrap-up has no autoAdvance: it stays, and says time is up.
    await waitForText(participant, 'countdown-status', 'Time’s up');
    await waitForText(participant, 'countdown-time', '0:00');
    await waitForText(console_, 'countdown-status', 'Time’s up');
    assert.equal(await participant.getByTestId('countdown').getAttribute('data-state'), 'up');
    await waitForText(participant, 'current-phase', 'Short wrap-up');
    // Nothing left to pause or shorten, but the facilitator can give more time, which runs from now.
    await console_.getByTestId('timer-toggle').and(console_.locator(':disabled')).waitFor();
    await console_.getByTestId('timer-minus').and(console_.locator(':disabled')).waitFor();
    await console_.getByTestId('timer-plus').click();
    await waitForCountdown(participant, { min: 50, max: 60 }, 'a minute from now after time was up');
    for (const page of [console_, participant]) await assertCleanPage(page);
  });
});
