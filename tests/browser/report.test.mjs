// Browser tests of the session report: opened from the console in a new tab (the key stays in localStorage and travels
// only in the X-Facilitator-Key header), it shows the agenda, attendance and poll results; the CSV download works; and
// the endpoint refuses requests without the key (401) or with a wrong one (404, the same answer as a code that does not exist). A fishbowl shows who sat in the inner
// circle, for how long and with what share, and the outer circle's observations.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import {
  UI_TIMEOUT_MS,
  assertCleanPage,
  createSession,
  findPhase,
  goToPhase,
  joinAs,
  openPage,
  readScenario,
  waitForText,
  waitForTextMatching,
  waitForValue,
  withServerAndBrowser,
} from './browser.mjs';

const SCENARIO = 'first-time-manager';

const script = await readScenario(SCENARIO);
const POLL_PHASE = 1;
const poll = script.phases[POLL_PHASE].activity;
assert.equal(poll.pollKind, 'scale', `phase ${POLL_PHASE} of ${SCENARIO} is a scale poll`);

// A volunteer fishbowl with named observations: people seat themselves, and the report names who wrote what.
const FISHBOWL_SCENARIO = 'sales-objection-handling';
const fishbowlScript = await readScenario(FISHBOWL_SCENARIO);
const bowl = findPhase(fishbowlScript, 'a volunteer fishbowl with named observations', (a) => a.kind === 'fishbowl' && a.seating === 'volunteer' && a.observations === 'named');
assert.ok(bowl.index + 1 < fishbowlScript.phases.length, 'a phase follows the fishbowl, to leave it for');
const afterBowl = { index: bowl.index + 1, title: fishbowlScript.phases[bowl.index + 1].title };

/** Clicks the console's "Session report" and returns the report tab, watched like openPage() watches pages. */
async function openReport(console_) {
  const [report] = await Promise.all([console_.waitForEvent('popup'), console_.getByTestId('open-report').click()]);
  report.problems = [];
  report.on('pageerror', (error) => report.problems.push(`uncaught: ${error.message}`));
  report.setDefaultTimeout(UI_TIMEOUT_MS);
  await report.waitForLoadState('domcontentloaded');
  return report;
}

/** The scale points of the first report poll whose question is `question`: [{label, count}], or null while absent. */
function reportPollProbe(question) {
  const section = [...document.querySelectorAll('[data-testid="report-poll"]')].find(
    (s) => s.querySelector('[data-testid="report-poll-question"]').textContent === question,
  );
  if (!section || section.closest('[hidden]')) return null;
  return {
    votes: section.querySelector('[data-testid="report-poll-votes"]').textContent.trim(),
    rows: [...section.querySelectorAll('[data-testid="result-row"]')].map((row) => ({
      label: row.querySelector('[data-testid="result-label"]').textContent,
      count: Number(row.dataset.count),
    })),
  };
}

/** The agenda table as shown: [{title, run}] where `run` says whether the phase has an actual time. */
function agendaProbe() {
  const rows = [...document.querySelectorAll('[data-testid="report-agenda-row"]')];
  if (!rows.length || rows[0].closest('[hidden]')) return null;
  return rows.map((row) => ({
    title: row.querySelector('th').textContent,
    run: row.querySelector('[data-testid="report-agenda-actual"]').textContent.trim() !== 'not run',
  }));
}

/** The console's talk time of `name` as {ms, seated}, or null while they have none. */
function consoleTalkProbe(name) {
  const row = [...document.querySelectorAll('[data-testid="console-fishbowl"] [data-testid="talk-row"]')].find(
    (r) => r.querySelector('[data-testid="talk-name"]').textContent === name,
  );
  return row ? { ms: Number(row.dataset.ms), seated: row.dataset.seated === 'true' } : null;
}

/** Whether the console counts the talk time of `name` as running (they sit in the inner circle), or null. */
function consoleTalkSeatedProbe(name) {
  const row = [...document.querySelectorAll('[data-testid="console-fishbowl"] [data-testid="talk-row"]')].find(
    (r) => r.querySelector('[data-testid="talk-name"]').textContent === name,
  );
  return row ? row.dataset.seated === 'true' : null;
}

/** Whether the console counts at least `ms` of talk time for `name`. */
function consoleTalkAtLeastProbe({ name, ms }) {
  const row = [...document.querySelectorAll('[data-testid="console-fishbowl"] [data-testid="talk-row"]')].find(
    (r) => r.querySelector('[data-testid="talk-name"]').textContent === name,
  );
  return Boolean(row) && Number(row.dataset.ms) >= ms;
}

/** The report's fishbowls as shown: [{title, topic, talk: [{name, time, turns, share}], observations: [{text, name, surfaced}]}], or null while hidden. */
function reportFishbowlsProbe() {
  const sections = [...document.querySelectorAll('[data-testid="report-fishbowl"]')];
  if (!sections.length || sections[0].closest('[hidden]')) return null;
  const text = (node, testid) => node.querySelector(`[data-testid="${testid}"]`)?.textContent.trim() ?? null;
  return sections.map((section) => ({
    title: text(section, 'report-fishbowl-title'),
    topic: text(section, 'report-fishbowl-topic'),
    talk: [...section.querySelectorAll('[data-testid="report-talk"]')].map((row) => ({
      name: text(row, 'report-talk-name'),
      time: text(row, 'report-talk-time'),
      turns: text(row, 'report-talk-turns'),
      share: text(row, 'report-talk-share'),
    })),
    observations: [...section.querySelectorAll('[data-testid="report-observation"]')].map((item) => ({
      text: text(item, 'report-observation-text'),
      name: text(item, 'report-observation-name'),
      surfaced: item.dataset.surfaced === 'true',
    })),
  }));
}

/** "0:07", "1:02": whole seconds of `ms` as m:ss, as the report shows talk time. */
function minutesSeconds(ms) {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A share (0..1) as the report shows it: a percentage with one decimal, without a trailing ".0". */
function shareText(share) {
  const percent = Math.round(share * 1000) / 10;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}

/** Clicks `testid` on `page` and returns {name, text} of the file it downloads. */
async function downloadVia(page, testid) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(file, 'utf8') };
}

// The role-play of the first scenario: rooms of three, an observer role with a checklist.
const roleplay = findPhase(script, 'a role-play', (a) => a.kind === 'roleplay');
const observerRole = roleplay.activity.roles.find((r) => r.checklist?.length);
assert.ok(observerRole, `${SCENARIO}'s role-play has an observer checklist`);

/** The report's role-plays as shown: [{title, rooms, people, rounds, checklist: [{role, item, ticked}], observations}], or null while hidden. */
function reportBreakoutsProbe() {
  const sections = [...document.querySelectorAll('[data-testid="report-breakout"]')];
  if (!sections.length || sections[0].closest('[hidden]')) return null;
  const text = (node, testid) => node.querySelector(`[data-testid="${testid}"]`)?.textContent.trim() ?? null;
  return sections.map((section) => ({
    title: text(section, 'report-breakout-title'),
    rooms: text(section, 'report-breakout-rooms'),
    people: text(section, 'report-breakout-people'),
    rounds: text(section, 'report-breakout-rounds'),
    checklist: [...section.querySelectorAll('[data-testid="report-checklist-row"]')].map((row) => ({
      role: row.dataset.role,
      roleShown: text(row, 'report-checklist-role'),
      item: text(row, 'report-checklist-item'),
      ticked: text(row, 'report-checklist-ticked'),
    })),
    observations: [...section.querySelectorAll('[data-testid="report-breakout-observation"]')].map((row) => ({
      room: text(row, 'report-observation-room'),
      round: text(row, 'report-observation-round'),
      observer: text(row, 'report-observation-observer'),
      ticked: [...row.querySelectorAll('[data-testid="report-observation-ticked"] li')].map((li) => li.textContent),
      note: text(row, 'report-observation-note'),
    })),
  }));
}

/**
 * Every number, duration and time in the report's tables that runs over more than one line: [{text, lines}]. Each text
 * node's line boxes are counted by their tops (a wrapped "4 min 10 s" has two); a cell of numbers must be one line.
 */
function wrappedFiguresProbe() {
  const lineCount = (node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  };
  const cells = [...document.querySelectorAll('.report-table td.num, .report-table time, .report-number')];
  return cells
    .filter((cell) => cell.textContent.trim() && !cell.closest('[hidden]'))
    .map((cell) => ({ text: cell.textContent.trim(), lines: lineCount(cell), height: cell.getBoundingClientRect().height }))
    .filter((cell) => cell.lines !== 1);
}

describe('session report', { timeout: 120_000 }, () => {
  let server;
  let browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  test('opened from the console it shows the agenda, attendance and a poll; CSV and JSON download; the key is required', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code, scenario } = facilitator;
    const ana = await joinAs(browser, server.baseUrl, code, 'Ana');
    t.after(() => ana.context.close());

    // Ana rates 4 in the scale poll of phase 2; the console counts it.
    await goToPhase(console_, { index: POLL_PHASE, title: script.phases[POLL_PHASE].title }, [ana.page]);
    await waitForText(ana.page, 'poll-question', poll.question);
    const rating = 4;
    await ana.page.getByTestId('poll-option').nth(rating - poll.scale.min).click();
    await ana.page.getByTestId('poll-submit').click();
    await waitForText(ana.page, 'ballot-note', 'Your answer is in — you can change it while the poll is open');
    await waitForText(console_, 'console-vote-count', '1 vote');

    const stored = await console_.evaluate(() => JSON.parse(localStorage.getItem('huddle.facilitator')));
    assert.equal(stored.code, code, 'the console keeps the session it runs');

    const report = await openReport(console_);
    t.after(() => report.close());
    const address = new URL(report.url());
    assert.equal(address.pathname, '/report.html');
    assert.equal(address.search, '', 'nothing in the report address');
    assert.ok(!report.url().includes(stored.facilitatorKey), 'the facilitator key is not in the report address');

    await waitForText(report, 'report-title', scenario.title);
    await waitForText(report, 'report-code', code);
    await waitForText(report, 'report-status', 'Running');
    await waitForValue(
      report,
      agendaProbe,
      undefined,
      script.phases.map((phase, i) => ({ title: phase.title, run: i <= POLL_PHASE })),
      'the agenda with the phases run so far',
    );
    const { min, max } = poll.scale;
    const points = [];
    for (let v = min; v <= max; v += 1) {
      const label = v === min && poll.scale.minLabel ? `${v} · ${poll.scale.minLabel}` : v === max && poll.scale.maxLabel ? `${v} · ${poll.scale.maxLabel}` : String(v);
      points.push({ label, count: v === rating ? 1 : 0 });
    }
    await waitForValue(report, reportPollProbe, poll.question, { votes: '1 vote', rows: points }, 'the poll in the report');
    await waitForText(report, 'report-fishbowls-empty', 'No fishbowls were run.');
    await waitForTextMatching(report, 'report-attendance-counts', /^1 person joined · 1 still in$/);
    await waitForValue(
      report,
      () => [...document.querySelectorAll('[data-testid="report-attendee-name"]')].map((n) => n.textContent),
      undefined,
      ['Ana'],
      'attendance names',
    );
    await waitForValue(
      report,
      () => [...document.querySelectorAll('[data-testid="report-participation-row"]')].map((row) => [...row.children].map((c) => c.textContent.trim())),
      undefined,
      [[`${POLL_PHASE + 1}. ${script.phases[POLL_PHASE].title}`, poll.question, '1 person', '100%']],
      'participation per phase',
    );

    // CSV: the header row and the poll's rows, Ana's rating among them.
    const csv = await downloadVia(report, 'download-csv');
    assert.equal(csv.name, `huddle-report-${code}.csv`);
    const lines = csv.text.split(/\r?\n/);
    assert.equal(lines[0], 'section,phase,title,item,detail,count,percent');
    const pollLines = lines.filter((line) => line.startsWith(`poll,${POLL_PHASE},"${poll.question}",`));
    assert.ok(pollLines.length > 0, `the CSV has poll rows:\n${csv.text}`);
    assert.ok(
      pollLines.some((line) => line.split(',').slice(-3).join(',') === `${rating},1,100.0`),
      `the CSV counts the rating of ${rating}:\n${pollLines.join('\n')}`,
    );
    assert.ok(lines.some((line) => line.startsWith('attendance,,"Ana",')), 'the CSV lists Ana');
    await waitForText(report, 'download-status', `Saved huddle-report-${code}.csv`);

    // JSON: the same report as the page shows.
    const json = await downloadVia(report, 'download-json');
    assert.equal(json.name, `huddle-report-${code}.json`);
    const body = JSON.parse(json.text);
    assert.equal(body.code, code);
    assert.equal(body.polls.find((p) => p.question === poll.question)?.voterCount, 1);

    // The endpoint itself: no key, a wrong key, an unknown code.
    const url = `${server.baseUrl}/api/sessions/${code}/report`;
    assert.equal((await fetch(url)).status, 401, 'no key: 401');
    assert.equal((await fetch(`${url}?format=csv`)).status, 401, 'no key, CSV: 401');
    assert.equal((await fetch(url, { headers: { 'X-Facilitator-Key': 'not-the-key' } })).status, 404, 'wrong key: 404, like an unknown code');
    const unknown = code === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ';
    assert.equal(
      (await fetch(`${server.baseUrl}/api/sessions/${unknown}/report`, { headers: { 'X-Facilitator-Key': stored.facilitatorKey } })).status,
      404,
      'unknown code: 404',
    );
    const ok = await fetch(url, { headers: { 'X-Facilitator-Key': stored.facilitatorKey } });
    assert.equal(ok.status, 200, 'the right key: 200');
    assert.equal((await ok.json()).attendance.joined, 1);

    for (const page of [console_, ana.page, report]) await assertCleanPage(page);
  });

  test('a fishbowl: who sat in the inner circle, for how long and with what share; the observations, surfaced ones marked', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, FISHBOWL_SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const people = {};
    for (const name of ['Ana', 'Ben', 'Cy']) {
      const person = await joinAs(browser, server.baseUrl, code, name);
      t.after(() => person.context.close());
      people[name] = person.page;
    }
    const { Ana: ana, Ben: ben, Cy: cy } = people;
    const pages = Object.values(people);
    await goToPhase(console_, bowl, pages);

    // Ana and Ben tap in; Ana talks for at least 1.5 s and taps out again, Ben stays.
    for (const page of [ana, ben]) {
      await page.getByTestId('fishbowl-tapin').click();
      await waitForText(page, 'fishbowl-place', 'You are in the inner circle');
    }
    await waitForValue(console_, consoleTalkAtLeastProbe, { name: 'Ana', ms: 1500 }, true, "Ana's talk time reaches 1.5 s");
    await ana.getByTestId('fishbowl-tapout').click();
    await waitForText(ana, 'fishbowl-place', 'You are in the outer circle');
    await waitForValue(console_, consoleTalkSeatedProbe, 'Ana', false, "Ana's time stopped counting");
    const anaMs = (await console_.evaluate(consoleTalkProbe, 'Ana')).ms;

    // From the outer circle, Cy and then Ana write a named observation; the facilitator surfaces Cy's.
    const cyNote = 'Ben let the silence after the price do the work.';
    const anaNote = 'The customer relaxed once Ben asked what "expensive" meant to her.';
    for (const [page, note, left] of [
      [cy, cyNote, 19],
      [ana, anaNote, 19],
    ]) {
      await page.getByTestId('observe-text').fill(note);
      await page.getByTestId('observe-submit').click();
      await waitForText(page, 'observe-left', `You can write ${left} more observations.`);
    }
    const cyItem = console_.locator('[data-testid="fishbowl-observation"]', { hasText: cyNote });
    await cyItem.getByTestId('observation-surface').click();
    await waitForText(cy, 'surfaced-text', cyNote);

    // Ben talks a second longer than Ana did; leaving the phase empties the seats, so his turn is complete too.
    await waitForValue(console_, consoleTalkAtLeastProbe, { name: 'Ben', ms: anaMs + 1000 }, true, "Ben's talk time passes Ana's");
    await goToPhase(console_, afterBowl, pages);

    const stored = await console_.evaluate(() => JSON.parse(localStorage.getItem('huddle.facilitator')));
    const response = await fetch(`${server.baseUrl}/api/sessions/${code}/report`, { headers: { 'X-Facilitator-Key': stored.facilitatorKey } });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.fishbowls.length, 1, 'one fishbowl in the report');
    const [fishbowl] = body.fishbowls;
    assert.equal(fishbowl.phase, bowl.index);
    const talk = Object.fromEntries(fishbowl.talk.map((entry) => [entry.name, entry]));
    assert.deepEqual(Object.keys(talk).sort(), ['Ana', 'Ben'], 'Ana and Ben sat in the inner circle, Cy did not');
    assert.equal(talk.Ana.ms, anaMs, "Ana's talk time is what the console counted when she tapped out");
    assert.ok(talk.Ben.ms >= anaMs + 1000, "Ben's time includes his turn up to the end of the phase");
    for (const name of ['Ana', 'Ben']) {
      assert.equal(talk[name].turns, 1, `${name} sat once`);
      assert.ok(Math.abs(talk[name].share - talk[name].ms / (talk.Ana.ms + talk.Ben.ms)) <= 0.0005, `${name}'s share is their part of the time`);
    }

    // The page: Ben (most time) first, with time, turns and share; the observations in the order written.
    const report = await openReport(console_);
    t.after(() => report.close());
    await waitForValue(
      report,
      reportFishbowlsProbe,
      undefined,
      [
        {
          title: bowl.title,
          topic: bowl.activity.topic,
          talk: ['Ben', 'Ana'].map((name) => ({ name, time: minutesSeconds(talk[name].ms), turns: '1', share: shareText(talk[name].share) })),
          observations: [
            { text: cyNote, name: 'Cy', surfaced: true },
            { text: anaNote, name: 'Ana', surfaced: false },
          ],
        },
      ],
      'the fishbowl in the report',
    );
    await waitForText(report, 'report-fishbowl-facts', '2 seats and the empty chair · 2 people in the inner circle · 2 observations · 1 shown to the room');
    await waitForValue(
      report,
      () => [...document.querySelectorAll('[data-testid="report-participation-row"][data-activity="fishbowl"]')].map((row) => [...row.children].map((c) => c.textContent.trim())),
      undefined,
      [[`${bowl.index + 1}. ${bowl.title}`, 'Fishbowl: the inner circle', '2 people', '66.7%']],
      'the fishbowl in the participation table: two of three people sat in it',
    );

    // CSV: a talk-time row per person who sat.
    const csv = await downloadVia(report, 'download-csv');
    const lines = csv.text.split(/\r?\n/);
    for (const name of ['Ana', 'Ben']) {
      const { ms, share } = talk[name];
      const percent = Math.round(share * 1000) / 10;
      assert.ok(
        lines.includes(`talk-time,${bowl.index},"${bowl.title}","${name}",${ms},1,${Number.isInteger(percent) ? percent.toFixed(1) : percent}`),
        `the CSV has ${name}'s talk time:\n${csv.text}`,
      );
    }

    for (const page of [console_, report, ...pages]) await assertCleanPage(page);
  });

  test("a role-play: rooms, roles, rounds and the observers' checklist roll-up; printed, no number or duration wraps", async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const names = ['Ana', 'Ben', 'Cy'];
    const people = {};
    for (const name of names) {
      const person = await joinAs(browser, server.baseUrl, code, name);
      t.after(() => person.context.close());
      people[name] = person.page;
    }
    const pages = Object.values(people);
    // A poll first, so the agenda has a phase that ran with its duration and the report a poll beside the role-play.
    await goToPhase(console_, { index: POLL_PHASE, title: script.phases[POLL_PHASE].title }, pages);
    await goToPhase(console_, roleplay, pages);
    await console_.getByTestId('breakout-form').click();
    for (const page of pages) await waitForText(page, 'room-heading', 'Room 1');
    await console_.getByTestId('breakout-start').click();
    let observer = null;
    for (const name of names) {
      await waitForTextMatching(people[name], 'room-round', /^Round 1 of /);
      if ((await people[name].getByTestId('my-role-name').textContent()).trim() === observerRole.name) observer = name;
    }
    assert.ok(observer, 'one of the three is the observer');
    const note = 'Asked what was going on, then listened.';
    await people[observer].getByTestId('checklist-box').nth(0).check();
    await people[observer].getByTestId('checklist-box').nth(2).check();
    await people[observer].getByTestId('checklist-note').fill(note);
    await people[observer].getByTestId('checklist-save').click();
    await waitForTextMatching(people[observer], 'activity-status', /^Checklist saved for round 1/);

    const report = await openReport(console_);
    t.after(() => report.close());
    await waitForValue(
      report,
      reportBreakoutsProbe,
      undefined,
      [
        {
          title: roleplay.title,
          rooms: '1',
          people: '3',
          rounds: `1 of ${roleplay.activity.rounds}`,
          checklist: observerRole.checklist.map((item, i) => ({
            role: observerRole.id,
            roleShown: i === 0 ? observerRole.name : '',  // the role's name, once, on its first row
            item,
            ticked: i === 0 || i === 2 ? '1' : '0',
          })),
          observations: [{ room: '1', round: '1', observer, ticked: [observerRole.checklist[0], observerRole.checklist[2]], note }],
        },
      ],
      'the role-play in the report',
    );
    await waitForValue(
      report,
      () => [...document.querySelectorAll('[data-testid="report-participation-row"][data-activity="roleplay"]')].map((row) => [...row.children].map((c) => c.textContent.trim())),
      undefined,
      [[`${roleplay.index + 1}. ${roleplay.title}`, 'Role-play rooms', '3 people', '100%']],
      'the role-play in the participation table',
    );

    // On paper (an A4 page's width): no number, duration or time is broken over two lines.
    await report.setViewportSize({ width: 794, height: 1123 });
    await report.emulateMedia({ media: 'print' });
    assert.equal(await report.evaluate(() => matchMedia('print').matches), true, 'the page is laid out for print');
    assert.equal(await report.getByTestId('download-csv').isVisible(), false, 'no download buttons on paper');
    await waitForValue(report, wrappedFiguresProbe, undefined, [], 'numbers, durations and times on one line each when printed');
    const figures = await report.evaluate(() => document.querySelectorAll('.report-table td.num, .report-table time, .report-number').length);
    assert.ok(figures >= 20, `the check saw the report's figures (${figures})`);
    await report.pdf({ path: 'browser-output/report-print.pdf', format: 'A4' }).catch(() => {});
    await report.screenshot({ path: 'browser-output/report-print.png', fullPage: true });

    for (const page of [console_, report, ...pages]) await assertCleanPage(page);
  });

  test('deleting the session from the console removes it and its report, and participants are let go', async (t) => {
    const facilitator = await createSession(browser, server.baseUrl, SCENARIO);
    t.after(() => facilitator.context.close());
    const { page: console_, code } = facilitator;
    const key = await console_.evaluate(() => {
      for (let i = 0; i < localStorage.length; i += 1) {
        const value = localStorage.getItem(localStorage.key(i));
        if (value && value.includes('facilitatorKey')) return JSON.parse(value).facilitatorKey;
      }
      return null;
    });
    assert.ok(key, 'the console keeps its key in localStorage');
    const reportUrl = `${server.baseUrl}/api/sessions/${code}/report`;
    assert.equal((await fetch(reportUrl, { headers: { 'X-Facilitator-Key': key } })).status, 200);
    const bo = await joinAs(browser, server.baseUrl, code, 'Bo');
    t.after(() => bo.context.close());

    console_.once('dialog', (dialog) => dialog.accept());
    await console_.getByTestId('delete-button').click();
    await waitForTextMatching(console_, 'setup-notice', /deleted/);
    assert.equal((await fetch(reportUrl, { headers: { 'X-Facilitator-Key': key } })).status, 404, 'the report is gone too');
    // Bo's page lost the session: it reconnects, its seat no longer resumes, and it is back at the join form.
    await bo.page.getByTestId('join-view').waitFor();
    for (const page of [console_, bo.page]) await assertCleanPage(page);
  });

  test('without a session in this browser the report says to open it from the console', async (t) => {
    const { context, page } = await openPage(browser, `${server.baseUrl}/report.html`);
    t.after(() => context.close());
    await waitForTextMatching(page, 'report-message', /facilitator console/);
    assert.equal(await page.getByTestId('report').isVisible(), false, 'no report is drawn');
    await assertCleanPage(page);
  });
});
