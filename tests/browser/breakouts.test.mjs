// Browser tests of breakout role-plays: the facilitator forms rooms and starts the rounds; each participant sees their
// own role's brief (and no one else's) with a running countdown; a room asks for help and the console shows it until
// cleared; an announcement reaches everyone and the projector; people are moved and pick rooms; the observer saves a
// checklist; the server moves a room through steps and rounds (roles rotate); time added and the call-back.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import {
  assertCleanPage,
  createSession,
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

const SCENARIO = 'first-time-manager';

const script = await readScenario(SCENARIO);
const roleplayIndex = script.phases.findIndex((phase) => phase.activity.kind === 'roleplay');
assert.ok(roleplayIndex >= 0, `${SCENARIO} has a role-play phase`);
const roleplay = { index: roleplayIndex, title: script.phases[roleplayIndex].title, activity: script.phases[roleplayIndex].activity };
const { roles, timeline, groupSize } = roleplay.activity;
const firstStep = timeline[0];

/** The console's rooms as the facilitator sees them: [{room, members: [names, sorted], help}], in room order. */
function consoleRoomsProbe() {
  return [...document.querySelectorAll('[data-testid="breakout-room"]')].map((card) => ({
    room: Number(card.dataset.room),
    members: [...card.querySelectorAll('[data-testid="room-member"] [data-testid="member-name"]')].map((n) => n.textContent).sort(),
    help: card.dataset.help === 'true',
  }));
}

/** Names in the console's "Not in a room" list, sorted. */
function unassignedProbe() {
  return [...document.querySelectorAll('[data-testid="breakout-unassigned"] [data-testid="member-name"]')].map((n) => n.textContent).sort();
}

/** The participant's room countdown: {state, seconds}, or null while none is visible. */
function roomCountdownProbe() {
  const host = document.querySelector('[data-testid="room-timer"]');
  if (!host || host.hidden || host.closest('[hidden]')) return null;
  const box = host.querySelector('[data-testid="room-countdown"]');
  const match = /^(\d+):(\d{2})$/.exec(box.querySelector('[data-testid="room-countdown-time"]').textContent.trim());
  return { state: box.dataset.state, seconds: match ? Number(match[1]) * 60 + Number(match[2]) : null };
}

/** True once the room countdown runs and shows between 1 s and `max` s. */
function waitForRunningCountdown(page, max) {
  // A real function with the probe inlined (see waitForValue in browser.mjs: the page's CSP forbids eval).
  // eslint-disable-next-line no-new-func
  const predicate = new Function(
    'max',
    `const seen = (${roomCountdownProbe.toString()})();
     return seen !== null && ['running', 'ending'].includes(seen.state) && seen.seconds >= 1 && seen.seconds <= max;`,
  );
  return page.waitForFunction(predicate, max).catch(async (error) => {
    if (page.isClosed()) throw error;
    assert.fail(`a running room countdown of at most ${max} s, saw ${JSON.stringify(await page.evaluate(roomCountdownProbe))}`);
  });
}

/** Which timeline step the participant's page marks as the current one (-1: none). */
function currentStepProbe() {
  return [...document.querySelectorAll('[data-testid="room-timeline"] [data-testid="timeline-step"]')].findIndex((s) => s.dataset.current === 'true');
}

/** Visible text of the whole page, as the person could read it (hidden parts left out). */
function pageText(page) {
  return page.evaluate(() => document.body.innerText);
}

describe('breakout role-plays', { timeout: 180_000 }, () => {
  let server;
  let browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  test('rooms formed and started: own brief only, a running countdown, help asked and cleared, an announcement', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const names = ['Ana', 'Ben', 'Cy'];
    const people = [];
    for (const name of names) {
      const person = await joinAs(browser, server.baseUrl, code, name);
      t.after(() => person.context.close());
      people.push(person.page);
    }
    const [ana, ben] = people;
    await goToPhase(console_, roleplay, people);

    // Before forming: everyone waits; the console lists the whole group as not in a room.
    for (const page of people) await waitForText(page, 'room-status', 'Waiting for the facilitator to form rooms');
    await waitForValue(console_, unassignedProbe, undefined, [...names].sort(), 'everyone not in a room before forming');

    await console_.getByTestId('breakout-form').click();
    // Three people and groups of three: one room with all of them.
    assert.equal(groupSize, 3, 'the scenario forms trios');
    await waitForValue(console_, consoleRoomsProbe, undefined, [{ room: 1, members: [...names].sort(), help: false }], 'the console shows the room with its members');
    await waitForValue(console_, unassignedProbe, undefined, [], 'nobody left out after forming');

    // Each participant: in room 1, with one of the roles, and exactly that role's brief.
    const seen = [];
    for (const page of people) {
      await waitForText(page, 'room-heading', 'Room 1');
      const roleName = (await page.getByTestId('my-role-name').textContent()).trim();
      const role = roles.find((r) => r.name === roleName);
      assert.ok(role, `"${roleName}" is one of the scenario's roles`);
      seen.push(role.id);
      assert.equal((await page.getByTestId('my-role-brief').textContent()).trim(), role.brief.trim(), `${roleName} sees their own brief`);
      assert.equal(await page.getByTestId('room-member').count(), names.length, 'the room mates are listed');
    }
    assert.deepEqual([...seen].sort(), roles.map((r) => r.id).sort(), 'three people, three different roles');

    await console_.getByTestId('breakout-start').click();
    for (const [i, page] of people.entries()) {
      await waitForRunningCountdown(page, firstStep.seconds);
      await waitForTextMatching(page, 'room-step', new RegExp(`^Step 1 of ${timeline.length}: `));
      await waitForText(page, 'room-round', `Round 1 of ${roleplay.activity.rounds}`);
      await waitForValue(
        page,
        () => [...document.querySelectorAll('[data-testid="room-timeline"] [data-testid="timeline-step"]')].map((s) => s.dataset.current),
        undefined,
        timeline.map((_, index) => String(index === 0)),
        'the timeline marks the first step',
      );
      // Nothing of another role's brief anywhere on the page: not in what is shown, not hidden in the markup.
      const text = await pageText(page);
      const markup = await page.content();
      for (const other of roles.filter((r) => r.id !== seen[i])) {
        const firstLine = other.brief.split('\n')[0];
        assert.ok(!text.includes(firstLine), `${names[i]} (${seen[i]}) does not see the ${other.id} brief`);
        assert.ok(!markup.includes(firstLine), `the ${other.id} brief is nowhere in ${names[i]}'s page`);
      }
    }
    await waitForTextMatching(console_, 'room-clock', /^Round 1 of \d+ · .+ · \d+:\d{2} left$/);

    // Ana's room asks for help: the console highlights the room until the facilitator clears it.
    await ana.getByTestId('help-button').click();
    await waitForText(ana, 'help-status', 'Help is on the way');
    await waitForValue(console_, consoleRoomsProbe, undefined, [{ room: 1, members: [...names].sort(), help: true }], 'the room card shows the help request');
    await waitForTextMatching(console_, 'room-help', /^Asked for help at /);
    await waitForText(console_, 'breakout-help-summary', 'Help asked in room 1');
    await console_.getByTestId('help-clear').click();
    await waitForValue(console_, consoleRoomsProbe, undefined, [{ room: 1, members: [...names].sort(), help: false }], 'the help request is cleared');
    await waitForText(console_, 'breakout-help-summary', '');
    await ana.getByTestId('help-button').waitFor({ state: 'visible' });

    // An announcement reaches every participant, and the projector, as a banner. The projector opens in the console's
    // browser, where it finds the facilitator key; it is watched for errors like openPage() watches pages.
    const projector = await facilitator.context.newPage();
    projector.problems = [];
    projector.on('pageerror', (error) => projector.problems.push(`uncaught: ${error.message}`));
    await projector.goto(`${server.baseUrl}/projector.html`);
    await waitForText(projector, 'projector-code', code);
    const message = 'Back in the main room at 11:00.\nBring one question.';
    await console_.getByTestId('announce-text').fill(message);
    await console_.getByTestId('announce-send').click();
    for (const page of [...people, projector]) await waitForText(page, 'announcement-text', message);
    await waitForText(console_, 'current-announcement', message);
    assert.equal(await ben.getByTestId('announcement-host').getAttribute('role'), 'status', 'the banner is a status region');
    // A participant may put it away; the next announcement shows again.
    await ben.getByTestId('announcement-dismiss').click();
    await waitForValue(ben, () => document.querySelector('[data-testid="announcement-text"]') !== null, undefined, false, 'the banner put away');
    await console_.getByTestId('announce-text').fill('Two minutes left.');
    await console_.getByTestId('announce-send').click();
    await waitForText(ben, 'announcement-text', 'Two minutes left.');
    // The facilitator takes it down: it leaves every screen.
    await console_.getByTestId('announce-clear').click();
    for (const page of [ben, projector]) {
      await waitForValue(page, () => document.querySelector('[data-testid="announcement-text"]')?.offsetParent != null, undefined, false, 'the banner taken down');
    }

    for (const page of [console_, projector, ...people]) await assertCleanPage(page);
  });

  test('the facilitator moves people with the select; participants pick rooms; the observer saves a checklist', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const names = ['Dee', 'Eli', 'Fay', 'Gil', 'Hal', 'Ivy'];
    const people = {};
    for (const name of names) {
      const person = await joinAs(browser, server.baseUrl, code, name);
      t.after(() => person.context.close());
      people[name] = person.page;
    }
    await goToPhase(console_, roleplay, Object.values(people));

    // "People pick a room": two empty rooms, and each participant gets a Join button per room.
    await console_.getByTestId('breakout-forming').selectOption('choose');
    await console_.getByTestId('breakout-form').click();
    await waitForValue(console_, consoleRoomsProbe, undefined, [1, 2].map((room) => ({ room, members: [], help: false })), 'two empty rooms');
    for (const name of ['Dee', 'Eli', 'Fay']) {
      const page = people[name];
      await waitForValue(page, () => document.querySelectorAll('[data-testid="room-choice"]').length, undefined, 2, 'a choice per room');
      await page.locator('[data-testid="room-choice"][data-room="1"] [data-testid="room-choose"]').click();
      await waitForText(page, 'room-heading', 'Room 1');
    }
    await waitForValue(
      people.Gil,
      () => [...document.querySelectorAll('[data-testid="room-choice-size"]')].map((n) => n.textContent),
      undefined,
      ['3 people', '0 people'],
      'the room sizes as people choose',
    );
    await waitForValue(console_, consoleRoomsProbe, undefined, [
      { room: 1, members: ['Dee', 'Eli', 'Fay'], help: false },
      { room: 2, members: [], help: false },
    ], 'the choices show on the console');

    // The accessible way to move people: "Move to room…" next to each name.
    for (const name of ['Gil', 'Hal', 'Ivy']) {
      const row = console_.locator('[data-testid="breakout-unassigned"] [data-testid="room-member"]', { hasText: name });
      await row.getByTestId('move-select').selectOption('2');
      await waitForText(people[name], 'room-heading', 'Room 2');
    }
    await waitForValue(console_, consoleRoomsProbe, undefined, [
      { room: 1, members: ['Dee', 'Eli', 'Fay'], help: false },
      { room: 2, members: ['Gil', 'Hal', 'Ivy'], help: false },
    ], 'everyone placed');
    const outOf1 = console_.locator('[data-testid="breakout-room"][data-room="1"] [data-testid="room-member"]', { hasText: 'Fay' });
    await outOf1.getByTestId('move-select').selectOption('0');
    await waitForValue(console_, unassignedProbe, undefined, ['Fay'], 'Fay moved out of every room');
    await waitForText(people.Fay, 'room-status', 'Pick a room to join.');
    await people.Fay.locator('[data-testid="room-choice"][data-room="1"] [data-testid="room-choose"]').click();
    await waitForText(people.Fay, 'room-heading', 'Room 1');

    // "View as room 2" shows that room's briefs, every one of them.
    await console_.locator('[data-testid="breakout-room"][data-room="2"] [data-testid="view-as"]').click();
    await waitForText(console_, 'room-preview-title', 'What room 2 sees');
    assert.equal(await console_.locator('[data-testid="room-preview"] [data-testid="preview-brief"]').count(), roles.length, 'a brief per role in the room');

    // The observer of room 1 ticks two items and saves; the room and the console's roll-up see it.
    await console_.getByTestId('breakout-start').click();
    const observer = roles.find((r) => r.checklist?.length);
    let observerPage = null;
    for (const name of ['Dee', 'Eli', 'Fay']) {
      await waitForRunningCountdown(people[name], firstStep.seconds);
      if ((await people[name].getByTestId('my-role-name').textContent()).trim() === observer.name) observerPage = people[name];
    }
    assert.ok(observerPage, 'room 1 has an observer');
    await observerPage.getByTestId('checklist-box').nth(0).check();
    await observerPage.getByTestId('checklist-box').nth(2).check();
    await observerPage.getByTestId('checklist-note').fill('“What is going on for you?”, then silence.');
    await observerPage.getByTestId('checklist-save').click();
    await waitForTextMatching(observerPage, 'activity-status', /^Checklist saved for round 1/);
    for (const name of ['Dee', 'Eli', 'Fay']) {
      await waitForText(people[name], 'observation-note', '“What is going on for you?”, then silence.');
    }
    await waitForValue(
      console_,
      () => [...document.querySelectorAll('[data-testid="summary-row"]')].map((row) => Number(row.lastChild.textContent)),
      undefined,
      observer.checklist.map((_, i) => (i === 0 || i === 2 ? 1 : 0)),
      'the checklist roll-up counts the ticks',
    );

    // Calling everyone back closes the rooms.
    await console_.getByTestId('callback-seconds').fill('0');
    await console_.getByTestId('callback-button').click();
    for (const page of Object.values(people)) await waitForText(page, 'room-status', 'Rooms are closed');

    for (const page of [console_, ...Object.values(people)]) await assertCleanPage(page);
  });

  test('rooms are formed with the people online; someone away joins a room on return; the console can include the away; a phone shows the role first', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    // Ana is on a phone: her role and brief must come before the long situation, on the first screen.
    const phone = await openPage(browser, `${server.baseUrl}/?code=${code}`, {
      contextOptions: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    });
    t.after(() => phone.context.close());
    await phone.page.getByTestId('display-name').fill('Ana');
    await phone.page.getByTestId('join-button').click();
    await waitForText(phone.page, 'my-name', 'Ana');
    const others = [];
    for (const name of ['Ben', 'Cy']) {
      const person = await joinAs(browser, server.baseUrl, code, name);
      t.after(() => person.context.close());
      others.push(person.page);
    }
    // Dee joins, then her phone sleeps: she is away when the rooms are formed.
    const dee = await joinAs(browser, server.baseUrl, code, 'Dee');
    t.after(() => dee.context.close());
    await dee.page.close();
    const present = [phone.page, ...others];
    await goToPhase(console_, roleplay, present);
    await waitForValue(console_, unassignedProbe, undefined, ['Ana', 'Ben', 'Cy', 'Dee'], 'everyone not in a room before forming');
    await waitForValue(
      console_,
      () => document.querySelector('[data-testid="breakout-unassigned"] li[data-online="false"] [data-testid="member-name"]')?.textContent ?? null,
      undefined,
      'Dee',
      'the console marks Dee as away',
    );

    // Forming (the scenario's own way) takes the three online; Dee stays out, marked away.
    await console_.getByTestId('breakout-form').click();
    await waitForValue(console_, unassignedProbe, undefined, ['Dee'], 'only the away person is left out');
    await waitForValue(
      console_,
      () => [...document.querySelectorAll('[data-testid="breakout-room"] [data-testid="member-name"]')].map((n) => n.textContent).sort(),
      undefined,
      ['Ana', 'Ben', 'Cy'],
      'the rooms hold the people online',
    );

    // The phone: my role and brief come before the situation, which is folded, and the role is on the first screen.
    await waitForValue(phone.page, () => !document.querySelector('[data-testid="my-role"]').hidden, undefined, true, 'Ana has a role');
    const layout = await phone.page.evaluate(() => {
      const role = document.querySelector('[data-testid="my-role"]');
      const name = document.querySelector('[data-testid="my-role-name"]');
      const situation = document.querySelector('[data-testid="room-situation-box"]');
      window.scrollTo(0, 0);
      return {
        roleFirst: Boolean(role.compareDocumentPosition(situation) & Node.DOCUMENT_POSITION_FOLLOWING),
        roleAbove: role.getBoundingClientRect().top < situation.getBoundingClientRect().top,
        nameBottom: name.getBoundingClientRect().bottom,
        screen: window.innerHeight,
        folded: !situation.open,
        situationLang: document.querySelector('[data-testid="room-situation"]').lang,
        briefLang: document.querySelector('[data-testid="my-role-brief"]').lang,
      };
    });
    await phone.page.screenshot({ path: path.join(repoRoot, 'tests', 'browser-output', 'breakouts-phone-role-first.png') }).catch(() => {});
    assert.ok(layout.roleFirst && layout.roleAbove, 'the role comes before the situation');
    assert.ok(layout.nameBottom <= layout.screen, `the role's name is on the first screen (bottom ${layout.nameBottom} of ${layout.screen})`);
    assert.ok(layout.folded, 'the long situation is folded on a phone');
    assert.equal(layout.situationLang, 'en', 'scenario text carries the scenario language');
    assert.equal(layout.briefLang, 'en');
    await phone.page.getByTestId('room-situation-toggle').click();
    await waitForValue(phone.page, () => document.querySelector('[data-testid="room-situation"]').offsetParent !== null, undefined, true, 'the situation unfolds');
    assert.equal((await phone.page.getByTestId('room-situation').textContent()).trim(), roleplay.activity.situation.trim());
    // A facilitated session's notes stay on the console.
    const notes = script.phases[roleplayIndex].notes.split('\n')[0].trim();
    assert.ok(notes.length > 10);
    assert.ok(!(await pageText(phone.page)).includes(notes), 'the facilitator notes are not on a participant screen');

    // Dee comes back (her browser kept her seat): she is placed in a room as a late joiner.
    const back = await dee.context.newPage();
    await back.goto(`${server.baseUrl}/?code=${code}`);
    await waitForText(back, 'my-name', 'Dee');
    await waitForValue(back, () => !document.querySelector('[data-testid="my-role"]').hidden, undefined, true, 'Dee has a role once back');
    await waitForValue(console_, unassignedProbe, undefined, [], 'nobody is left out once Dee is back');

    // Away again; the console forms the rooms once more and includes the away on purpose.
    await back.close();
    await waitForValue(
      console_,
      () => document.querySelector('[data-testid="breakout-room"] li[data-online="false"] [data-testid="member-name"]')?.textContent ?? null,
      undefined,
      'Dee',
      'Dee shows as away in her room',
    );
    await console_.getByTestId('breakout-include-away').check();
    await console_.getByTestId('breakout-form').click();
    await waitForValue(
      console_,
      () => [...document.querySelectorAll('[data-testid="breakout-room"] [data-testid="member-name"]')].map((n) => n.textContent).sort(),
      undefined,
      ['Ana', 'Ben', 'Cy', 'Dee'],
      'with "include people who are away", Dee is placed too',
    );

    for (const page of [console_, ...present]) await assertCleanPage(page);
  });
});

// A short role-play of its own: two people, two rounds of two 10-second steps (the shortest a scenario allows), and a
// video call per room. The test waits, on what the pages show, for the server to move the room on by itself.
describe('breakout clocks, video calls and the call-back', { timeout: 120_000 }, () => {
  const scenario = {
    id: 'breakout-browser-test',
    title: 'Breakout browser test',
    description: 'Two rounds of a two-person role-play with a video call per room.',
    competencies: ['testing'],
    durationMinutes: 5,
    phases: [
      { title: 'Welcome', notes: '', activity: { kind: 'info', text: 'Hello.' } },
      {
        title: 'Pairs practice',
        notes: '',
        activity: {
          kind: 'roleplay',
          situation: 'A customer calls about a late parcel.',
          groupSize: 2,
          rounds: 2,
          rotation: true,
          forming: 'auto',
          roles: [
            { id: 'agent', name: 'Agent', brief: 'AGENT BRIEF: apologise once, then fix it.' },
            { id: 'caller', name: 'Caller', brief: 'CALLER BRIEF: you are in a hurry and cross.' },
          ],
          timeline: [
            { step: 'prepare', label: 'Read', seconds: 10, prompt: 'Read your brief.' },
            { step: 'play', label: 'Talk', seconds: 10, prompt: 'The caller starts.' },
          ],
          videoLinkTemplate: 'https://meet.example.org/huddle-{code}-{phase}-{room}',
        },
      },
    ],
  };
  const phase = { index: 1, title: 'Pairs practice' };
  const briefs = Object.fromEntries(scenario.phases[1].activity.roles.map((r) => [r.name, r.brief]));
  let server;
  let browser;
  withServerAndBrowser(
    (s, b) => {
      server = s;
      browser = b;
    },
    { scenarios: [scenario] },
  );

  /** The brief the page shows and whether the other role's brief is anywhere on it: {role, brief, other}. */
  async function readBrief(page) {
    const role = (await page.getByTestId('my-role-name').textContent()).trim();
    const brief = (await page.getByTestId('my-role-brief').textContent()).trim();
    const markup = await page.content();
    const other = Object.entries(briefs).some(([name, text]) => name !== role && markup.includes(text));
    return { role, brief, other };
  }

  test('the room moves through steps and rounds by itself, roles rotate, the video link opens a new tab, time and the call-back', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, scenario.id);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const pages = [];
    for (const name of ['Kim', 'Lou']) {
      const person = await joinAs(browser, server.baseUrl, code, name);
      t.after(() => person.context.close());
      pages.push(person.page);
    }
    const [kim] = pages;
    await goToPhase(console_, phase, pages);
    await console_.getByTestId('breakout-form').click();
    await console_.getByTestId('breakout-start').click();

    // Round 1: each sees one role and its brief only; the room's video call is a link that opens a new tab.
    const firstRoles = [];
    for (const page of pages) {
      await waitForRunningCountdown(page, 10);
      await waitForText(page, 'room-step', 'Step 1 of 2: Read · 10 s');
      const seen = await readBrief(page);
      assert.equal(seen.brief, briefs[seen.role], `${seen.role} sees their own brief`);
      assert.equal(seen.other, false, 'and not the other one');
      firstRoles.push(seen.role);
      const link = page.getByTestId('room-video');
      assert.equal(await link.getAttribute('href'), `https://meet.example.org/huddle-${code}-2-1`);
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.equal(await link.getAttribute('rel'), 'noopener');
    }
    assert.deepEqual([...firstRoles].sort(), ['Agent', 'Caller']);

    // The call-back counts down on every screen.
    await console_.getByTestId('callback-seconds').fill('90');
    await console_.getByTestId('callback-button').click();
    await waitForTextMatching(console_, 'callback-status', /^Rooms close in 1:[23]\d$/);
    await waitForTextMatching(kim, 'callback-box', /^Back to the main room in\s*1:[23]\d/);

    // The server moves the room on by itself when a step's time is up (10 s here), and every page follows.
    await waitForText(kim, 'room-step', 'Step 2 of 2: Talk · 10 s');
    await waitForValue(kim, currentStepProbe, undefined, 1, 'the timeline marks the second step');
    await waitForText(kim, 'room-round', 'Round 2 of 2');
    await waitForText(kim, 'room-step', 'Step 1 of 2: Read · 10 s');
    // Roles rotate between rounds: each now reads the other brief, and still only their own.
    for (const [i, page] of pages.entries()) {
      await waitForValue(page, () => document.querySelector('[data-testid="my-role-name"]').textContent.trim(), undefined, firstRoles[1 - i], 'the role after rotation');
      const seen = await readBrief(page);
      assert.equal(seen.brief, briefs[seen.role]);
      assert.equal(seen.other, false);
    }

    // A minute more for the room shows on the participants' countdowns.
    await console_.locator('[data-testid="breakout-room"][data-room="1"] [data-testid="room-plus"]').click();
    // eslint-disable-next-line no-new-func
    const atLeastAMinute = new Function(`const seen = (${roomCountdownProbe.toString()})(); return seen !== null && seen.seconds > 60;`);
    for (const page of pages) await page.waitForFunction(atLeastAMinute);

    // Calling back with 0 s closes the rooms at once.
    await console_.getByTestId('callback-seconds').fill('0');
    await console_.getByTestId('callback-button').click();
    for (const page of pages) await waitForText(page, 'room-status', 'Rooms are closed');
    await waitForText(console_, 'room-clock', 'Closed');
    assert.equal(await kim.getByTestId('callback-box').isVisible(), false, 'no call-back countdown once the rooms are closed');

    for (const page of [console_, ...pages]) await assertCleanPage(page);
  });
});
