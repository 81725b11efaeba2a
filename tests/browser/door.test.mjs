// Browser tests of the door: the facilitator locks the session and a newcomer reads why they cannot join, then
// unlocks it and they get in; and everyone who joined in the last minute is removed in one confirmed step.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertCleanPage, createSession, joinAs, openPage, waitForRoster, waitForText, waitForTextMatching, withServerAndBrowser } from './browser.mjs';

/** Resolves once this machine's clock (the server's too: same machine) has reached `time`. */
async function clockReaches(time) {
  while (Date.now() < time) await new Promise((resolve) => setTimeout(resolve, time - Date.now()));
}

describe('locking the door', { timeout: 120_000 }, () => {
  let server;
  let browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  test('a locked session refuses a newcomer with the reason on the join page; unlocked, they get in', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const ana = await joinAs(browser, server.baseUrl, code, 'Ana');
    t.after(() => ana.context.close());
    await waitForText(console_, 'door-state', 'Open: anyone with the code can join.');

    await console_.getByTestId('lock-button').click();
    await waitForText(console_, 'door-state', 'Locked: nobody new can join. People already in can still come back.');
    await waitForText(console_, 'lock-button', 'Unlock session');

    const ben = await openPage(browser, `${server.baseUrl}/?code=${code}`);
    t.after(() => ben.context.close());
    await ben.page.getByTestId('display-name').fill('Ben');
    await ben.page.getByTestId('join-button').click();
    await waitForTextMatching(ben.page, 'join-error', /^This session is locked/);

    await console_.getByTestId('lock-button').click();
    await waitForText(console_, 'door-state', 'Open: anyone with the code can join.');
    await ben.page.getByTestId('join-button').click();
    await waitForText(ben.page, 'my-name', 'Ben');
    await waitForRoster(console_, [
      { name: 'Ana', presence: 'online' },
      { name: 'Ben', presence: 'online' },
    ]);
    for (const page of [console_, ana.page, ben.page]) await assertCleanPage(page);
  });

  test('"Remove people who joined in the last minute" removes the late joiners after a confirm naming them', async (t) => {
    // The console's clock can be moved on, so "a minute later" needs no minute of waiting: the server stamps joins
    // with the real time, and the console asks for "since now minus a minute" by its own clock.
    const shiftable = () => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() + (window.__clockShiftMs ?? 0);
    };
    const facilitator = await createSession(browser, server.baseUrl, undefined, { initScript: shiftable });
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const early = [];
    for (const name of ['Ana', 'Ben']) early.push(await joinAs(browser, server.baseUrl, code, name));
    // Everyone above joined before `cut`; everyone below joins a second after it.
    const cut = Date.now() + 1000;
    await clockReaches(cut + 1000);
    const late = [];
    for (const name of ['Cai', 'Dee']) late.push(await joinAs(browser, server.baseUrl, code, name));
    t.after(() => Promise.all([...early, ...late].map((p) => p.context.close())));
    await waitForRoster(console_, ['Ana', 'Ben', 'Cai', 'Dee'].map((name) => ({ name, presence: 'online' })));

    // A minute after `cut`, by the console's clock.
    await console_.evaluate((shift) => { window.__clockShiftMs = shift; }, cut + 60_000 - Date.now());
    let question = '';
    console_.once('dialog', (dialog) => {
      question = dialog.message();
      dialog.accept();
    });
    await console_.getByTestId('remove-recent-minutes').selectOption('1');
    await console_.getByTestId('remove-recent-button').click();
    await waitForRoster(console_, [
      { name: 'Ana', presence: 'online' },
      { name: 'Ben', presence: 'online' },
    ], 'the roster after removing the late joiners');
    assert.match(question, /^Remove 2 people who joined in the last minute \(Cai, Dee\)\?/);
    await waitForText(console_, 'counts', '2 joined · 2 online');
    for (const page of [console_, ...early.map((p) => p.page)]) await assertCleanPage(page);
  });
});
