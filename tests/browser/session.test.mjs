// Browser tests of a session's happy path: create, join from two browsers, see each other, and follow the phases.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  agendaTitles,
  assertCleanPage,
  createSession,
  joinAs,
  readRoster,
  waitForRoster,
  waitForText,
  waitForTextMatching,
  waitForValue, withServerAndBrowser } from './browser.mjs';

describe('running a session', { timeout: 120_000 }, () => {
  let server;
  let browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  test('facilitator creates a session; two people join and everyone sees both online', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    assert.equal(await console_.getByTestId('join-link').textContent(), `127.0.0.1:${server.port}/?code=${code}`);
    await waitForText(console_, 'counts', '0 joined · 0 online');

    const ana = await joinAs(browser, server.baseUrl, code, 'Ana');
    t.after(() => ana.context.close());
    // The second person typed the code the sloppy way: lower case, with a space. The page tidies it.
    const ben = await joinAs(browser, server.baseUrl, code, 'Ben', { codeInUrl: `${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}` });
    t.after(() => ben.context.close());

    const both = [
      { name: 'Ana', presence: 'online' },
      { name: 'Ben', presence: 'online' },
    ];
    await waitForRoster(console_, both, "facilitator's roster");
    await waitForRoster(ana.page, both, "Ana's roster");
    await waitForRoster(ben.page, both, "Ben's roster");
    await waitForText(console_, 'counts', '2 joined · 2 online');

    for (const { page } of [ana, ben]) {
      await waitForText(page, 'session-title', facilitator.scenario.title);
      await waitForText(page, 'current-phase', 'Waiting for the facilitator to start');
      await waitForText(page, 'connection-status', 'Connected');
      assert.match(page.url(), new RegExp(`\\?code=${code}$`), 'the page address carries the code, not the token');
    }
    for (const page of [console_, ana.page, ben.page]) await assertCleanPage(page);
  });

  test('facilitator starts, moves on, goes back and jumps; participants follow', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl);
    t.after(() => facilitator.context.close());
    const { page: console_, code, scenario } = facilitator;
    assert.ok(scenario.phaseCount >= 2, 'the scenario has at least two phases to move between');
    const titles = await agendaTitles(console_, scenario.phaseCount);

    const cai = await joinAs(browser, server.baseUrl, code, 'Cai');
    t.after(() => cai.context.close());
    const participant = cai.page;
    await waitForText(participant, 'current-phase', 'Waiting for the facilitator to start');
    assert.equal(await console_.getByTestId('back-button').isDisabled(), true, 'Back is off before the start');

    await waitForText(console_, 'next-button', 'Start session');
    await console_.getByTestId('next-button').click();
    await waitForText(participant, 'current-phase', titles[0]);
    await waitForTextMatching(participant, 'phase-meta', new RegExp(`^Phase 1 of ${titles.length}\\b`));
    await waitForText(console_, 'current-phase', titles[0]);
    assert.equal(await console_.locator('[data-testid="agenda-item"][aria-current="step"]').getAttribute('data-index'), '0');
    const firstNotes = console_.locator('[data-testid="agenda-item"][data-index="0"] .agenda-notes');
    if ((await firstNotes.count()) > 0) await waitForText(console_, 'current-notes', (await firstNotes.textContent()).trim());

    await waitForText(console_, 'next-button', 'Next phase →');
    await console_.getByTestId('next-button').click();
    await waitForText(participant, 'current-phase', titles[1]);
    await waitForText(console_, 'current-phase', titles[1]);

    await console_.getByTestId('back-button').click();
    await waitForText(participant, 'current-phase', titles[0]);
    await waitForText(console_, 'current-phase', titles[0]);

    const last = titles.length - 1;
    await console_.locator(`[data-testid="agenda-item"][data-index="${last}"] [data-testid="agenda-jump"]`).click();
    await waitForText(participant, 'current-phase', titles[last]);
    await waitForText(console_, 'current-phase', titles[last]);
    assert.equal(await console_.locator('[data-testid="agenda-item"][aria-current="step"]').getAttribute('data-index'), String(last));
    await console_.getByTestId('next-button').and(console_.locator(':disabled')).waitFor();

    assert.deepEqual(await readRoster(participant), [{ name: 'Cai', presence: 'online' }]);
    for (const page of [console_, participant]) await assertCleanPage(page);
  });

  test('facilitator ends the session after confirming; everyone sees that it is over', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const dee = await joinAs(browser, server.baseUrl, code, 'Dee');
    t.after(() => dee.context.close());
    await waitForRoster(console_, [{ name: 'Dee', presence: 'online' }]);

    // Dismissing the confirmation changes nothing.
    console_.once('dialog', (dialog) => dialog.dismiss());
    await console_.getByTestId('end-button').click();
    await waitForText(console_, 'session-status', 'Lobby');

    console_.once('dialog', (dialog) => dialog.accept());
    await console_.getByTestId('end-button').click();
    await waitForText(console_, 'session-status', 'Ended');
    await waitForText(dee.page, 'current-phase', 'This session has ended');
    await console_.getByTestId('new-session-button').waitFor();
    assert.equal(await console_.getByTestId('next-button').isDisabled(), true, 'no more phase changes');
    await dee.page.getByTestId('rejoin-button').waitFor();
    assert.equal(await dee.page.getByTestId('leave-button').isHidden(), true);

    // The facilitator can go straight on to a new session from the same page.
    await console_.getByTestId('new-session-button').click();
    await console_.getByTestId('scenario-item').first().getByTestId('create-session').click();
    await waitForValue(
      console_,
      (old) => {
        const now = document.querySelector('[data-testid="join-code-display"]')?.textContent;
        return Boolean(now) && now !== old && document.querySelector('[data-testid="session-status"]')?.textContent === 'Lobby';
      },
      code,
      true,
      'a fresh session after the ended one',
    );
    for (const page of [console_, dee.page]) await assertCleanPage(page);
  });
});

