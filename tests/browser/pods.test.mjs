// Browser test of peer pods: a participant starts a pod from the home page (no facilitator anywhere), two peers join
// with its code, a member moves the pod to the role-play and another starts it; each of the three reads only their
// own role's brief, and the observer has the checklist.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  assertCleanPage,
  joinAs,
  openPage,
  readScenario,
  scenarioList,
  waitForRoster,
  waitForText,
  waitForTextMatching,
  waitForValue,
  withServerAndBrowser,
} from './browser.mjs';

const SCENARIO = 'pod-missed-deadline';
const ROLEPLAY_TITLE = 'Role-play: the late churn report';
const CODE_PATTERN = /^[ABCDEFGHJKMNPQRSTVWXYZ2-9]{6}$/;

const script = await readScenario(SCENARIO);
const roleplayIndex = script.phases.findIndex((phase) => phase.title === ROLEPLAY_TITLE);
assert.ok(roleplayIndex >= 0 && script.phases[roleplayIndex].activity.kind === 'roleplay', `${SCENARIO} has the role-play "${ROLEPLAY_TITLE}"`);
const { roles } = script.phases[roleplayIndex].activity;

/**
 * A line of a brief that says whose it is, searched for in the page's text and markup: it must hold none of the
 * characters HTML escapes in text (& < > and the no-break space), or a search of the markup could never find it.
 */
function briefMark(role) {
  const line = role.brief.split('\n')[0].trim();
  assert.ok(line.length > 20 && !/[&<>\u00a0]/.test(line), `a plain first line in the ${role.id} brief`);
  return line;
}

/** The notes the observers saved, as the room shows them. */
function observationNotesProbe() {
  return [...document.querySelectorAll('[data-testid="observation-note"]')].map((n) => n.textContent.trim());
}

/** Whether the modal <dialog> with data-testid `testid` is open (a dialog in the top layer has no offsetParent). */
function dialogOpenProbe(testid) {
  return document.querySelector(`dialog[data-testid="${testid}"]`)?.open ?? false;
}

/** Whether the element with data-testid `testid` is on screen (present, not hidden itself or inside something hidden). */
function visibleProbe(testid) {
  const node = document.querySelector(`[data-testid="${testid}"]`);
  return Boolean(node) && node.offsetParent !== null;
}

describe('peer pods', { timeout: 180_000 }, () => {
  let server;
  let browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  test('started from the home page, joined with its code, moved and started by its members: own brief only', async (t) => {
    const offered = (await scenarioList(server.baseUrl)).find((s) => s.id === SCENARIO);
    assert.equal(offered?.mode, 'pod', `${SCENARIO} is offered as a pod scenario`);

    // Ana: the home page offers the pod practice; she types her name and starts a pod.
    const ana = await openPage(browser, `${server.baseUrl}/`);
    t.after(() => ana.context.close());
    const item = ana.page.locator(`[data-testid="pod-scenario"][data-scenario-id="${SCENARIO}"]`);
    await item.waitFor();
    assert.equal((await item.getByTestId('pod-scenario-title').textContent()).trim(), offered.title);
    assert.equal((await item.getByTestId('pod-scenario-description').textContent()).trim(), offered.description);
    await ana.page.getByTestId('display-name').fill('Ana');
    await item.getByTestId('pod-start').click();
    await waitForText(ana.page, 'my-name', 'Ana');
    const code = await waitForTextMatching(ana.page, 'pod-code', CODE_PATTERN);
    await waitForTextMatching(ana.page, 'pod-code-box', /Share this code with the 2–4 people in your pod/);
    await waitForText(ana.page, 'session-title', offered.title);
    assert.equal(new URL(ana.page.url()).searchParams.get('code'), code, 'the page is at the pod, as after a join');

    // Ben and Cy join with the code, as in any session.
    const ben = await joinAs(browser, server.baseUrl, code, 'Ben');
    t.after(() => ben.context.close());
    const cy = await joinAs(browser, server.baseUrl, code, 'Cy');
    t.after(() => cy.context.close());
    const pages = [ana.page, ben.page, cy.page];
    const everyone = ['Ana', 'Ben', 'Cy'].map((name) => ({ name, presence: 'online' }));
    for (const page of pages) {
      await waitForRoster(page, everyone, 'the whole pod online');
      await waitForText(page, 'pod-code', code);
      await waitForValue(page, visibleProbe, 'pod-next', true, 'every member has the phase controls');
    }

    // Ben moves the pod along, one phase at a time, up to the role-play.
    for (let index = 0; index <= roleplayIndex; index += 1) {
      await ben.page.getByTestId('pod-next').click();
      await waitForText(ben.page, 'current-phase', script.phases[index].title);
    }
    for (const page of pages) {
      await waitForText(page, 'current-phase', ROLEPLAY_TITLE);
      await waitForValue(page, visibleProbe, 'pod-room-start', true, 'the role-play can be started by anyone');
      await waitForValue(page, visibleProbe, 'my-role', false, 'no roles before the start');
    }

    // Cy starts it: one room with the three of them, each with a role.
    await cy.page.getByTestId('pod-room-start').click();
    const seen = [];
    for (const page of pages) {
      await waitForValue(page, visibleProbe, 'my-role-brief', true, 'my brief is shown once the role-play runs');
      await waitForValue(page, visibleProbe, 'pod-room-time', true, '+1 min for everyone while it runs');
      await waitForValue(page, visibleProbe, 'pod-room-start', false, 'no start button while it runs');
      const roleName = (await page.getByTestId('my-role-name').textContent()).trim();
      const role = roles.find((r) => r.name === roleName);
      assert.ok(role, `"${roleName}" is one of the scenario's roles`);
      seen.push(role);
      assert.equal((await page.getByTestId('my-role-brief').textContent()).trim(), role.brief.trim(), `${roleName} sees their own brief`);
      assert.equal(await page.getByTestId('room-member').count(), 3, 'the pod is one room of three');

      const text = await page.evaluate(() => document.body.innerText);
      const markup = await page.content();
      assert.ok(text.includes(briefMark(role)), `${roleName}: own brief readable`);
      for (const other of roles.filter((r) => r.id !== role.id)) {
        assert.ok(!text.includes(briefMark(other)), `${roleName} does not see the ${other.name} brief`);
        assert.ok(!markup.includes(briefMark(other)), `${roleName}'s page holds no ${other.name} brief, not even hidden`);
      }

      const checklist = role.checklist ?? [];
      if (checklist.length) {
        await waitForValue(page, visibleProbe, 'checklist-form', true, 'the observer has the checklist');
        const items = await page.getByTestId('checklist-item').allTextContents();
        assert.deepEqual(items.map((s) => s.trim()), checklist, 'the observer checklist lists the scenario items');
      } else {
        await waitForValue(page, visibleProbe, 'checklist-form', false, `${roleName} has no checklist`);
      }
    }
    assert.deepEqual(seen.map((r) => r.id).sort(), roles.map((r) => r.id).sort(), 'three people, three different roles');
    assert.ok(seen.some((r) => r.checklist?.length), 'one of them observes');

    // Any member adds a minute; the page says it was done.
    await ana.page.getByTestId('pod-room-time').click();
    await waitForText(ana.page, 'activity-status', 'One minute added to this step.');

    for (const page of pages) await assertCleanPage(page);
  });

  test('every member reads the run sheet, reveals hidden results, and is asked before Back stops the role-play, which then carries on', async (t) => {
    const ana = await openPage(browser, `${server.baseUrl}/`);
    t.after(() => ana.context.close());
    await ana.page.getByTestId('display-name').fill('Ana');
    await ana.page.locator(`[data-testid="pod-scenario"][data-scenario-id="${SCENARIO}"]`).getByTestId('pod-start').click();
    const code = await waitForTextMatching(ana.page, 'pod-code', CODE_PATTERN);
    const ben = await joinAs(browser, server.baseUrl, code, 'Ben');
    t.after(() => ben.context.close());
    const cy = await joinAs(browser, server.baseUrl, code, 'Cy');
    t.after(() => cy.context.close());
    const pages = [ana.page, ben.page, cy.page];
    const everyone = ['Ana', 'Ben', 'Cy'].map((name) => ({ name, presence: 'online' }));
    for (const page of pages) await waitForRoster(page, everyone, 'the whole pod online');

    // The run sheet: the phase's notes, on every member's screen, in the scenario's language.
    await ben.page.getByTestId('pod-next').click();
    const firstNotes = script.phases[0].notes.split('\n')[0].trim();
    for (const page of pages) {
      await waitForText(page, 'current-phase', script.phases[0].title);
      await waitForValue(page, visibleProbe, 'pod-notes', true, 'the run sheet is shown in a pod');
      assert.ok((await page.getByTestId('pod-notes-text').textContent()).includes(firstNotes), 'the notes of the phase the pod is in');
      assert.equal(await page.getByTestId('pod-notes-text').locator('p').first().getAttribute('lang'), 'en');
    }

    // The hidden poll: any member reveals the results to everyone.
    await ben.page.getByTestId('pod-next').click();
    await waitForText(ben.page, 'current-phase', script.phases[1].title);
    assert.ok((await ben.page.getByTestId('pod-notes-text').textContent()).includes(script.phases[1].notes.split('\n')[0].trim()));
    for (const page of pages) {
      await waitForValue(page, visibleProbe, 'poll-form', true, 'the poll is open');
      await page.getByTestId('poll-option').first().click();
      await page.getByTestId('poll-submit').click();
      await waitForValue(page, visibleProbe, 'ballot-note', true, 'the answer is in');
      await waitForValue(page, visibleProbe, 'poll-results', false, 'results hidden until revealed');
      await waitForValue(page, visibleProbe, 'pod-reveal', true, 'any member may reveal');
    }
    await cy.page.getByTestId('pod-reveal').click();
    for (const page of pages) {
      await waitForValue(page, visibleProbe, 'poll-results', true, 'the results are revealed to everyone');
      await waitForValue(page, visibleProbe, 'pod-reveal', false, 'nothing left to reveal');
    }

    // To the role-play, started by Ana; the observer notes something in round 1.
    for (let index = 2; index <= roleplayIndex; index += 1) {
      await ben.page.getByTestId('pod-next').click();
      await waitForText(ben.page, 'current-phase', script.phases[index].title);
    }
    await waitForValue(ana.page, visibleProbe, 'pod-room-start', true, 'the role-play can be started');
    await ana.page.getByTestId('pod-room-start').click();
    const roleOf = new Map();
    let observer = null;
    for (const page of pages) {
      await waitForValue(page, visibleProbe, 'my-role-brief', true, 'my brief once it runs');
      roleOf.set(page, (await page.getByTestId('my-role-name').textContent()).trim());
      if (await page.getByTestId('checklist-form').isVisible()) observer = page;
    }
    assert.ok(observer, 'someone observes');
    const note = 'Asked what got in the way before anything else.';
    await observer.getByTestId('checklist-note').fill(note);
    await observer.getByTestId('checklist-save').click();
    for (const page of pages) await waitForTextMatching(page, 'room-observations', new RegExp(note));

    // Back during the role-play asks first; "Stay" changes nothing.
    await ben.page.getByTestId('pod-back').click();
    await waitForValue(ben.page, dialogOpenProbe, 'back-confirm', true, 'Back asks for confirmation while the rounds run');
    await waitForTextMatching(ben.page, 'back-confirm', /round 1 of 3/);
    await ben.page.getByTestId('back-confirm-cancel').click();
    await waitForValue(ben.page, dialogOpenProbe, 'back-confirm', false, 'the question is gone');
    await waitForText(ben.page, 'current-phase', ROLEPLAY_TITLE);
    await waitForValue(ben.page, visibleProbe, 'room-timer', true, 'the clock still runs');

    // Confirmed, Back leaves the role-play; Next returns to it stopped, not started again.
    await ben.page.getByTestId('pod-back').click();
    await ben.page.getByTestId('back-confirm-ok').click();
    for (const page of pages) await waitForText(page, 'current-phase', script.phases[roleplayIndex - 1].title);
    await ben.page.getByTestId('pod-next').click();
    for (const page of pages) {
      await waitForText(page, 'current-phase', ROLEPLAY_TITLE);
      await waitForTextMatching(page, 'room-status', /stopped in round 1 of 3 when the pod went back/);
      await waitForText(page, 'pod-room-start', 'Carry on the role-play');
      await waitForValue(page, visibleProbe, 'pod-room-restart', true, 'starting again is a separate choice');
    }
    await cy.page.getByTestId('pod-room-start').click();
    for (const page of pages) {
      await waitForValue(page, visibleProbe, 'room-timer', true, 'the clock runs again');
      await waitForText(page, 'room-round', 'Round 1 of 3');
      assert.equal((await page.getByTestId('my-role-name').textContent()).trim(), roleOf.get(page), 'the same role as before');
      await waitForValue(page, observationNotesProbe, undefined, [note], 'the observer notes of round 1 are still there');
    }
    await ana.page.screenshot({ path: new URL('../browser-output/pods-carried-on.png', import.meta.url).pathname }).catch(() => {});

    for (const page of pages) await assertCleanPage(page);
  });
});
