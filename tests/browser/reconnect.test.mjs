// Browser tests of coming back: a participant reloads, a participant leaves the page, the facilitator reloads the console.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { agendaTitles, assertCleanPage, createSession, joinAs, launchBrowser, openPage, readRoster, UI_TIMEOUT_MS, waitForRoster, waitForText, withServerAndBrowser } from './browser.mjs';
import { startServer } from './server.mjs';

describe('coming back', { timeout: 120_000 }, () => {
  let server;
  let browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  test('a participant who reloads the page is still the same person', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl);
    t.after(() => facilitator.context.close());
    const dana = await joinAs(browser, server.baseUrl, facilitator.code, 'Dana');
    t.after(() => dana.context.close());
    const sam = await joinAs(browser, server.baseUrl, facilitator.code, 'Sam');
    t.after(() => sam.context.close());
    const everyone = [
      { name: 'Dana', presence: 'online' },
      { name: 'Sam', presence: 'online' },
    ];
    await waitForRoster(dana.page, everyone, "Dana's roster before the reload");
    const idBefore = await dana.page.locator('[data-testid="roster-item"].person-me').getAttribute('data-participant-id');

    // Back with the join code in the WebSocket's address, which a cluster's balancer hashes on (PROTOCOL.md).
    const sockets = [];
    dana.page.on('websocket', (ws) => sockets.push(new URL(ws.url())));
    await dana.page.reload();
    // Back in the lobby without typing anything: same name, same identity, no second "Dana".
    await waitForText(dana.page, 'my-name', 'Dana');
    await waitForText(dana.page, 'connection-status', 'Connected');
    assert.equal(await dana.page.getByTestId('join-view').isHidden(), true, 'the join form stays hidden');
    await waitForRoster(dana.page, everyone, "Dana's roster after the reload");
    await waitForRoster(facilitator.page, everyone, "facilitator's roster after Dana's reload");
    await waitForRoster(sam.page, everyone, "Sam's roster after Dana's reload");
    const idAfter = await dana.page.locator('[data-testid="roster-item"].person-me').getAttribute('data-participant-id');
    assert.equal(idAfter, idBefore, 'Dana is the same participant');
    assert.deepEqual(sockets.map((u) => `${u.pathname}${u.search}`), [`/ws?code=${facilitator.code}`], "the reloaded page's WebSocket");
    await waitForText(facilitator.page, 'counts', '2 joined · 2 online');
    for (const page of [facilitator.page, dana.page, sam.page]) await assertCleanPage(page);
  });

  test('a participant who closes the page shows as away to the facilitator', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl);
    t.after(() => facilitator.context.close());
    const eli = await joinAs(browser, server.baseUrl, facilitator.code, 'Eli');
    t.after(() => eli.context.close());
    const fay = await joinAs(browser, server.baseUrl, facilitator.code, 'Fay');
    t.after(() => fay.context.close());
    await waitForRoster(facilitator.page, [
      { name: 'Eli', presence: 'online' },
      { name: 'Fay', presence: 'online' },
    ]);

    await eli.page.close();
    const afterClose = [
      { name: 'Eli', presence: 'away' },
      { name: 'Fay', presence: 'online' },
    ];
    await waitForRoster(facilitator.page, afterClose, "facilitator's roster after Eli closed the page");
    await waitForText(facilitator.page, 'counts', '2 joined · 1 online');
    await waitForRoster(fay.page, afterClose, "Fay's roster after Eli closed the page");
    for (const page of [facilitator.page, fay.page]) await assertCleanPage(page);
  });

  test('a facilitator who reloads the console is re-attached to the same session', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl);
    t.after(() => facilitator.context.close());
    const { page: console_, code, scenario } = facilitator;
    const gus = await joinAs(browser, server.baseUrl, code, 'Gus');
    t.after(() => gus.context.close());
    await waitForRoster(console_, [{ name: 'Gus', presence: 'online' }]);

    const sockets = [];
    console_.on('websocket', (ws) => sockets.push(new URL(ws.url())));
    await console_.reload();
    await waitForText(console_, 'join-code-display', code);
    await waitForText(console_, 'session-title', scenario.title);
    await waitForRoster(console_, [{ name: 'Gus', presence: 'online' }], "facilitator's roster after the reload");
    await waitForText(console_, 'connection-status', 'Connected');
    assert.equal(new URL(console_.url()).search, '', 'the facilitator key is not in the address');
    assert.equal(await console_.getByTestId('setup-view').isHidden(), true, 'no scenario picker after the reload');
    assert.deepEqual(sockets.map((u) => `${u.pathname}${u.search}`), [`/ws?code=${code}`], "the reloaded console's WebSocket");

    // Re-attached for real: the console still drives the session.
    await console_.getByTestId('next-button').click();
    const firstPhase = (await console_.locator('[data-testid="agenda-item"][data-index="0"] .agenda-title').textContent()).trim();
    await waitForText(gus.page, 'current-phase', firstPhase);
    assert.deepEqual(await readRoster(gus.page), [{ name: 'Gus', presence: 'online' }]);
    for (const page of [console_, gus.page]) await assertCleanPage(page);
  });

  test('a participant the facilitator removes is sent back to the join form with a clear message', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const kim = await joinAs(browser, server.baseUrl, code, 'Kim');
    t.after(() => kim.context.close());
    const lee = await joinAs(browser, server.baseUrl, code, 'Lee');
    t.after(() => lee.context.close());
    await waitForRoster(console_, [
      { name: 'Kim', presence: 'online' },
      { name: 'Lee', presence: 'online' },
    ]);

    console_.once('dialog', (dialog) => dialog.accept());
    await console_.getByRole('button', { name: 'Remove Kim' }).click();
    await waitForRoster(console_, [{ name: 'Lee', presence: 'online' }], "facilitator's roster after removing Kim");
    await waitForRoster(lee.page, [{ name: 'Lee', presence: 'online' }], "Lee's roster after Kim was removed");
    await waitForText(console_, 'counts', '1 joined · 1 online');

    // Kim's page lost its connection, reconnected, found its seat gone, and says so.
    await kim.page.getByTestId('join-view').waitFor();
    assert.match(await kim.page.getByTestId('join-notice').textContent(), /no longer in that session/);
    assert.equal(await kim.page.getByTestId('join-code').inputValue(), code, 'the code is still filled in');
    const storedSeat = await kim.page.evaluate((c) => localStorage.getItem(`huddle.seat.${c}`), code);
    assert.equal(storedSeat, null, 'the dead resume token was dropped');
    for (const page of [console_, kim.page, lee.page]) await assertCleanPage(page);
  });

  // The session lives in the SQLite journal in the data folder, so a restart on the same folder brings it back.
  test('after a server restart both pages reconnect by themselves and keep following the session', async (t) => {
    // Its own server: this test stops it and starts it again on the same port with the same journal.
    let own = await startServer();
    t.after(() => own.stop());
    const facilitator = await createSession(browser, own.baseUrl);
    t.after(() => facilitator.context.close());
    const { page: console_, scenario } = facilitator;
    const titles = await agendaTitles(console_, scenario.phaseCount);
    const jo = await joinAs(browser, own.baseUrl, facilitator.code, 'Jo');
    t.after(() => jo.context.close());
    await console_.getByTestId('next-button').click();
    await waitForText(jo.page, 'current-phase', titles[0]);

    const { port, dataDir } = own;
    await own.stop({ keepData: true });
    await waitForText(jo.page, 'connection-status', 'Reconnecting…');
    await waitForText(console_, 'connection-status', 'Reconnecting…');
    own = await startServer({ port, dataDir });

    await waitForText(jo.page, 'connection-status', 'Connected');
    await waitForText(console_, 'connection-status', 'Connected');
    assert.equal(await console_.getByTestId('console-view').isVisible(), true, 'the console is still attached');
    assert.equal(await jo.page.getByTestId('lobby-view').isVisible(), true, 'Jo is still in the session');
    await waitForRoster(console_, [{ name: 'Jo', presence: 'online' }], "facilitator's roster after the restart");
    await waitForText(jo.page, 'current-phase', titles[0]);
    // The restarted session counts versions afresh under a new epoch; the pages must take its pushes anyway.
    await console_.getByTestId('next-button').click();
    await waitForText(jo.page, 'current-phase', titles[1]);
    await waitForText(jo.page, 'my-name', 'Jo');
    for (const page of [console_, jo.page]) await assertCleanPage(page);
  });
});

describe('a join page left open', { timeout: 120_000 }, () => {
  test('the server closes a connection that joined nothing; the page connects again unseen and the join works', async (t) => {
    // The server keeps an unadmitted connection for --admission-timeout seconds (60 by default, 3 here).
    const own = await startServer({ extraArgs: ['--admission-timeout', '3'] });
    t.after(() => own.stop());
    const browser = await launchBrowser();
    t.after(() => browser.close());
    const facilitator = await createSession(browser, own.baseUrl);
    t.after(() => facilitator.context.close());

    // Count the page's sockets and the close codes it sees, and every status line it ever shows.
    const watch = () => {
      window.__closes = [];
      window.__opened = 0;
      window.__statuses = [];
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(...args) {
          super(...args);
          this.addEventListener('open', () => (window.__opened += 1));
          this.addEventListener('close', (e) => window.__closes.push(e.code));
        }
      };
      document.addEventListener('DOMContentLoaded', () => {
        const status = document.querySelector('[data-testid="connection-status"]');
        new MutationObserver(() => window.__statuses.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
      });
    };
    const ada = await openPage(browser, `${own.baseUrl}/?code=${facilitator.code}`, { initScript: watch });
    t.after(() => ada.context.close());
    await waitForText(ada.page, 'connection-status', 'Connected');
    // Ada reads the page for longer than the server waits: it closes her socket (1008), and the page opens another.
    await ada.page.waitForFunction(() => window.__opened >= 2, null, { timeout: UI_TIMEOUT_MS });
    assert.deepEqual(await ada.page.evaluate(() => window.__closes), [1008]);
    await ada.page.getByTestId('display-name').fill('Ada');
    await ada.page.getByTestId('join-button').click();
    await waitForText(ada.page, 'my-name', 'Ada');
    await waitForRoster(facilitator.page, [{ name: 'Ada', presence: 'online' }]);
    const statuses = await ada.page.evaluate(() => window.__statuses);
    assert.equal(statuses.filter((s) => /Reconnecting|lost/i.test(s)).length, 0, `the page never said it lost the server: ${statuses}`);
    for (const page of [facilitator.page, ada.page]) await assertCleanPage(page);
  });
});
