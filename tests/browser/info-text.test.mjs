// An info phase's text reaches every screen as the scenario wrote it: paragraphs, a bullet list and bold, and markup
// in the file stays literal text (scenarios/README.md, "Files"; issue 16 item 1). The scenario's language marks its words
// (and the phase title) for screen readers, whatever language the page itself is in.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { assertCleanPage, createSession, goToPhase, joinAs, waitForValue, withServerAndBrowser } from './browser.mjs';
import { repoRoot } from './server.mjs';

/** The phase text as blocks: [{tag, text, bold: [...]}], from the element with data-testid "phase-text". */
function phaseTextBlocks() {
  const host = document.querySelector('[data-testid="phase-text"]');
  if (!host || host.hidden) return null;
  return [...host.children].map((block) => ({
    tag: block.tagName.toLowerCase(),
    lang: block.lang,
    text: block.tagName === 'UL' ? [...block.children].map((li) => li.textContent) : block.innerText,
    bold: [...block.querySelectorAll('strong')].map((b) => b.textContent),
  }));
}

const EXPECTED = [
  { tag: 'p', lang: 'de', text: 'Heute üben wir, statt nur zuzuhören.\nBringen Sie einen echten Fall mit.', bold: ['üben'] },
  { tag: 'ul', lang: 'de', text: ['Zuerst zuhören', 'Eine Frage stellen'], bold: ['Eine'] },
  { tag: 'p', lang: 'de', text: '<img src=x onerror="window.__pwned=1"> bleibt, wie es ist.', bold: [] },
];

describe('info phases show their text', () => {
  let server;
  let browser;
  withServerAndBrowser(
    (s, b) => {
      server = s;
      browser = b;
    },
    { scenariosDir: path.join(repoRoot, 'tests/fixtures/info-scenarios') },
  );

  test('participant and console read the same paragraphs, list and bold, and markup stays text', async () => {
    const facilitator = await createSession(browser, server.baseUrl, 'info-text');
    const ana = await joinAs(browser, server.baseUrl, facilitator.code, 'Ana');
    await goToPhase(facilitator.page, 'Welcome', [ana.page]);
    for (const page of [ana.page, facilitator.page]) {
      await waitForValue(page, phaseTextBlocks, undefined, EXPECTED, 'the info text as rendered');
      assert.equal(await page.getByTestId('current-phase').getAttribute('lang'), 'de', 'the phase title is marked as German');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'the page itself stays in the browser language');
      assert.equal(await page.evaluate(() => window.__pwned ?? null), null, 'markup in the scenario never runs');
      assert.equal(await page.locator('[data-testid="phase-text"] img').count(), 0, 'no element is made from the text');
      await assertCleanPage(page);
    }
    await facilitator.context.close();
    await ana.context.close();
  });
});
