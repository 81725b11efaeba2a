// The accessibility sweep: axe-core on every screen a facilitator and participants go through in a workshop (the
// console's setup list and lobby, the join form, the lobby, every activity kind as participant, console and projector,
// polls before and after the reveal, a role-play room with the observer's checklist, both fishbowl circles, the card
// board, a pod, the ended session and the report), on a 1366x768 laptop and a 390x844 phone, in light and dark mode:
// no serious or critical violation anywhere. Alongside, a participant whose browser speaks German: no English UI
// words on their screens (scenario content and what people typed excepted).

import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';

import {
  COLOUR_RULES,
  LAPTOP,
  PHONE,
  accessibilityViolations,
  assertCleanPage,
  createSession,
  goToPhase,
  joinAs,
  openPage,
  openProjector,
  readScenario,
  UI_TIMEOUT_MS,
  waitForText,
  waitForTextMatching,
  waitForValue,
  withServerAndBrowser,
} from './browser.mjs';
import { repoRoot } from './server.mjs';

const SCENARIO = 'first-time-manager';
const POD_SCENARIO = 'pod-missed-deadline';
const script = await readScenario(SCENARIO);
const podScript = await readScenario(POD_SCENARIO);

// Words no German screen should show outside scenario content and what people typed.
const ENGLISH = /\b(the|and|your|you|please|waiting|join)\b/i;

/**
 * Every piece of text a scenario script holds, as the pages render it (one line at a time, without the Markdown
 * marks): the German check strips these from what it reads, as the scenario's content is in the scenario's language.
 */
function scenarioStrings(...scripts) {
  const out = new Set();
  const walk = (value) => {
    if (typeof value === 'string') {
      for (const line of value.split('\n')) {
        const plain = line.replace(/\*\*/g, '').replace(/^\s*-\s+/, '').trim();
        if (plain.length > 1) out.add(plain);
      }
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  scripts.forEach(walk);
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * Visible text (and the text of aria-label, placeholder, title and alt attributes) in the page that matches `source`
 * once the `content` strings are taken out. Skipped: anything inside an element whose `lang` is not the page's
 * language (scenario content in its own language), inside [data-user-content] (content people wrote), and hidden parts.
 */
function englishLeaksProbe({ source, content }) {
  const pattern = new RegExp(source, 'i');
  const pageLang = document.documentElement.lang.split('-')[0];
  const skipped = (element) => {
    const langHost = element.closest('[lang]');
    if (langHost && langHost !== document.documentElement && langHost.lang.split('-')[0] !== pageLang) return true;
    if (element.closest('[data-user-content], script, style, [hidden]')) return true;
    return !element.checkVisibility({ visibilityProperty: true, opacityProperty: false });
  };
  const strip = (text) => content.reduce((rest, known) => rest.split(known).join(' '), text);
  const leaks = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\s+/g, ' ').trim();
    if (!text || skipped(node.parentElement)) continue;
    if (pattern.test(strip(text))) leaks.add(text.slice(0, 140));
  }
  for (const element of document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
    if (skipped(element)) continue;
    for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
      const value = element.getAttribute(name);
      if (value && pattern.test(strip(value))) leaks.add(`${name}="${value.slice(0, 120)}"`);
    }
  }
  if (pattern.test(strip(document.title))) leaks.add(`<title>${document.title}`);
  return [...leaks];
}

/**
 * One walk through a workshop on one kind of device. `check(page, label)` runs axe in light and dark mode and keeps
 * what it finds; `german(page, label)` keeps the English words a German participant sees. Both are asserted at the end,
 * so one run lists everything.
 */
function sweep(device, deviceName, { server, browser, typed }) {
  const violations = [];
  const leaks = [];
  const contextOptions = device;
  const content = [...scenarioStrings(script, podScript), ...typed].sort((a, b) => b.length - a.length);

  let shot = 0;
  const timing = { axeMs: 0, runs: 0 };
  async function check(page, label) {
    for (const colorScheme of ['light', 'dark']) {
      const started = Date.now();
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      // Structure, names and roles do not change with the colour scheme: dark mode reruns the colour rules only.
      const rules = colorScheme === 'dark' ? COLOUR_RULES : null;
      violations.push(...(await accessibilityViolations(page, `${deviceName} ${colorScheme}: ${label}`, { rules })));
      timing.axeMs += Date.now() - started;
      timing.runs += 1;
      // A11Y_SCREENSHOTS=1: every checked screen as a picture, to look at what axe cannot judge.
      if (process.env.A11Y_SCREENSHOTS) {
        const name = `${deviceName.split(' ')[0]}-${String((shot += 1)).padStart(3, '0')}-${label.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`;
        await page.screenshot({ path: path.join(repoRoot, 'tests/browser-output/a11y', name), fullPage: true });
      }
    }
  }

  async function german(page, label) {
    const found = await page.evaluate(englishLeaksProbe, { source: ENGLISH.source, content });
    leaks.push(...found.map((text) => `[${label}] ${text}`));
  }

  return { violations, leaks, problems: [], timing, check, german, contextOptions };
}

/** Waits until the element with data-testid `testid` is on screen. */
function waitVisible(page, testid) {
  return page.locator(`[data-testid="${testid}"]:visible`).first().waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Answers the poll on `page` as a participant would: the first option(s), a point of the scale, or a few words. */
async function vote(page, activity, words) {
  if (['wordcloud', 'open'].includes(activity.pollKind)) {
    await page.getByTestId('poll-text-input').first().fill(words);
  } else {
    await page.getByTestId('poll-option').nth(activity.pollKind === 'scale' ? 2 : 0).click();
    if (activity.pollKind === 'multi') await page.getByTestId('poll-option').nth(1).click();
  }
  await page.getByTestId('poll-submit').click();
  await waitVisible(page, 'ballot-note');
}

const TYPED = {
  names: ['Ana', 'Ben', 'Cyrus', 'Pia'],
  words: ['status updates', 'Statusrunde', 'complaints'],
  cards: ['How do I start when they are senior to me?', 'Wie fange ich an?', 'What if they cry?'],
  observation: 'She asked, then waited ten seconds.',
};
const typed = [...TYPED.names, ...TYPED.words, ...TYPED.cards, TYPED.observation];

async function walk({ server, browser }, device, deviceName) {
  const s = sweep(device, deviceName, { server, browser, typed });
  const { check, german, contextOptions } = s;
  const closers = [];
  const germanOptions = { ...contextOptions, locale: 'de-DE' };
  try {
    // The console: the scenario list, then a session in its lobby.
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO, { contextOptions });
    closers.push(facilitator.context);
    const { page: console_, code } = facilitator;
    await console_.getByTestId('back-button').waitFor();
    const setup = await openPage(browser, `${server.baseUrl}/facilitator.html`, { contextOptions });
    closers.push(setup.context);
    await waitVisible(setup.page, 'scenario-item');
    await check(setup.page, 'console setup list');
    await setup.context.close();
    await check(console_, 'console lobby');

    // The home page (join form and pod scenarios) in English and German, then a pod started from it.
    const home = await openPage(browser, `${server.baseUrl}/`, { contextOptions });
    closers.push(home.context);
    await waitVisible(home.page, 'pod-scenario');
    await check(home.page, 'participant home: join form and pods');
    const homeDe = await openPage(browser, `${server.baseUrl}/`, { contextOptions: germanOptions });
    closers.push(homeDe.context);
    await waitVisible(homeDe.page, 'pod-scenario');
    await german(homeDe.page, 'participant home');
    await homeDe.page.getByTestId('display-name').fill('Pia');
    await homeDe.page.locator(`[data-testid="pod-scenario"][data-scenario-id="${POD_SCENARIO}"]`).getByTestId('pod-start').click();
    await waitForTextMatching(homeDe.page, 'pod-code', /^[A-Z2-9]{6}$/);
    await german(homeDe.page, 'pod lobby');
    await home.page.getByTestId('display-name').fill('Pia');
    await home.page.locator(`[data-testid="pod-scenario"][data-scenario-id="${POD_SCENARIO}"]`).getByTestId('pod-start').click();
    await waitForTextMatching(home.page, 'pod-code', /^[A-Z2-9]{6}$/);
    await check(home.page, 'pod lobby');
    await home.page.getByTestId('pod-next').click();
    await waitForText(home.page, 'current-phase', podScript.phases[0].title);
    await check(home.page, `pod, ${podScript.phases[0].activity.kind} "${podScript.phases[0].title}"`);
    await home.context.close();
    await homeDe.context.close();

    // The join form with the code in the address, then three participants in the lobby (Cyrus's browser speaks German).
    const form = await openPage(browser, `${server.baseUrl}/?code=${code}`, { contextOptions });
    closers.push(form.context);
    await waitVisible(form.page, 'display-name');
    await check(form.page, 'participant join form');
    await form.context.close();
    const ana = await joinAs(browser, server.baseUrl, code, 'Ana', { contextOptions });
    closers.push(ana.context);
    const ben = await joinAs(browser, server.baseUrl, code, 'Ben', { contextOptions });
    closers.push(ben.context);
    const cyrus = await openPage(browser, `${server.baseUrl}/?code=${code}`, { contextOptions: germanOptions });
    closers.push(cyrus.context);
    await waitVisible(cyrus.page, 'display-name');
    await german(cyrus.page, 'join form');
    await cyrus.page.getByTestId('display-name').fill('Cyrus');
    await cyrus.page.getByTestId('join-button').click();
    await waitForText(cyrus.page, 'my-name', 'Cyrus');
    const people = [ana.page, ben.page, cyrus.page];
    await check(ana.page, 'participant lobby');
    await german(cyrus.page, 'lobby');
    const projector = await openProjector(console_);
    await waitForText(projector, 'projector-code', code);
    await check(projector, 'projector lobby');

    const everyone = async (label) => {
      await check(ana.page, `participant, ${label}`);
      await check(console_, `console, ${label}`);
      await check(projector, `projector, ${label}`);
      await german(cyrus.page, label);
    };

    const seenKinds = new Set();
    for (const [index, phase] of script.phases.entries()) {
      const { activity, title } = phase;
      const kind = `${activity.kind}${activity.pollKind ? ` ${activity.pollKind}` : ''}`;
      const label = `${kind} "${title}"`;
      // Each kind once (a second scale poll or info phase looks like the first).
      if (seenKinds.has(kind)) continue;
      seenKinds.add(kind);
      await goToPhase(console_, { index, title }, people);

      if (activity.kind === 'info') {
        await waitVisible(ana.page, 'phase-text');
        await everyone(label);
      } else if (activity.kind === 'poll') {
        await waitForText(projector, 'projector-question', activity.question);
        await everyone(`${label}, before voting`);
        await vote(ana.page, activity, TYPED.words[0]);
        await vote(ben.page, activity, TYPED.words[2]);
        await vote(cyrus.page, activity, TYPED.words[1]);
        await waitForTextMatching(console_, 'console-vote-count', /^3\b/);
        await everyone(`${label}, voted${activity.results === 'live' ? ', results live' : ', results hidden'}`);
        if (activity.results !== 'live') {
          await console_.getByTestId('poll-control-reveal').click();
          await waitVisible(ana.page, 'poll-results');
          await waitVisible(projector, 'projector-results');
          await everyone(`${label}, revealed`);
        }
      } else if (activity.kind === 'roleplay') {
        await waitVisible(ana.page, 'room-status');
        await everyone(`${label}, before rooms`);
        await console_.getByTestId('breakout-form').click();
        for (const page of people) await waitVisible(page, 'my-role-name');
        await console_.getByTestId('breakout-start').click();
        for (const page of people) await waitVisible(page, 'room-countdown');
        await everyone(`${label}, in a room`);
        let observer = null;
        for (const page of people) if (await page.getByTestId('checklist-box').first().isVisible()) observer = page;
        assert.ok(observer, 'one person in the room is the observer');
        await observer.getByTestId('checklist-box').first().check();
        await observer.getByTestId('checklist-save').click();
        await waitVisible(observer, 'activity-status');
        await check(observer, `participant, ${label}, observer checklist saved`);
        if (observer === cyrus.page) await german(cyrus.page, `${label}, observer`);
      } else if (activity.kind === 'fishbowl') {
        await waitForText(projector, 'projector-topic', activity.topic);
        await ana.page.getByTestId('fishbowl-empty-chair').click();
        await waitForValue(ana.page, () => document.querySelector('[data-testid="fishbowl-observe-form"]')?.offsetParent === null, undefined, true, 'Ana sits inside');
        await ben.page.getByTestId('observe-text').fill(TYPED.observation);
        await ben.page.getByTestId('observe-submit').click();
        await waitVisible(console_, 'observation-surface');
        await console_.getByTestId('observation-surface').click();
        await waitVisible(ben.page, 'surfaced-item');
        await everyone(`${label}, inner circle`);
        await check(ben.page, `participant, ${label}, outer circle`);
      } else if (activity.kind === 'cards') {
        await waitForText(projector, 'projector-prompt', activity.prompt);
        await everyone(`${label}, empty board`);
        for (const [i, page] of people.entries()) {
          await page.getByTestId('card-input').fill(TYPED.cards[i]);
          await page.getByTestId('card-submit').click();
        }
        await waitForValue(ana.page, () => document.querySelectorAll('[data-testid="board-card"]').length, undefined, 3, 'the cards released');
        await everyone(`${label}, cards released`);
      }
    }

    // The end: every screen says so; then the report, which the console opens.
    console_.once('dialog', (dialog) => dialog.accept());
    await console_.getByTestId('end-button').click();
    await waitForText(console_, 'session-status', 'Ended');
    await ana.page.getByTestId('rejoin-button').waitFor();
    await cyrus.page.getByTestId('rejoin-button').waitFor();
    await everyone('session ended');
    const [report] = await Promise.all([console_.waitForEvent('popup'), console_.getByTestId('open-report').click()]);
    report.problems = [];
    report.on('pageerror', (error) => report.problems.push(`uncaught: ${error.message}`));
    await report.getByTestId('report').waitFor({ timeout: UI_TIMEOUT_MS });
    await check(report, 'report');
    for (const page of [console_, ...people, projector, report]) {
      await assertCleanPage(page).catch((error) => s.problems.push(`${page.url()}: ${error.message}`));
    }
  } finally {
    for (const context of closers) await context.close().catch(() => {});
  }
  return s;
}

describe('accessibility sweep', { timeout: 300_000 }, () => {
  let server;
  let browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  // What the German participant saw on both walks, for the test after them.
  const germanLeaks = [];
  let walks = 0;

  for (const [deviceName, device] of [['laptop 1366x768', LAPTOP], ['phone 390x844', PHONE]]) {
    test(`axe finds no serious or critical violation on any screen of a workshop, ${deviceName}, light and dark`, async (t) => {
      const started = Date.now();
      const { violations, leaks, problems, timing } = await walk({ server, browser }, device, deviceName);
      walks += 1;
      germanLeaks.push(...leaks);
      t.diagnostic(`${deviceName}: ${Date.now() - started} ms (axe: ${timing.runs} runs, ${timing.axeMs} ms), ${violations.length} axe findings, ${leaks.length} English strings on German screens`);
      // Everything found goes to a file too, whichever assertion fails.
      const out = path.join(repoRoot, 'tests/browser-output');
      await mkdir(out, { recursive: true });
      const file = path.join(out, `a11y-${deviceName.split(' ')[0]}.txt`);
      await writeFile(file, [`axe (${violations.length}):`, ...violations, '', `German screens (${new Set(leaks).size}):`, ...new Set(leaks), ''].join('\n'));
      const shown = violations.slice(0, 40).join('\n') + (violations.length > 40 ? `\n… ${violations.length - 40} more in ${file}` : '');
      assert.deepEqual(violations.length, 0, `axe-core found ${violations.length} serious or critical violations:\n${shown}`);
      assert.deepEqual(problems, [], 'every page ran without errors and within its CSP');
    });
  }

  test('a participant whose browser speaks German sees no English words outside scenario content and what people typed', () => {
    assert.equal(walks, 2, 'both walks ran to the end');
    // Each string once, with the first screen it was seen on.
    const strings = [...new Map(germanLeaks.map((leak) => [leak.replace(/^\[[^\]]*\] /, ''), leak])).values()];
    assert.deepEqual(strings, [], `English words on a German participant's screens (${strings.length} strings):\n${strings.join('\n')}`);
  });

  /** The page's background and text colour as the person sees them, as relative luminance (0 black, 1 white). */
  function luminanceProbe() {
    const lum = (css) => {
      const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map((v) => Number(v) / 255);
      const f = (c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const style = getComputedStyle(document.body);
    // The page's background is the body's, or the root's when the body is transparent.
    const transparent = /^rgba\(.*,\s*0\)$/.test(style.backgroundColor);
    const background = transparent ? getComputedStyle(document.documentElement).backgroundColor : style.backgroundColor;
    return { background: lum(background), text: lum(style.color) };
  }

  test('dark mode: every page turns dark when the system asks for it, the projector is dark either way, and the reports print light', async (t) => {
    const pages = [
      ['participant', '/'],
      ['console', '/facilitator.html'],
      ['report', '/report.html'],
      ['projector', '/projector.html'],
      ['member', '/member.html'],
      ['manager', '/manager.html'],
      ['cohort', '/programme.html'],
      ['programme report', '/programme-report.html'],
    ];
    const printed = new Set(['report', 'programme report']);
    for (const [name, address] of pages) {
      const { context, page } = await openPage(browser, `${server.baseUrl}${address}`, { contextOptions: LAPTOP });
      t.after(() => context.close());
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme, media: 'screen', reducedMotion: 'reduce' });
        const seen = await page.evaluate(luminanceProbe);
        const dark = colorScheme === 'dark' || name === 'projector';
        assert.equal(seen.background < 0.05 && seen.text > 0.6, dark, `${name} in ${colorScheme} mode is ${dark ? 'dark' : 'light'}: ${JSON.stringify(seen)}`);
        assert.equal(seen.background > 0.8 && seen.text < 0.05, !dark, `${name} in ${colorScheme} mode: ${JSON.stringify(seen)}`);
      }
      if (printed.has(name)) {
        await page.emulateMedia({ colorScheme: 'dark', media: 'print' });
        const printed = await page.evaluate(luminanceProbe);
        assert.ok(printed.background > 0.8 && printed.text < 0.05, `the report prints dark text on white in dark mode: ${JSON.stringify(printed)}`);
        assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), 'light', 'form controls print light too');
      }
      await assertCleanPage(page);
    }
  });
});
