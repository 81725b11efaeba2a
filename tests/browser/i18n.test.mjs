// The message catalogue (client-web/js/i18n.js): every language has every key with the same placeholders, every key the
// code asks for exists, and the browser's language picks the catalogue until the person switches (issue 16 item 10).

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';

import { launchBrowser, openPage, assertCleanPage, waitForValue } from './browser.mjs';
import { repoRoot, startServer } from './server.mjs';

const web = path.join(repoRoot, 'client-web');
const catalogue = async (lang) => (await import(pathToFileURL(path.join(web, 'js/messages', lang, 'index.js')))).default;
const placeholders = (message) =>
  [...new Set((typeof message === 'string' ? [message] : Object.values(message)).flatMap((m) => [...m.matchAll(/\{(\w+)\}/g)].map((x) => x[1])))].sort();

async function sourceFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'messages') out.push(...(await sourceFiles(full)));
    } else if (/\.(js|html)$/.test(entry.name) && entry.name !== 'i18n.js') out.push(full);  // i18n.js names keys only in its docs
  }
  return out;
}

describe('the message catalogue', () => {
  test('German has exactly the English keys, each with the same placeholders and plural forms', async () => {
    const en = await catalogue('en');
    const de = await catalogue('de');
    assert.deepEqual(Object.keys(de).sort(), Object.keys(en).sort(), 'same keys in both languages');
    for (const [key, message] of Object.entries(en)) {
      assert.deepEqual(placeholders(de[key]), placeholders(message), `placeholders of ${key}`);
      assert.equal(typeof de[key], typeof message, `${key} is plural in both or in neither`);
      if (typeof message === 'object') {
        for (const lang of [message, de[key]]) assert.ok(typeof lang.other === 'string', `${key} has an "other" form`);
        assert.ok(typeof message.one === 'string', `${key} has a "one" form in English`);
      }
    }
  });

  test('every key the pages ask for is in the catalogue', async () => {
    const en = await catalogue('en');
    const missing = [];
    for (const file of await sourceFiles(web)) {
      const text = await readFile(file, 'utf8');
      const keys = [
        ...[...text.matchAll(/\bt\(\s*'([\w.-]+)'/g)].map((m) => m[1]),
        ...[...text.matchAll(/data-i18n="([\w.-]+)"/g)].map((m) => m[1]),
        ...[...text.matchAll(/data-i18n-attr="([^"]+)"/g)].flatMap((m) => m[1].split(';').map((pair) => pair.split(':')[1]?.trim())),
      ];
      for (const key of keys) if (key && !(key in en)) missing.push(`${path.relative(web, file)}: ${key}`);
    }
    assert.deepEqual(missing, [], 'keys used in the code but missing from messages/en');
  });
});

describe('the page speaks the browser language until the person switches', () => {
  test('a German browser reads German, and the switch brings English back after a reload', async () => {
    const server = await startServer();
    const browser = await launchBrowser();
    try {
      const { context, page } = await openPage(browser, `${server.baseUrl}/?code=ZZZZZZ`, { contextOptions: { locale: 'de-DE' } });
      await waitForValue(page, () => document.documentElement.lang, undefined, 'de', 'the page language');
      await page.getByTestId('display-name').fill('Ana');
      await page.getByTestId('join-button').click();
      await waitForValue(
        page,
        () => document.querySelector('[data-testid="join-error"]')?.textContent.trim() ?? null,
        undefined,
        'Es gibt keine Sitzung mit diesem Code. Prüfen Sie den Code und versuchen Sie es erneut.',
        'the wrong-code error in German',
      );
      await Promise.all([page.waitForEvent('load'), page.getByTestId('language-switch').selectOption('en')]);
      await waitForValue(page, () => document.documentElement.lang, undefined, 'en', 'the page language after switching');
      assert.equal(await page.getByTestId('language-switch').inputValue(), 'en', 'the switch shows the choice');
      await assertCleanPage(page);
      await context.close();
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});
