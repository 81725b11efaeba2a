// Programmes (issue 18) in the browser, against the real server: a facilitator on a 1366x768 laptop creates a cohort
// from the bundled programme, three people enrol on phones with the enrol link (one of them by keyboard alone; three,
// so the server shows means of self-ratings and releases anonymous reflections, which it never does for fewer), the
// facilitator starts session 1 and a member joins it from "Join now" without typing a name, then answers the task that
// opened (ratings shared, the reflection anonymous; after session 2, a yes/no shared too) and invites their manager;
// the manager's page (phone and laptop) shows only the shared parts and never a reflection, and the manager's check-in
// comes back to the member; the cohort page shows the completion and the self-ratings chart, the facilitator surfaces a
// released reflection that the members then see, and the printable report loads. axe-core on the member's page
// (phone), the manager's page (phone), the cohort page (laptop) and the report, light and dark: no serious or critical
// violation. Screenshots go to tests/browser-output/programme-*.png.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';

import {
  COLOUR_RULES,
  LAPTOP,
  PHONE,
  accessibilityViolations,
  assertCleanPage,
  openPage,
  UI_TIMEOUT_MS,
  waitForText,
  waitForTextMatching,
  waitForValue,
  withServerAndBrowser,
} from './browser.mjs';
import { repoRoot } from './server.mjs';

const PROGRAMME = 'first-time-manager-6-weeks';
const REFLECTION = 'I caught myself answering my own question twice before they could speak.';
const BEN_REFLECTION = 'Silence felt long, but it worked.';
const CYRUS_REFLECTION = 'Two of them said the same thing about our stand-up.';
const NOTE = 'Asked two open questions in our Tuesday 1:1.';
const out = path.join(repoRoot, 'tests/browser-output');

/** Waits until the element with data-testid `testid` (the first one, or the nth) is visible. */
function visible(page, testid, nth = 0) {
  return page.getByTestId(testid).nth(nth).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
}

function screenshot(page, name) {
  return page.screenshot({ path: path.join(out, `programme-${name}.png`), fullPage: true });
}

/** Waits until nothing on `page` is wider than its window (a phone must never scroll sideways). */
function noSidewaysScrolling(page, label) {
  return waitForValue(page, () => document.documentElement.scrollWidth <= window.innerWidth, undefined, true, `no sideways scrolling: ${label}`);
}

/** What this browser keeps in localStorage under `key`, parsed. */
function stored(page, key) {
  return page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? 'null'), key);
}

/** The whole text the page shows, attributes a screen reader reads included (for "never shown" checks). */
function pageText(page) {
  return page.evaluate(() => {
    const attrs = [...document.querySelectorAll('[aria-label], [title], [value]')].map((n) => `${n.getAttribute('aria-label') ?? ''} ${n.getAttribute('title') ?? ''} ${n.value ?? ''}`);
    return `${document.body.innerText}\n${attrs.join('\n')}`;
  });
}

describe('programmes: a cohort, its members, a live session, a task and a manager', { timeout: 300_000 }, () => {
  let server;
  let browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  test('cohort page, enrolment, joining without a name, the task, the manager, the chart and the report', async (t) => {
    await mkdir(out, { recursive: true });
    const base = server.baseUrl;
    const contexts = [];
    const pages = [];
    const open = async (url, options) => {
      const opened = await openPage(browser, url, options);
      contexts.push(opened.context);
      pages.push(opened.page);
      return opened.page;
    };
    t.after(async () => {
      for (const context of contexts) await context.close().catch(() => {});
    });
    const findings = [];
    const axe = async (page, label) => {
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
        findings.push(...(await accessibilityViolations(page, `${label}, ${colorScheme}`, { rules: colorScheme === 'dark' ? COLOUR_RULES : null })));
      }
      await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    };

    // --- the programme the server offers ---
    const listed = await (await fetch(`${base}/api/programmes`)).json();
    assert.ok(Array.isArray(listed.programmes) && listed.programmes.length > 0, 'GET /api/programmes lists programmes');
    const programme = listed.programmes.find((p) => p.id === PROGRAMME);
    assert.ok(programme, `the bundled programme ${PROGRAMME} is offered (offered: ${listed.programmes.map((p) => p.id).join(', ')})`);
    assert.equal(programme.sessions[0].mode, 'facilitated', 'session 1 is run by the facilitator');

    // --- the facilitator's console links to the programme page ---
    const console0 = await open(`${base}/facilitator.html`, { contextOptions: LAPTOP });
    await visible(console0, 'run-programme');
    await console0.getByTestId('run-programme').click();
    await console0.waitForURL(`${base}/programme.html`);

    // --- the facilitator creates a cohort (laptop) ---
    const fac = console0;
    await visible(fac, 'programme-item');
    await fac.locator(`[data-testid="programme-item"][data-programme-id="${PROGRAMME}"]`).click();
    await fac.getByTestId('cohort-title').fill('Spring cohort');
    await fac.getByTestId('create-cohort').click();
    await waitForText(fac, 'cohort-heading', 'Spring cohort');
    const cohortId = new URL(fac.url()).searchParams.get('cohort');
    assert.ok(cohortId, 'the cohort page is /programme.html?cohort=ID');
    const keys = await stored(fac, 'huddle.cohorts');
    assert.equal(typeof keys?.[cohortId], 'string', 'the cohort key is kept in localStorage (huddle.cohorts)');
    assert.ok(!fac.url().includes(keys[cohortId]), 'the key is not in the address');
    const enrolLink = await fac.getByTestId('enrol-link').getAttribute('href');
    assert.match(enrolLink, /\/member\.html\?enrol=[^&#]+$/, 'the enrol link');
    await waitForValue(fac, () => document.querySelectorAll('[data-testid="cohort-session"]').length, undefined, programme.sessions.length, 'one row per session');

    // --- Ana enrols on her phone ---
    const ana = await open(enrolLink, { contextOptions: PHONE });
    await visible(ana, 'enrol-name');
    await ana.getByTestId('enrol-name').fill('Ana');
    await ana.getByTestId('enrol-button').click();
    await visible(ana, 'keep-link');
    await waitForText(ana, 'member-name', 'Ana');
    const personal = await ana.getByTestId('personal-link').getAttribute('href');
    assert.match(personal, /\/member\.html#.+/, 'the personal link carries the token in the fragment');
    const anaToken = decodeURIComponent(personal.split('#')[1]);
    const address = (page) => {
      const url = new URL(page.url());
      return `${url.pathname}${url.search}${url.hash}`;
    };
    assert.equal(address(ana), '/member.html', 'neither the enrol code nor the token stays in the address');
    assert.deepEqual(await stored(ana, 'huddle.members'), { [cohortId]: anaToken }, 'the token is kept in localStorage (huddle.members)');
    await axe(ana, 'member page after enrolling, phone');
    await screenshot(ana, 'member-enrolled-phone');
    await ana.getByTestId('keep-done').click();

    // --- Ben enrols by keyboard alone: the name field has the focus, Enter sends ---
    const ben = await open(enrolLink, { contextOptions: PHONE });
    await visible(ben, 'enrol-name');
    await waitForValue(ben, () => document.activeElement?.dataset.testid ?? null, undefined, 'enrol-name', 'the name field has the focus');
    await ben.keyboard.type('Ben');
    await ben.keyboard.press('Enter');
    await visible(ben, 'keep-link');
    await waitForValue(ben, () => document.activeElement?.closest('[data-testid]')?.dataset.testid ?? null, undefined, 'keep-link', 'the focus moves to "keep your link"');
    await waitForText(ben, 'member-name', 'Ben');

    // --- Cyrus enrols: three people, so means of self-ratings and batches of reflections can be shown ---
    const cyrus = await open(enrolLink, { contextOptions: PHONE });
    await visible(cyrus, 'enrol-name');
    await cyrus.getByTestId('enrol-name').fill('Cyrus');
    await cyrus.getByTestId('enrol-button').click();
    await waitForText(cyrus, 'member-name', 'Cyrus');

    // --- the personal link opens the same page on another device, and leaves the address bar at once ---
    const anaLaptop = await open(personal, { contextOptions: LAPTOP });
    await waitForText(anaLaptop, 'member-name', 'Ana');
    assert.equal(address(anaLaptop), '/member.html', 'the token left the address bar');
    assert.deepEqual(await stored(anaLaptop, 'huddle.members'), { [cohortId]: anaToken }, 'and went to localStorage');
    const names = () => [...document.querySelectorAll('[data-testid="cohort-names"] li')].map((li) => li.textContent).sort();
    await waitForValue(anaLaptop, names, undefined, ['Ana', 'Ben', 'Cyrus'], 'the cohort names');
    await axe(anaLaptop, 'member page, laptop');

    // --- the roster on the cohort page ---
    await fac.getByTestId('cohort-refresh').click();
    await waitForValue(fac, () => [...document.querySelectorAll('[data-testid="cohort-member-name"]')].map((n) => n.textContent).sort(), undefined, ['Ana', 'Ben', 'Cyrus'], 'the roster');

    // --- the facilitator starts a session: its console opens in a new tab with the cohort's key ---
    const startSession = async (n) => {
      const [consolePage] = await Promise.all([
        fac.waitForEvent('popup'),
        fac.locator(`[data-testid="cohort-session"][data-session="${n}"] [data-testid="session-start"]`).click(),
      ]);
      consolePage.setDefaultTimeout(UI_TIMEOUT_MS);
      consolePage.problems = [];
      consolePage.on('pageerror', (error) => consolePage.problems.push(`uncaught: ${error.message}`));
      pages.push(consolePage);
      const code = await waitForTextMatching(consolePage, 'join-code-display', /^[A-Z2-9]{6}$/);
      await fac.locator(`[data-testid="cohort-session"][data-session="${n}"] [data-testid="session-code"]`).filter({ hasText: code }).waitFor();
      return { consolePage, code };
    };
    const { consolePage, code } = await startSession(1);
    // The console knows it runs the cohort's first session: no task led up to it.
    await waitForTextMatching(consolePage, 'console-cohort-heading', /Spring cohort.*1 of 6/);
    await visible(consolePage, 'console-cohort-no-task');

    // --- Ana joins from "Join now", without typing a name ---
    await ana.reload();
    await visible(ana, 'join-now');
    const joinHref = await ana.getByTestId('join-now').getAttribute('href');
    assert.equal(joinHref, `/?code=${code}&cohort=${encodeURIComponent(cohortId)}`, '"Join now" opens the participant page with the code and the cohort');
    await ana.getByTestId('join-now').click();
    await waitForText(ana, 'my-name', 'Ana');
    assert.equal(await ana.getByTestId('display-name').inputValue(), '', 'no name was typed');
    await waitForValue(
      consolePage,
      () => [...document.querySelectorAll('[data-testid="roster-name"]')].map((n) => n.textContent),
      undefined,
      ['Ana'],
      "the console's roster shows the member by her enrolled name",
    );

    // --- back on her page, the task after session 1 is due ---
    await ana.goto(`${base}/member.html`);
    const task1 = ana.locator('[data-testid="due-task"][data-session="1"]');
    await task1.waitFor();
    assert.ok((await task1.getByTestId('task-rating').count()) > 0, 'task 1 asks for self-ratings');
    assert.equal(await task1.getByTestId('task-text').count(), 1, 'task 1 asks for a reflection');
    if (programme.reflections !== 'named') await task1.getByTestId('task-anonymous').waitFor();
    await noSidewaysScrolling(ana, "the member's page with the task due");
    await axe(ana, 'member page with the task due, phone');
    await screenshot(ana, 'member-due-phone');

    /** Answers the task after session `n` on `page`: the `point`-th rating (0-based) for each competency, and the rest. */
    const answer = async (page, n, { point, yesNo = null, share = false, text = null }) => {
      const task = page.locator(`[data-testid="due-task"][data-session="${n}"]`);
      await task.waitFor();
      const competencies = await task.getByTestId('task-rating').evaluateAll((nodes) => nodes.map((node) => node.dataset.competency));
      for (const [i, competency] of competencies.entries()) {
        const p = typeof point === 'function' ? point(i) : point;
        await task.locator(`[data-testid="task-rating"][data-competency="${competency}"] [data-testid="task-rating-point"]`).nth(p).click();
      }
      if (yesNo !== null) await task.getByTestId(yesNo ? 'task-yesno-yes' : 'task-yesno-no').check();
      if (share) {
        await task.getByTestId('task-share-ratings').check();
        if (yesNo !== null) await task.getByTestId('task-share-yesno').check();
      }
      if (text !== null) await task.getByTestId('task-text').fill(text);
      await task.getByTestId('task-submit').click();
      await page.locator(`[data-testid="due-task"][data-session="${n}"] [data-testid="task-done"]`).waitFor();
      await waitForTextMatching(page, 'member-status', /^Saved at /);
      return competencies;
    };
    // Ana: 4, 3, 4, ... shared with her manager; the reflection anonymous (never shared). Ben: 2s. Cyrus: 3s.
    const competencies1 = await answer(ana, 1, { point: (i) => (i % 2 === 0 ? 3 : 2), share: true, text: REFLECTION });
    if (programme.reflections !== 'named') await ana.locator('[data-testid="due-task"][data-session="1"] [data-testid="task-reflection-done"]').waitFor();
    await ben.reload();
    await answer(ben, 1, { point: 1, text: BEN_REFLECTION });
    await cyrus.reload();
    await answer(cyrus, 1, { point: 2, text: CYRUS_REFLECTION });

    // --- Ana invites her manager ---
    await ana.getByTestId('manager-name').fill('Maria');
    await ana.getByTestId('manager-invite').click();
    await visible(ana, 'manager-link');
    const managerLink = await ana.getByTestId('manager-link').getAttribute('href');
    assert.match(managerLink, /\/manager\.html#.+/, 'the manager link carries its token in the fragment');
    await visible(ana, 'manager-invited');
    await axe(ana, 'member page after answering and inviting, phone');
    await screenshot(ana, 'member-answered-phone');

    // --- the manager's page on a phone: only what Ana shared, never the reflection ---
    const manager = await open(managerLink, { contextOptions: PHONE });
    await waitForText(manager, 'manager-member-name', 'Ana');
    assert.equal(new URL(manager.url()).hash, '', 'the manager token left the address bar');
    assert.equal((await stored(manager, 'huddle.managers'))?.length, 1, 'the manager token is kept in localStorage (huddle.managers)');
    const week1 = manager.locator('[data-testid="manager-week"][data-session="1"]');
    await week1.getByTestId('manager-shared').waitFor();
    const shared1 = await week1.getByTestId('manager-shared').innerText();
    for (const competency of competencies1) assert.ok(shared1.includes(competency), `the shared rating of ${competency} is shown`);
    assert.ok(!(await pageText(manager)).includes(REFLECTION), 'the anonymous reflection never reaches the manager');
    await noSidewaysScrolling(manager, "the manager's page");
    await axe(manager, 'manager page, phone');
    await screenshot(manager, 'manager-phone');

    // The checklist and a note; saved, and still there after a reload.
    const boxes = week1.getByTestId('checkin-box');
    assert.ok((await boxes.count()) >= 2, 'the weekly observation checklist');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await week1.getByTestId('checkin-note').fill(NOTE);
    await week1.getByTestId('checkin-submit').click();
    await waitForTextMatching(manager, 'manager-status', /^Check-in for Ana saved/);
    await manager.reload();
    const reloaded = manager.locator('[data-testid="manager-week"][data-session="1"]');
    await reloaded.getByTestId('checkin-box').first().waitFor();
    const ticked = await reloaded.getByTestId('checkin-box').evaluateAll((nodes) => nodes.map((n) => n.checked));
    assert.deepEqual(ticked.slice(0, 3), [true, true, false], 'the ticks are saved');
    assert.equal(await reloaded.getByTestId('checkin-note').inputValue(), NOTE, 'the note is saved');
    const checklist = await reloaded.locator('label.check').allInnerTexts();

    // The same link on a laptop.
    const managerLaptop = await open(managerLink, { contextOptions: LAPTOP });
    await waitForText(managerLaptop, 'manager-member-name', 'Ana');
    assert.ok(!(await pageText(managerLaptop)).includes(REFLECTION), 'nor on the laptop');
    await axe(managerLaptop, 'manager page, laptop');
    await screenshot(managerLaptop, 'manager-laptop');

    // --- Ana sees the check-in ---
    await ana.reload();
    await visible(ana, 'member-checkin');
    const seen = await ana.getByTestId('member-checkin').first().innerText();
    assert.ok(seen.includes(NOTE), 'the manager note');
    for (const label of checklist.slice(0, 2)) assert.ok(seen.includes(label.trim()), `the ticked item "${label.trim()}"`);

    // --- the cohort page: completion, roster, the chart, and a reflection surfaced ---
    await fac.getByTestId('cohort-refresh').click();
    await waitForValue(
      fac,
      () => document.querySelector('[data-testid="cohort-session"][data-session="1"] [data-testid="session-task"]')?.textContent.trim() ?? null,
      undefined,
      '3 of 3',
      'task 1 done by all three',
    );
    assert.equal((await fac.locator('[data-testid="cohort-session"][data-session="1"] [data-testid="session-attended"]').innerText()).trim(), '1', 'one attended session 1 so far');
    await waitForValue(
      fac,
      () => [...document.querySelectorAll('[data-testid="cohort-member"]')].map((row) => row.querySelector('[data-session="1"]')?.dataset.task ?? null),
      undefined,
      ['done', 'done', 'done'],
      'the three tasks done in the roster',
    );
    const charts = fac.locator('[data-testid="rating-chart"]');
    await charts.first().waitFor();
    const plotted = await fac.locator('[data-testid="rating-chart"]').evaluateAll((nodes) => nodes.map((n) => [n.dataset.competency, Number(n.querySelector('svg').dataset.points)]));
    for (const competency of competencies1) assert.deepEqual(plotted.find(([c]) => c === competency), [competency, 1], `a point for ${competency} after session 1`);
    // Ana 4, Ben 2, Cyrus 3: a mean of 3.0 for the first competency, in the table beside the chart.
    const mean = await fac.locator(`[data-testid="cohort-ratings-chart-row"][data-competency="${competencies1[0]}"] td[data-session="1"]`).innerText();
    assert.match(mean, /^3\.0\b/, `the mean self-rating in the table: ${mean}`);
    if (programme.reflections !== 'named') {
      // Three writers: the reflections are released together, and the facilitator shows Ana's to the cohort.
      const reflection = fac.locator('[data-testid="reflection-item"]').filter({ hasText: REFLECTION });
      await reflection.waitFor();
      await reflection.getByTestId('reflection-surface').click();
      await fac.locator('[data-testid="reflection-item"][data-surfaced="true"]').filter({ hasText: REFLECTION }).waitFor();
      await ben.reload();
      await ben.getByTestId('surfaced-item').filter({ hasText: REFLECTION }).waitFor();
    }
    await axe(fac, 'cohort page, laptop');
    await screenshot(fac, 'cohort-laptop');
    // The same page on a phone (a facilitator checking between sessions): nothing wider than the screen.
    await fac.setViewportSize(PHONE.viewport);
    await noSidewaysScrolling(fac, 'the cohort page on a phone');
    await axe(fac, 'cohort page, phone');
    await screenshot(fac, 'cohort-phone');
    await fac.setViewportSize(LAPTOP.viewport);

    // --- session 2: the task done since comes back into the live console, with the chart and the reflections ---
    const { consolePage: console2 } = await startSession(2);
    await waitForTextMatching(console2, 'console-cohort-heading', /Spring cohort.*2 of 6/);
    await waitForText(console2, 'console-cohort-task-count', '3 of 3 did it');
    assert.deepEqual(
      (await console2.getByTestId('console-cohort-did').innerText()).split(', ').sort(),
      ['Ana', 'Ben', 'Cyrus'],
      'who did the task after session 1',
    );
    await console2.getByTestId('console-cohort-ratings-box').locator('summary').click();
    await console2.locator('[data-testid="console-cohort-chart"] [data-testid="rating-chart"]').first().waitFor();
    await console2.getByTestId('console-cohort-reflections-box').locator('summary').click();
    if (programme.reflections !== 'named') {
      // Ana's reflection, surfaced from the cohort page, shows as surfaced here too; the facilitator takes it down here.
      const item = console2.locator('[data-testid="console-reflection-item"][data-surfaced="true"]').filter({ hasText: REFLECTION });
      await item.waitFor();
      await item.getByTestId('console-reflection-surface').click();
      await console2.locator('[data-testid="console-reflection-item"][data-surfaced="false"]').filter({ hasText: REFLECTION }).waitFor();
      await ben.reload();
      await ben.getByTestId('member-name').waitFor();
      assert.equal(await ben.getByTestId('surfaced-item').filter({ hasText: REFLECTION }).count(), 0, 'taken down from the console, gone from the members\' pages');
    }
    assert.ok(!(await pageText(console2)).includes(anaToken), 'no member token on the console');
    await axe(console2, 'live console with the cohort panel open, laptop');
    await screenshot(console2, 'console-cohort-laptop');

    // --- session 2: its task asks yes/no; Ana shares it, and her manager sees it ---
    await ana.reload();
    const task2 = ana.locator('[data-testid="due-task"][data-session="2"]');
    await task2.waitFor();
    assert.equal(await task2.getByTestId('task-yesno').count(), 1, 'task 2 asks yes or no');
    await answer(ana, 2, { point: 3, yesNo: true, share: true, text: 'They brought up the release date first.' });
    await manager.reload();
    const week2 = manager.locator('[data-testid="manager-week"][data-session="2"][data-current="true"]');
    await week2.getByTestId('manager-shared').waitFor();
    assert.match(await week2.getByTestId('manager-shared').innerText(), /Yes or no\s+Yes/, 'the shared yes/no answer');
    assert.ok(!(await pageText(manager)).includes('They brought up the release date first.'), 'the second reflection does not reach the manager either');
    await screenshot(manager, 'manager-week2-phone');

    // --- the printable report ---
    const [report] = await Promise.all([fac.waitForEvent('popup'), fac.getByTestId('cohort-report-link').click()]);
    report.setDefaultTimeout(UI_TIMEOUT_MS);
    report.problems = [];
    report.on('pageerror', (error) => report.problems.push(`uncaught: ${error.message}`));
    pages.push(report);
    await visible(report, 'programme-report');
    await waitForText(report, 'report-title', 'Spring cohort');
    await report.locator('[data-testid="report-task-row"][data-session="1"][data-done="3"]').waitFor();
    await report.locator('[data-testid="report-attendance-row"][data-session="1"][data-done="1"]').waitFor();
    await visible(report, 'rating-chart');
    await axe(report, 'programme report, laptop');
    await screenshot(report, 'report-laptop');
    await report.emulateMedia({ media: 'print' });
    await screenshot(report, 'report-print');

    for (const page of pages) await assertCleanPage(page);
    assert.deepEqual(findings, [], `axe-core: serious or critical violations:\n${findings.join('\n')}`);
  });
});
