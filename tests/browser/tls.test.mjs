// With --tls-cert/--tls-key the whole product runs over HTTPS: the pages load, the client opens wss:// by
// itself, and a facilitator and a participant see each other. Chromium is told to accept the test's
// self-signed certificate (Playwright's ignoreHTTPSErrors), as a browser would after the certificate is trusted.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { assertCleanPage, launchBrowser, openPage, waitForText, waitForTextMatching } from './browser.mjs';
import { startServer } from './server.mjs';

describe('over TLS', { timeout: 120_000 }, () => {
  let server;
  let browser;
  let certDir;
  const contextOptions = { ignoreHTTPSErrors: true };

  before(async () => {
    certDir = await mkdtemp(path.join(tmpdir(), 'huddle-tls-'));
    const cert = path.join(certDir, 'cert.pem');
    const key = path.join(certDir, 'key.pem');
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert,
    ]);
    server = await startServer({ extraArgs: ['--tls-cert', cert, '--tls-key', key] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (certDir) await rm(certDir, { recursive: true, force: true });
  });

  test('the server announces https, and a session runs over wss from the pages', async (t) => {
    assert.match(server.baseUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
    const console_ = await openPage(browser, `${server.baseUrl}/facilitator.html`, { contextOptions });
    t.after(() => console_.context.close());
    await console_.page.getByTestId('create-session').first().click();
    const code = await waitForTextMatching(console_.page, 'join-code-display', /^[ABCDEFGHJKMNPQRSTVWXYZ2-9]{6}$/);

    const ana = await openPage(browser, `${server.baseUrl}/?code=${code}`, { contextOptions });
    t.after(() => ana.context.close());
    const sockets = [];
    ana.page.on('websocket', (ws) => sockets.push(ws.url()));
    await ana.page.getByTestId('display-name').fill('Ana');
    await ana.page.getByTestId('join-button').click();
    await waitForText(ana.page, 'my-name', 'Ana');
    await waitForText(console_.page, 'counts', '1 joined · 1 online');
    assert.ok(sockets.length > 0 && sockets.every((url) => url.startsWith('wss://')), `sockets: ${sockets}`);
    await assertCleanPage(ana.page);
    await assertCleanPage(console_.page);
  });
});
