// Browser tests of hostile or mistaken input: markup in a name stays text, a wrong join code gets a clear message.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertCleanPage, createSession, joinAs, openPage, waitForRoster, waitForText, withServerAndBrowser } from './browser.mjs';

describe('hostile and mistaken input', { timeout: 120_000 }, () => {
  let server;
  let browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  test('a name made of HTML is shown literally and never runs', async (t) => {
    const evil = '<img src=x onerror="window.__xss=1">Eve';
    const facilitator = await createSession(browser, server.baseUrl);
    t.after(() => facilitator.context.close());
    const eve = await joinAs(browser, server.baseUrl, facilitator.code, evil);
    t.after(() => eve.context.close());
    const hal = await joinAs(browser, server.baseUrl, facilitator.code, 'Hal');
    t.after(() => hal.context.close());

    const roster = [
      { name: evil, presence: 'online' },
      { name: 'Hal', presence: 'online' },
    ];
    for (const page of [facilitator.page, eve.page, hal.page]) {
      await waitForRoster(page, roster, 'roster with the markup name');
      assert.equal(await page.locator('[data-testid="roster"] img').count(), 0, 'no <img> was created from the name');
      assert.equal(await page.evaluate(() => window.__xss), undefined, 'the onerror handler never ran');
      await assertCleanPage(page);
    }
    await waitForText(eve.page, 'my-name', evil);
    assert.equal(await facilitator.page.getByRole('button', { name: `Remove ${evil}` }).count(), 1, 'the Remove button names the person literally');
  });

  test('a join code with no session behind it gets a clear message', async (t) => {
    const { context, page } = await openPage(browser, `${server.baseUrl}/`);
    t.after(() => context.close());
    await page.getByTestId('join-code').fill('zz zz 99');
    await page.getByTestId('display-name').fill('Ivy');
    await page.getByTestId('join-button').click();
    await waitForText(page, 'join-error', 'No session with that code. Check the code and try again.');
    assert.equal(await page.getByTestId('join-code').inputValue(), 'ZZZZ99', 'the code field shows the tidied code');
    assert.equal(await page.getByTestId('lobby-view').isHidden(), true, 'still on the join form');
    assert.equal(await page.getByTestId('join-button').isEnabled(), true, 'the person can try again');

    // A code of the wrong length never leaves the browser, and says what a code looks like.
    await page.getByTestId('join-code').fill('AB3');
    await page.getByTestId('join-button').click();
    await waitForText(page, 'join-error', 'A join code has 6 letters and digits, like K7QX3M.');
    assert.equal(await page.getByTestId('join-code').getAttribute('aria-invalid'), 'true');
    await assertCleanPage(page);
  });
});
