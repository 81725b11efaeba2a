// Programme report, printable (protocol/PROGRAMMES.md, "Report"): GET /api/cohorts/ID/report for the cohort named in
// the fragment (/programme-report.html#ID), with the key this browser keeps for it (huddle.cohorts) in the
// X-Facilitator-Key header. Attendance per session, task completion per week, each person, rating trends per
// competency (charts and a table), managers' check-ins, questions asked in more than one session, released reflections.

import './page-language.js';
import { byId, el, setChildren, setText, show } from './dom.js';
import { formatDateTime, formatNumber, t } from './i18n.js';
import { ResultsView } from './poll-results.js';
import { api, ApiError, apiErrorText, cohortKeys, dateTimeText } from './programme-api.js';
import { ratingCharts } from './rating-chart.js';
import { saveBlob } from './save-blob.js';
import { percentText, pollKindText } from './words.js';

const ui = {
  message: byId('report-message'),
  error: byId('report-error'),
  retryRow: byId('report-retry-row'),
  retry: byId('report-retry'),
  report: byId('report'),
  title: byId('report-title'),
  programme: byId('report-programme'),
  starts: byId('report-starts'),
  members: byId('report-members'),
  generated: byId('report-generated'),
  downloadJson: byId('download-json'),
  downloadCsv: byId('download-csv'),
  downloadStatus: byId('download-status'),
  attendance: byId('report-attendance'),
  tasks: byId('report-tasks'),
  people: byId('report-people'),
  ratings: byId('report-ratings'),
  checkins: byId('report-checkins'),
  polls: byId('report-polls'),
  reflections: byId('report-reflections'),
  back: byId('back-to-cohort'),
};

const num = (value, extra = {}) => el('td', { class: 'num', ...extra }, value);

function table(caption, columns, rows, { testid, empty }) {
  if (!rows.length) return el('p', { class: 'muted', 'data-testid': `${testid}-empty` }, empty);
  return el(
    'table',
    { class: 'table report-table', 'data-testid': testid },
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, columns.map(([text, opts = {}]) => el('th', { scope: 'col', class: opts.num ? 'num' : null }, text)))),
    el('tbody', {}, rows),
  );
}

function share(done, of) {
  return of ? percentText(Math.round((1000 * done) / of) / 10) : '—';
}

function bar(done, of) {
  const fill = el('span', { class: 'bar-fill' });
  fill.style.setProperty('--share', `${of ? Math.round((100 * done) / of) : 0}%`);
  return el('span', { class: 'bar', 'aria-hidden': 'true' }, fill);
}

/** A "done of all" row: session, title, count, share with its bar. */
function ratioRow(testid, session, title, done, of) {
  return el(
    'tr',
    { 'data-testid': testid, 'data-session': session, 'data-done': done, 'data-of': of },
    num(formatNumber(session)),
    el('th', { scope: 'row', class: 'report-row-head', dir: 'auto' }, title ?? '—'),
    num(t('programme.cohort.ofN', { done, of })),
    num([el('span', {}, share(done, of)), bar(done, of)], { class: 'num report-share' }),
  );
}

function render(report) {
  const c = report.cohort ?? {};
  const titles = new Map((report.attendance ?? []).map((a) => [a.session, a.title]));
  document.title = t('programme.report.documentTitle', { title: c.title ?? '' });
  setText(ui.title, c.title ?? '');
  setText(ui.programme, typeof c.programme === 'string' ? c.programme : c.programme?.title ?? '');
  setChildren(ui.starts, c.startsAt ? el('time', { datetime: c.startsAt }, dateTimeText(c.startsAt, { year: true })) : '—');
  setText(ui.members, formatNumber(report.members ?? 0));
  const generated = Date.parse(report.generatedAt ?? '') || Date.now();
  setChildren(ui.generated, el('time', { class: 'report-time', datetime: new Date(generated).toISOString() }, formatDateTime(generated)));

  setChildren(
    ui.attendance,
    table(
      t('programme.report.attendance'),
      [['#', { num: true }], [t('programme.cohort.session')], [t('programme.cohort.attended'), { num: true }], [t('report.share'), { num: true }]],
      (report.attendance ?? []).map((a) => ratioRow('report-attendance-row', a.session, a.title, a.attended ?? 0, a.of ?? 0)),
      { testid: 'report-attendance-table', empty: t('programme.report.noSessions') },
    ),
  );
  setChildren(
    ui.tasks,
    table(
      t('programme.report.tasks'),
      [['#', { num: true }], [t('programme.cohort.session')], [t('programme.cohort.taskDone'), { num: true }], [t('report.share'), { num: true }]],
      (report.tasks ?? []).map((row) => ratioRow('report-task-row', row.session, titles.get(row.session), row.done ?? 0, row.of ?? 0)),
      { testid: 'report-tasks-table', empty: t('programme.report.noTasks') },
    ),
  );
  const sessions = (report.attendance ?? []).map((a) => a.session);
  const mark = (value, yes, no) => el('td', { class: 'prog-member-cell' }, el('span', { 'aria-hidden': 'true' }, value ? '✓' : '·'), el('span', { class: 'visually-hidden' }, value ? yes : no));
  setChildren(
    ui.people,
    table(
      t('programme.report.people'),
      [[t('report.name')], ...sessions.map((n) => [t('programme.report.sessionShort', { n })]), ...sessions.map((n) => [t('programme.report.taskShort', { n })])],
      (report.people ?? []).map((p) =>
        el(
          'tr',
          { 'data-testid': 'report-person' },
          el('th', { scope: 'row', class: 'report-row-head' }, el('bdi', {}, p.name)),
          sessions.map((n, i) => mark(p.attended?.[i], t('programme.cohort.wasThere'), t('programme.cohort.wasNotThere'))),
          sessions.map((n, i) => mark(p.tasks?.[i], t('programme.taskState.done'), t('programme.report.taskNotDone'))),
        ),
      ),
      { testid: 'report-people-table', empty: t('programme.cohort.nobody') },
    ),
  );
  setChildren(
    ui.ratings,
    ratingCharts(
      report.ratings,
      (report.attendance ?? []).map((a) => ({ session: a.session, title: a.title })),
      { caption: t('programme.chart.caption'), testid: 'report-ratings-chart' },
    ),
  );
  setChildren(
    ui.checkins,
    table(
      t('programme.cohort.checkins'),
      [['#', { num: true }], [t('programme.cohort.session')], [t('programme.report.checkinsDone'), { num: true }], [t('report.share'), { num: true }]],
      (report.checkins ?? []).map((row) => ratioRow('report-checkin-row', row.session, titles.get(row.session), row.done ?? 0, row.of ?? 0)),
      { testid: 'report-checkins-table', empty: t('programme.checkins.none') },
    ),
  );
  renderPolls(report);
  // Task reflections and answers to refresher cards: anonymous texts, as released (in batches), per session.
  const groups = [
    ...(report.reflections ?? []).map((r) => ({ ...r, kind: 'reflection' })),
    ...(report.refresherCards ?? []).map((r) => ({ ...r, kind: 'card' })),
  ].filter((r) => (r.texts ?? []).length);
  setChildren(
    ui.reflections,
    groups.length
      ? groups.map((r) => {
          const heading = r.kind === 'card' ? t('programme.report.refresherAnswers', { n: r.session }) : t('programme.afterSession', { n: r.session });
          return el(
            'section',
            { class: 'report-item', 'data-testid': 'report-reflection-group', 'data-kind': r.kind, 'aria-label': heading },
            el('h3', { class: 'subhead' }, heading),
            el('ul', { class: 'prog-quotes' }, r.texts.map((text) => el('li', { class: 'prog-quote', 'data-testid': 'report-reflection' }, el('p', { dir: 'auto' }, text)))),
          );
        })
      : el('p', { class: 'muted', 'data-testid': 'report-reflections-empty' }, t('programme.reflections.none')),
  );
}

function renderPolls(report) {
  const polls = report.repeatedPolls ?? [];
  if (!polls.length) {
    setChildren(ui.polls, el('p', { class: 'muted', 'data-testid': 'report-repeated-empty' }, t('programme.report.noRepeated')));
    return;
  }
  setChildren(
    ui.polls,
    polls.map((poll, p) =>
      el(
        'section',
        { class: 'report-item', 'data-testid': 'report-repeated-poll', 'aria-labelledby': `repeated-${p}` },
        el('h3', { id: `repeated-${p}`, class: 'panel-question', dir: 'auto' }, poll.question),
        el('p', { class: 'muted' }, pollKindText(poll.kind)),
        el(
          'div',
          { class: 'prog-repeated' },
          (poll.asked ?? []).map((asked) => {
            const host = el('div', { class: 'results-box' });
            new ResultsView(host).update(asked.results ? { pollId: `${p}-${asked.session}`, kind: poll.kind, scale: asked.scale ?? poll.scale, results: asked.results } : null);
            // Drawn once, not updated: the summary line is plain text here, not a live region.
            for (const node of host.querySelectorAll('[aria-live]')) {
              node.removeAttribute('aria-live');
              node.removeAttribute('role');
            }
            return el(
              'div',
              { class: 'prog-repeated-item', 'data-testid': 'report-repeated-asked', 'data-session': asked.session },
              el('h4', { class: 'subhead' }, t('programme.report.askedIn', { n: asked.session }), ' · ', t('report.votes', { count: asked.votes ?? 0 })),
              host,
            );
          }),
        ),
      ),
    ),
  );
}

// --- fetching ---

async function fetchReport(format) {
  return api('GET', `/api/cohorts/${encodeURIComponent(cohortId)}/report${format === 'csv' ? '?format=csv' : ''}`, {
    auth: { facilitator: key },
    accept: format === 'csv' ? 'text/csv' : 'application/json',
    raw: format === 'csv' || format === 'json-raw',
  });
}

async function load() {
  show(ui.retryRow, false);
  show(ui.error, false);
  setText(ui.message, t('report.loading'));
  show(ui.message, true);
  try {
    render(await fetchReport('json'));
    show(ui.message, false);
    show(ui.report, true);
  } catch (error) {
    show(ui.message, false);
    setText(ui.error, apiErrorText(error, { gone: t('programme.cohort.gone') }));
    show(ui.error, true);
    show(ui.retryRow, !(error instanceof ApiError && error.status === 404));
  }
}

async function download(format, button) {
  const name = `huddle-programme-${String(cohortId).replace(/[^A-Za-z0-9]/g, '')}.${format}`;
  button.disabled = true;
  setText(ui.downloadStatus, t('report.download.preparing'));
  try {
    const response = await fetchReport(format === 'json' ? 'json-raw' : 'csv');
    const blob = new Blob([await response.arrayBuffer()], { type: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json' });
    saveBlob(blob, name);
    setText(ui.downloadStatus, t('report.download.saved', { name }));
  } catch (error) {
    setText(ui.downloadStatus, apiErrorText(error));
  } finally {
    button.disabled = false;
  }
}

// --- start ---

let cohortId = null;
let key = null;
try {
  cohortId = decodeURIComponent(location.hash.replace(/^#/, '')) || null;
} catch {
  cohortId = null;
}
key = cohortId ? cohortKeys()[cohortId] ?? null : null;
if (!cohortId || !key) {
  setText(ui.message, t('programme.report.noKey'));
} else {
  ui.back.href = `/programme.html?cohort=${encodeURIComponent(cohortId)}`;
  ui.retry.addEventListener('click', load);
  ui.downloadJson.addEventListener('click', () => download('json', ui.downloadJson));
  ui.downloadCsv.addEventListener('click', () => download('csv', ui.downloadCsv));
  load();
}
