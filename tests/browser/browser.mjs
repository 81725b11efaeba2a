// Shared browser-test plumbing: launch Debian's Chromium, open Huddle pages, and wait (by events, never sleeps) for what a user would see.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before } from 'node:test';

import { chromium } from 'playwright-core';

import { repoRoot, startServer } from './server.mjs';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// How long one wait for something on screen may take before the test fails (a hang guard, not a synchronisation).
export const UI_TIMEOUT_MS = 15_000;

export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Opens `url` in a fresh browser context (its own localStorage, like another person's phone).
 * The page records uncaught errors and Content-Security-Policy violations; assertCleanPage() checks them.
 * `initScript` (a function) runs in the page before its own scripts, e.g. to set the device's clock wrong.
 * `contextOptions` go to Playwright's browser.newContext (e.g. trusting a test's self-signed certificate).
 */
export async function openPage(browser, url, { initScript = null, contextOptions = {} } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  if (initScript) await context.addInitScript(initScript);
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`uncaught: ${error.message}`));
  await page.goto(url);
  return { context, page };
}

/** Fails when the page threw or broke the CSP (inline script/style, foreign origins). */
export async function assertCleanPage(page) {
  if (page.isClosed()) return;
  const violations = await page.evaluate(() => window.__cspViolations ?? []);
  assert.deepEqual(page.problems, [], 'the page threw errors');
  assert.deepEqual(violations, [], 'the page broke its Content-Security-Policy');
}

/** The scenario ids the server offers, from GET /api/scenarios. */
export async function scenarioList(baseUrl) {
  const response = await fetch(`${baseUrl}/api/scenarios`);
  assert.equal(response.status, 200, 'GET /api/scenarios');
  const body = await response.json();
  assert.ok(Array.isArray(body.scenarios) && body.scenarios.length > 0, 'the server offers at least one scenario');
  return body.scenarios;
}

/**
 * Waits until `probe(arg)` evaluated in the page returns a value equal (deep) to `expected`.
 * On timeout it fails with the last value seen, so a red test says what the user saw instead.
 */
export async function waitForValue(page, probe, arg, expected, what) {
  const wanted = JSON.stringify(expected);
  // A real function (built here in Node, where eval is fine) with the probe's source inlined: Playwright sends its source
  // once and then only *calls* it on every poll, which the page's CSP allows. (A string expression would be re-evaluated
  // on every poll, an 'unsafe-eval' the CSP blocks; and a string returning a function is taken as an always-true value.)
  // eslint-disable-next-line no-new-func
  const predicate = new Function('wanted', `return JSON.stringify((${probe.toString()})(${JSON.stringify(arg ?? null)})) === wanted;`);
  try {
    await page.waitForFunction(predicate, wanted);
  } catch (error) {
    if (page.isClosed()) throw error;
    const seen = await page.evaluate(probe, arg);
    assert.deepEqual(seen, expected, `${what} (waited ${UI_TIMEOUT_MS} ms)`);
    throw error;
  }
}

/** Text of the element with data-testid `testid`, or null. */
function testIdText(testid) {
  const node = document.querySelector(`[data-testid="${testid}"]`);
  return node ? node.textContent.trim() : null;
}

/** Waits until the element with data-testid `testid` shows exactly `text`. */
export function waitForText(page, testid, text) {
  return waitForValue(page, testIdText, testid, text, `text of [data-testid=${testid}]`);
}

/** Waits until the element with data-testid `testid` shows text matching `pattern`; returns that text. */
export async function waitForTextMatching(page, testid, pattern) {
  await page.waitForFunction(
    ({ testid, source, flags }) => {
      const node = document.querySelector(`[data-testid="${testid}"]`);
      return node && new RegExp(source, flags).test(node.textContent.trim());
    },
    { testid, source: pattern.source, flags: pattern.flags },
  );
  return (await page.getByTestId(testid).textContent()).trim();
}

/** The roster as the user sees it: [{name, presence}] sorted by name. */
function rosterProbe() {
  return [...document.querySelectorAll('[data-testid="roster-item"]')]
    .filter((item) => item.offsetParent !== null)
    .map((item) => ({
      name: item.querySelector('[data-testid="roster-name"]').textContent,
      presence: item.querySelector('[data-testid="roster-presence"]').textContent.trim(),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function readRoster(page) {
  return page.evaluate(rosterProbe);
}

/** Waits until the visible roster is exactly `people` ([{name, presence}], any order). */
export function waitForRoster(page, people, what = 'roster') {
  const expected = [...people].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return waitForValue(page, rosterProbe, undefined, expected, what);
}

/**
 * Opens the facilitator console in a fresh context and creates a session from `scenarioId` (default: the first one
 * the server offers). Returns {context, page, code, scenario}. `initScript` runs in the console first (see openPage).
 */
export async function createSession(browser, baseUrl, scenarioId, { initScript = null, contextOptions = {} } = {}) {
  const scenarios = await scenarioList(baseUrl);
  const scenario = scenarioId ? scenarios.find((s) => s.id === scenarioId) : scenarios[0];
  assert.ok(scenario, `scenario ${scenarioId} is offered`);
  const { context, page } = await openPage(browser, `${baseUrl}/facilitator.html`, { initScript, contextOptions });
  const card = page.locator(`[data-testid="scenario-item"][data-scenario-id="${scenario.id}"]`);
  await card.getByTestId('create-session').click();
  const code = await waitForTextMatching(page, 'join-code-display', /^[ABCDEFGHJKMNPQRSTVWXYZ2-9]{6}$/);
  await waitForText(page, 'session-title', scenario.title);
  return { context, page, code, scenario };
}

/** Opens the participant page for `code` in a fresh context (see openPage for `contextOptions`) and joins as `name`. Returns {context, page}. */
export async function joinAs(browser, baseUrl, code, name, { codeInUrl = code, initScript = null, contextOptions = {} } = {}) {
  const { context, page } = await openPage(browser, `${baseUrl}/?code=${encodeURIComponent(codeInUrl)}`, { initScript, contextOptions });
  await page.getByTestId('display-name').fill(name);
  await page.getByTestId('join-button').click();
  await waitForText(page, 'my-name', name);
  return { context, page };
}

/**
 * Starts the session from the console `console_` if it is still in the lobby, then jumps to `phase` with the agenda and
 * waits until the console and every page of `pages` show it. `phase` is {index, title}, or just the title (the agenda
 * item with exactly that title).
 */
export async function goToPhase(console_, phase, pages = []) {
  const { index = null, title } = typeof phase === 'string' ? { title: phase } : phase;
  if ((await console_.getByTestId('next-button').textContent()).trim() === 'Start session') {
    await console_.getByTestId('next-button').click();
    await waitForText(console_, 'next-button', 'Next phase →');
  }
  const items = console_.locator('[data-testid="agenda-item"]');
  const item =
    index === null
      ? items.filter({ has: console_.locator('.agenda-title').getByText(title, { exact: true }) })
      : items.and(console_.locator(`[data-index="${index}"]`));
  await item.getByTestId('agenda-jump').click();
  for (const page of [console_, ...pages]) await waitForText(page, 'current-phase', title);
}

/** A bundled scenario as the server reads it (comments are allowed there, JSON.parse does not take them). */
export async function readScenario(id, dir = path.join(repoRoot, 'scenarios')) {
  const text = await readFile(path.join(dir, `${id}.json`), 'utf8');
  return JSON.parse(text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, string) => string ?? ''));
}

/** The first phase of `scenario` whose activity passes `test`, as {index, title, activity}; fails naming `what`. */
export function findPhase(scenario, what, test) {
  const index = scenario.phases.findIndex((phase) => test(phase.activity));
  assert.ok(index >= 0, `${scenario.id} has a phase with ${what}`);
  return { index, title: scenario.phases[index].title, activity: scenario.phases[index].activity };
}

/** Clicks the console's "Open projector view" and returns the projector page, watched like openPage() watches pages. */
export async function openProjector(console_) {
  const [projector] = await Promise.all([console_.waitForEvent('popup'), console_.getByTestId('open-projector').click()]);
  projector.problems = [];
  projector.on('pageerror', (error) => projector.problems.push(`uncaught: ${error.message}`));
  projector.setDefaultTimeout(UI_TIMEOUT_MS);
  await projector.waitForLoadState('domcontentloaded');
  return projector;
}

/** Titles of the agenda as the facilitator console lists them (waits until all `count` are shown). */
export async function agendaTitles(page, count) {
  await waitForValue(page, () => document.querySelectorAll('[data-testid="agenda-item"]').length, undefined, count, 'agenda length');
  return page.locator('[data-testid="agenda-item"] .agenda-title').allTextContents();
}

/**
 * For the enclosing describe(): starts a real server and a browser before its tests and closes both after.
 * `use(server, browser)` receives them once they are up. `scenarios` (objects) are written to a scratch folder the
 * server serves instead of the bundled ones, after the server's own `check-scenarios` accepted them, so a file it
 * would skip fails here, loudly, rather than as "not offered".
 */
export function withServerAndBrowser(use, { scenarios = null, ...serverOptions } = {}) {
  let server;
  let browser;
  let dir = null;
  before(async () => {
    if (scenarios) {
      dir = await mkdtemp(path.join(tmpdir(), 'huddle-scenarios-'));
      for (const scenario of scenarios) await writeFile(path.join(dir, `${scenario.id}.json`), JSON.stringify(scenario, null, 2));
      const binary = process.env.HUDDLE_BIN || path.join(repoRoot, 'build/bin/huddle');
      await promisify(execFile)(binary, ['check-scenarios', dir]);
      serverOptions.scenariosDir = dir;
    }
    server = await startServer(serverOptions);
    browser = await launchBrowser();
    use(server, browser);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
}

/** The screens the issue names: a 1366x768 laptop and a 390x844 phone (contextOptions for openPage). */
export const LAPTOP = { viewport: { width: 1366, height: 768 } };
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The axe rules whose outcome depends on colours: all that needs running again in the other colour scheme. */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

// axe-core's own build, put into the page through DevTools (page.evaluate), which the pages' CSP does not govern: an
// added <script> tag would be inline script, which script-src 'self' blocks.
let axeSource = null;
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * The serious and critical axe-core violations on `page` as it is now, one line each: label, rule id, impact, the
 * target selectors and what axe says to fix. Every rule axe runs by default (WCAG 2.x A/AA and best practices) is run,
 * or only the axe rule ids in `rules`; moderate and minor findings are not reported. Animations should be off (emulateMedia reducedMotion) so colours are
 * final when measured.
 */
export async function accessibilityViolations(page, label, { rules = null } = {}) {
  axeSource ??= await readFile(AXE_PATH, 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (only) => {
    const options = { resultTypes: ['violations'] };
    if (only) options.runOnly = { type: 'rule', values: only };
    const result = await window.axe.run(document, options);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary?.split('\n').slice(1).join(' ').trim() ?? '' })),
    }));
  }, rules);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `[${label}] ${v.id} (${v.impact}) at ${n.target}: ${v.help}. ${n.summary}`));
}

/** Fails, listing each one, when axe-core finds a serious or critical violation on `page` (see accessibilityViolations). */
export async function assertAccessible(page, label, { rules = null } = {}) {
  const found = await accessibilityViolations(page, label, { rules });
  assert.deepEqual(found, [], `axe-core: serious or critical violations on ${label}:\n${found.join('\n')}`);
}
