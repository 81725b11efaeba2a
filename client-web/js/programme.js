// The facilitator's cohort page (protocol/PROGRAMMES.md, "Facilitator"). Without ?cohort=ID: pick a programme
// (GET /api/programmes), name the cohort and its start, POST /api/cohorts; the key goes to localStorage (huddle.cohorts,
// cohort id -> key), never into the address. With ?cohort=ID: GET /api/cohorts/ID drawn at a glance, with the actions
// the API offers (start a session and open its console, surface a reflection, the webhook, remove a person, end,
// delete, the report's downloads).

import './page-language.js';
import { confirmDialog } from './confirm-dialog.js';
import { byId, el, setChildren, setText, show } from './dom.js';
import { saveFacilitatorKey } from './facilitator-key.js';
import { formatNumber, t } from './i18n.js';
import {
  absoluteLink,
  api,
  ApiError,
  apiErrorText,
  cohortKeys,
  copyableLink,
  dateTimeText,
  dateText,
  dateToLocalInput,
  dropCohortKey,
  localInputToIso,
  saveCohortKey,
  sessionStateText,
} from './programme-api.js';
import { ratingCharts } from './rating-chart.js';
import { reflectionsView, releasedList } from './released-list.js';
import { saveBlob } from './save-blob.js';
import { sayIn } from './status-line.js';

const ui = {
  message: byId('cohort-message'),
  error: byId('cohort-error'),
  createView: byId('create-view'),
  createForm: byId('create-form'),
  programmeList: byId('programme-list'),
  title: byId('cohort-title'),
  start: byId('cohort-start'),
  createError: byId('create-error'),
  createButton: byId('create-button'),
  myCohorts: byId('my-cohorts'),
  myCohortsList: byId('my-cohorts-list'),
  view: byId('cohort-view'),
  programme: byId('cohort-programme'),
  heading: byId('cohort-title-text'),
  facts: byId('cohort-facts'),
  status: byId('cohort-live-status'),
  enrolHost: byId('enrol-link-host'),
  refresh: byId('refresh'),
  reportLink: byId('report-link'),
  downloadJson: byId('download-json'),
  downloadCsv: byId('download-csv'),
  downloadStatus: byId('download-status'),
  sessions: byId('sessions'),
  roster: byId('roster'),
  rosterCount: byId('roster-count'),
  ratings: byId('ratings'),
  reflections: byId('reflections'),
  refreshers: byId('refreshers'),
  checkins: byId('checkins'),
  webhook: byId('webhook'),
  end: byId('end-cohort'),
  del: byId('delete-cohort'),
};

// The cohort page asks again this often while it is in sight (and whenever it comes back into sight).
const REFRESH_MS = 20_000;

const say = (text) => sayIn(ui.status, text);

function showError(text) {
  setText(ui.error, text);
  show(ui.error, Boolean(text));
}

function showMessage(text) {
  setText(ui.message, text);
  show(ui.message, Boolean(text));
}

// ===================== creating a cohort =====================

let programmes = [];

async function showCreate() {
  show(ui.createView, true);
  show(ui.view, false);
  document.title = t('programme.cohort.pageTitle');
  // Next full hour, a week from now: a sensible default to change.
  const start = new Date(Date.now() + 7 * 86_400_000);
  start.setMinutes(0, 0, 0);
  start.setHours(start.getHours() + 1);
  if (!ui.start.value) ui.start.value = dateToLocalInput(start);
  loadMyCohorts();
  try {
    const body = await api('GET', '/api/programmes');
    programmes = Array.isArray(body.programmes) ? body.programmes : [];
    renderProgrammes();
  } catch (error) {
    setChildren(ui.programmeList, el('p', { class: 'error', role: 'alert', 'data-testid': 'programmes-error' }, apiErrorText(error)));
  } finally {
    ui.programmeList.removeAttribute('aria-busy');
  }
}

function programmeFacts(p) {
  const sessions = p.sessions ?? [];
  const lastDay = sessions.reduce((most, s) => Math.max(most, Number(s.day) || 0), 0);
  return [
    t('programme.create.sessions', { count: sessions.length }),
    t('programme.create.weeks', { count: Math.max(1, Math.ceil((lastDay + 1) / 7)) }),
    p.reflections === 'named' ? t('programme.create.named') : t('programme.create.anonymous'),
    p.pods?.size ? t('programme.create.pods', { size: p.pods.size }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

function renderProgrammes() {
  if (!programmes.length) {
    setChildren(ui.programmeList, el('p', { class: 'muted', 'data-testid': 'programmes-none' }, t('programme.create.none')));
    ui.createButton.disabled = true;
    return;
  }
  setChildren(
    ui.programmeList,
    programmes.map((p, i) => {
      const id = `programme-${i}`;
      const lang = typeof p.language === 'string' && p.language ? p.language : null;
      return el(
        'label',
        { class: 'choice prog-programme', for: id, 'data-testid': 'programme-item', 'data-programme-id': p.id },
        el('input', { type: 'radio', name: 'programme', id, value: p.id, checked: i === 0, 'data-testid': 'programme-radio' }),
        el(
          'span',
          { class: 'prog-programme-text' },
          el('span', { class: 'prog-programme-title', dir: 'auto', lang }, p.title),
          p.description && el('span', { class: 'prog-programme-description', dir: 'auto', lang }, p.description),
          el('span', { class: 'muted' }, programmeFacts(p)),
          el(
            'span',
            { class: 'prog-programme-sessions', lang },
            (p.sessions ?? []).map((s) => el('span', { class: 'tag' }, `${formatNumber(s.session)}. ${s.title}`)),
          ),
        ),
      );
    }),
  );
}

ui.createForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const picked = ui.createForm.querySelector('input[name="programme"]:checked');
  const startsAt = localInputToIso(ui.start.value);
  ui.start.removeAttribute('aria-invalid');
  if (!picked) {
    setText(ui.createError, t('programme.create.pick'));
    show(ui.createError, true);
    return;
  }
  if (!startsAt) {
    setText(ui.createError, t('programme.create.noStart'));
    show(ui.createError, true);
    ui.start.setAttribute('aria-invalid', 'true');
    ui.start.focus();
    return;
  }
  show(ui.createError, false);
  ui.createButton.disabled = true;
  setText(ui.createButton, t('programme.create.busy'));
  try {
    const body = { programme: picked.value, startsAt };
    const title = ui.title.value.trim();
    if (title) body.title = title;
    const created = await api('POST', '/api/cohorts', { body });
    saveCohortKey(created.cohort, created.facilitatorKey);
    location.assign(`/programme.html?cohort=${encodeURIComponent(created.cohort)}`);
  } catch (error) {
    setText(ui.createError, apiErrorText(error));
    show(ui.createError, true);
    ui.createButton.disabled = false;
    setText(ui.createButton, t('programme.create.button'));
  }
});

async function loadMyCohorts() {
  const keys = Object.entries(cohortKeys());
  show(ui.myCohorts, keys.length > 0);
  if (!keys.length) return;
  const rows = await Promise.all(
    keys.map(async ([id, key]) => {
      try {
        const cohort = await api('GET', `/api/cohorts/${encodeURIComponent(id)}`, { auth: { facilitator: key } });
        return { id, cohort };
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          dropCohortKey(id);
          return null;
        }
        return { id, cohort: null };
      }
    }),
  );
  const found = rows.filter(Boolean);
  show(ui.myCohorts, found.length > 0);
  setChildren(
    ui.myCohortsList,
    found.map(({ id, cohort }) =>
      el(
        'li',
        { 'data-testid': 'my-cohort' },
        el('a', { href: `/programme.html?cohort=${encodeURIComponent(id)}` }, el('bdi', {}, cohort?.title ?? id)),
        cohort && el('span', { class: 'muted' }, ` · ${cohort.programme?.title ?? ''} · ${dateText(cohort.startsAt)}${cohort.ended ? ` · ${t('programme.cohort.ended')}` : ''}`),
      ),
    ),
  );
}

// ===================== one cohort =====================

let cohortId = null;
let key = null;
let cohort = null;
const drawn = new Map();

function once(section, data, draw) {
  const stamp = JSON.stringify(data ?? null);
  if (drawn.get(section) === stamp) return;
  drawn.set(section, stamp);
  draw(data);
}

const auth = () => ({ facilitator: key });
const cohortPath = (suffix = '') => `/api/cohorts/${encodeURIComponent(cohortId)}${suffix}`;

async function load({ quiet = false } = {}) {
  try {
    const fresh = await api('GET', cohortPath(), { auth: auth() });
    showMessage('');
    showError('');
    render(fresh);
  } catch (error) {
    if (quiet && error.status !== 404) return;
    showMessage('');
    if (error instanceof ApiError && error.status === 404) {
      dropCohortKey(cohortId);
      show(ui.view, false);
      showError(t('programme.cohort.gone'));
    } else {
      showError(apiErrorText(error));
    }
  }
}

/** Which control has the focus, so a section drawn again gives it back: its test id and its place among its kind. */
function focusedControl() {
  const active = document.activeElement;
  const testid = active?.dataset?.testid;
  if (!testid || !ui.view.contains(active)) return null;
  return { testid, index: [...document.querySelectorAll(`[data-testid="${testid}"]`)].indexOf(active) };
}

function restoreFocus(was) {
  if (!was) return;
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return;
  const all = document.querySelectorAll(`[data-testid="${was.testid}"]`);
  const target = all[Math.min(Math.max(was.index, 0), all.length - 1)];
  if (target instanceof HTMLElement) target.focus();
}

function render(fresh) {
  const focused = focusedControl();
  draw(fresh);
  restoreFocus(focused);
}

function draw(fresh) {
  cohort = fresh;
  document.title = t('programme.cohort.documentTitle', { title: fresh.title ?? '' });
  show(ui.view, true);
  setText(ui.programme, fresh.programme?.title ?? '');
  setText(ui.heading, fresh.title ?? '');
  const members = fresh.members ?? [];
  setText(
    ui.facts,
    [
      t('programme.cohort.starts', { date: dateTimeText(fresh.startsAt, { year: true }) }),
      t('programme.cohort.members', { count: members.length }),
      fresh.ended ? t('programme.cohort.ended') : null,
    ]
      .filter(Boolean)
      .join(' · '),
  );
  once('enrol', [fresh.enrolCode, fresh.ended], () => {
    if (fresh.ended) setChildren(ui.enrolHost, el('p', { class: 'muted' }, t('programme.cohort.enrolClosed')));
    else setChildren(ui.enrolHost, copyableLink(absoluteLink(`/member.html?enrol=${encodeURIComponent(fresh.enrolCode)}`), { testid: 'enrol-link', label: t('programme.cohort.copyEnrol') }).node);
  });
  ui.reportLink.href = `/programme-report.html#${encodeURIComponent(cohortId)}`;
  once('sessions', [fresh.sessions, fresh.ended], () => renderSessions(fresh));
  once('roster', [fresh.members, fresh.sessions?.length, fresh.ended], () => renderRoster(fresh));
  once('ratings', [fresh.ratings, (fresh.sessions ?? []).map((s) => s.title)], () =>
    setChildren(ui.ratings, ratingCharts(fresh.ratings, fresh.sessions, { caption: t('programme.chart.caption'), testid: 'cohort-ratings-chart' })),
  );
  once('reflections', [fresh.reflections, fresh.namedReflections], () => renderReflections(fresh));
  once('refreshers', [fresh.sessions?.map((s) => s.refresher ?? null), fresh.refresherCards], () => renderRefreshers(fresh));
  once('checkins', [fresh.checkins, members.length], () => renderCheckins(fresh));
  once('webhook', fresh.webhook, () => renderWebhook(fresh));
  ui.end.disabled = Boolean(fresh.ended);
}

// --- sessions ---

function codesOf(session) {
  return Object.entries(session.codes ?? {}).filter(([, code]) => typeof code === 'string' && code);
}

/** Makes `code` the session this browser's console runs (the cohort's key is the session's key) and opens the console. */
function openConsole(code) {
  saveFacilitatorKey({ code, facilitatorKey: key });
  const tab = window.open('/facilitator.html', '_blank');
  if (!tab) say(t('programme.cohort.popupBlocked'));
}

async function startSession(n, button) {
  button.disabled = true;
  setText(button, t('programme.cohort.starting'));
  try {
    const { code } = await api('POST', cohortPath(`/sessions/${n}`), { auth: auth() });
    openConsole(code);
    say(t('programme.cohort.started', { n, code }));
    await load({ quiet: true });
  } catch (error) {
    say(apiErrorText(error));
    button.disabled = false;
    setText(button, t('programme.cohort.start', { n }));
  }
}

function sessionAction(s, ended) {
  const codes = codesOf(s);
  if (s.mode === 'pod') {
    return el(
      'div',
      { class: 'prog-cell-stack' },
      el('span', { class: 'hint' }, t('programme.cohort.podRuns')),
      codes.length > 0 &&
        el('span', { 'data-testid': 'session-pod-codes' }, codes.map(([pod, code]) => el('span', { class: 'tag prog-code' }, t('programme.cohort.podCode', { pod, code })))),
    );
  }
  if (s.state === 'live' && codes.length) {
    const code = codes[0][1];
    return el(
      'div',
      { class: 'prog-cell-stack' },
      el('span', {}, t('programme.cohort.liveCode'), ' ', el('strong', { class: 'prog-code', 'data-testid': 'session-code' }, code)),
      el('button', { class: 'button button-small', type: 'button', 'data-testid': 'session-open-console', onClick: () => openConsole(code) }, t('programme.cohort.openConsole')),
    );
  }
  if (s.state === 'done') return el('span', { class: 'muted' }, t('programme.state.done'));
  if (ended) return el('span', { class: 'muted' }, '—');
  return el(
    'button',
    { class: 'button button-small button-primary', type: 'button', 'data-testid': 'session-start', onClick: (event) => startSession(s.session, event.currentTarget) },
    t('programme.cohort.start', { n: s.session }),
  );
}

function completion(done, of) {
  if (!of) return el('span', { class: 'muted' }, '—');
  const fill = el('span', { class: 'bar-fill' });
  fill.style.setProperty('--share', `${Math.round((100 * done) / of)}%`);
  return el('span', { class: 'prog-completion' }, el('span', { class: 'report-number' }, t('programme.cohort.ofN', { done, of })), el('span', { class: 'bar', 'aria-hidden': 'true' }, fill));
}

function renderSessions(c) {
  const rows = (c.sessions ?? []).map((s) =>
    el(
      'tr',
      { 'data-testid': 'cohort-session', 'data-session': s.session, 'data-state': s.state },
      el('td', { class: 'num' }, formatNumber(s.session)),
      el(
        'th',
        { scope: 'row', class: 'report-row-head' },
        el('span', { class: 'prog-session-title', dir: 'auto' }, s.title),
        el('span', { class: 'muted prog-session-when' }, dateTimeText(s.plannedAt), s.mode === 'pod' ? ` · ${t('programme.podSession')}` : ''),
      ),
      el('td', {}, el('span', { class: 'badge prog-state', 'data-status': s.state === 'live' ? 'running' : s.state, 'data-testid': 'session-state' }, sessionStateText(s.state))),
      el('td', { class: 'num', 'data-testid': 'session-attended' }, formatNumber(s.attended ?? 0)),
      el('td', { 'data-testid': 'session-task' }, s.task ? completion(s.task.done ?? 0, s.task.of ?? 0) : el('span', { class: 'muted' }, t('programme.cohort.noTask'))),
      el('td', {}, sessionAction(s, c.ended)),
    ),
  );
  setChildren(
    ui.sessions,
    el(
      'table',
      { class: 'table report-table prog-sessions' },
      el('caption', { class: 'visually-hidden' }, t('programme.cohort.sessions')),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col', class: 'num' }, '#'),
          el('th', { scope: 'col' }, t('programme.cohort.session')),
          el('th', { scope: 'col' }, t('programme.cohort.state')),
          el('th', { scope: 'col', class: 'num' }, t('programme.cohort.attended')),
          el('th', { scope: 'col' }, t('programme.cohort.taskDone')),
          el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, t('programme.cohort.actions'))),
        ),
      ),
      el('tbody', {}, rows),
    ),
  );
}

// --- roster ---

const TASK_STATES = ['done', 'missing', 'open', 'not-yet'];

function taskStateText(state) {
  return TASK_STATES.includes(state) ? t(`programme.taskState.${state}`) : state ?? '';
}

function renderRoster(c) {
  const members = c.members ?? [];
  const sessions = c.sessions ?? [];
  setText(ui.rosterCount, formatNumber(members.length));
  if (!members.length) {
    setChildren(ui.roster, el('p', { class: 'muted', 'data-testid': 'cohort-roster-empty' }, t('programme.cohort.nobody')));
    return;
  }
  const rows = members.map((m) => {
    const attended = new Set(m.attended ?? []);
    return el(
      'tr',
      { 'data-testid': 'cohort-member', 'data-member': m.id },
      el('th', { scope: 'row', class: 'report-row-head' }, el('bdi', { 'data-testid': 'cohort-member-name' }, m.name)),
      el('td', { class: 'num' }, m.pod ? formatNumber(m.pod) : '—'),
      sessions.map((s) => {
        const state = m.tasks?.[String(s.session)] ?? null;
        const was = attended.has(s.session);
        return el(
          'td',
          { class: 'prog-member-cell', 'data-session': s.session, 'data-attended': String(was), 'data-task': state ?? '' },
          el('span', { class: `prog-att prog-att-${was ? 'yes' : 'no'}`, title: was ? t('programme.cohort.wasThere') : t('programme.cohort.wasNotThere') }, was ? '✓' : '·'),
          el('span', { class: 'visually-hidden' }, was ? t('programme.cohort.wasThere') : t('programme.cohort.wasNotThere')),
          state && state !== 'not-yet' && el('span', { class: `prog-tstate prog-tstate-${state}`, 'data-testid': 'member-task-state' }, taskStateText(state)),
        );
      }),
      el('td', {}, m.manager ? t('programme.yes') : el('span', { class: 'muted' }, t('programme.no'))),
      el(
        'td',
        {},
        !c.ended &&
          el(
            'button',
            { class: 'button button-quiet button-small', type: 'button', 'data-testid': 'cohort-member-remove', 'aria-label': t('programme.cohort.removeNamed', { name: m.name }), onClick: () => removeMember(m) },
            t('programme.cohort.remove'),
          ),
      ),
    );
  });
  setChildren(
    ui.roster,
    el(
      'div',
      { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'roster-heading' },
      el(
        'table',
        { class: 'table report-table prog-roster', 'data-testid': 'cohort-roster-table' },
        el('caption', { class: 'visually-hidden' }, t('programme.cohort.rosterCaption')),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, t('report.name')),
            el('th', { scope: 'col', class: 'num' }, t('programme.cohort.pod')),
            sessions.map((s) => el('th', { scope: 'col', title: s.title }, t('programme.chart.sessionColumn', { session: s.session }))),
            el('th', { scope: 'col' }, t('programme.cohort.manager')),
            el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, t('programme.cohort.actions'))),
          ),
        ),
        el('tbody', {}, rows),
      ),
    ),
    el('p', { class: 'hint' }, t('programme.cohort.rosterHint')),
  );
}

async function removeMember(member) {
  const yes = await confirmDialog({
    title: t('programme.cohort.removeTitle', { name: member.name }),
    text: t('programme.cohort.removeText'),
    confirm: t('programme.cohort.remove'),
    cancel: t('programme.cancel'),
  });
  if (!yes) return;
  try {
    await api('POST', cohortPath(`/members/${encodeURIComponent(member.id)}/remove`), { auth: auth() });
    say(t('programme.cohort.removed', { name: member.name }));
    await load({ quiet: true });
  } catch (error) {
    say(apiErrorText(error));
  }
}

// --- reflections and refresher cards ---

async function surface(id, surfaced, button) {
  button.disabled = true;
  try {
    await api('POST', cohortPath('/surface'), { auth: auth(), body: { id, surfaced } });
    say(surfaced ? t('programme.surface.shown') : t('programme.surface.hidden'));
    await load({ quiet: true });
  } catch (error) {
    say(apiErrorText(error));
    button.disabled = false;
  }
}

function renderReflections(c) {
  setChildren(ui.reflections, reflectionsView(c, { testid: 'reflection', onSurface: surface }));
}

function renderRefreshers(c) {
  const blocks = [];
  for (const s of c.sessions ?? []) {
    const r = s.refresher;
    if (!r) continue;
    const headingId = `refresher-${s.session}`;
    if (r.poll) {
      const counts = r.poll.counts ?? [];
      const total = counts.reduce((sum, n) => sum + (Number(n) || 0), 0);
      blocks.push(
        el(
          'div',
          { class: 'prog-released', 'data-testid': 'cohort-refresher', 'data-session': s.session },
          el('h3', { id: headingId, class: 'subhead' }, t('programme.afterSession', { n: s.session }), ' · ', t('programme.refresher.answered', { count: r.answered ?? 0 })),
          el('p', { class: 'panel-question', dir: 'auto' }, r.poll.question),
          el(
            'ul',
            { class: 'result-bars', 'aria-labelledby': headingId },
            (r.poll.options ?? []).map((option, i) => {
              const count = Number(counts[i]) || 0;
              const fill = el('span', { class: 'bar-fill' });
              fill.style.setProperty('--share', `${total ? Math.round((100 * count) / total) : 0}%`);
              return el(
                'li',
                { class: 'result-row' },
                el('span', { class: 'result-line' }, el('bdi', { class: 'result-label' }, option), el('span', { class: 'result-figures' }, t('results.votes', { count }))),
                el('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
              );
            }),
          ),
        ),
      );
    } else if (r.card) {
      const cards = (c.refresherCards ?? []).filter((g) => g.session === s.session);
      blocks.push(
        el(
          'div',
          { class: 'prog-released', 'data-testid': 'cohort-refresher', 'data-session': s.session },
          el('h3', { class: 'subhead' }, t('programme.afterSession', { n: s.session }), ' · ', t('programme.refresher.answered', { count: r.answered ?? 0 })),
          el('p', { class: 'panel-question', dir: 'auto' }, r.card),
          releasedList(cards, { testid: 'refresher-card', waitingKey: 'programme.reflections.waiting', emptyKey: 'programme.refresher.noCards', onSurface: surface }),
        ),
      );
    }
  }
  setChildren(ui.refreshers, blocks.length ? blocks : el('p', { class: 'muted' }, t('programme.refresher.none')));
}

// --- check-ins ---

function renderCheckins(c) {
  const checkins = c.checkins ?? [];
  const withManager = (c.members ?? []).filter((m) => m.manager).length;
  setChildren(
    ui.checkins,
    el('p', { class: 'hint' }, t('programme.checkins.managers', { count: withManager })),
    checkins.length
      ? el(
          'ul',
          { class: 'prog-list' },
          checkins.map((row) => el('li', { 'data-testid': 'cohort-checkin', 'data-session': row.session }, el('span', {}, t('programme.afterSession', { n: row.session })), ' ', completion(row.done ?? 0, row.of ?? 0))),
        )
      : el('p', { class: 'muted' }, t('programme.checkins.none')),
  );
}

// --- webhook ---

function renderWebhook(c, secret = null) {
  const current = c.webhook?.url ?? null;
  const input = el('input', { id: 'webhook-url', class: 'input', type: 'url', inputmode: 'url', maxlength: '500', autocomplete: 'off', placeholder: 'https://', 'data-testid': 'webhook-url', 'aria-describedby': 'webhook-hint' });
  if (current) input.value = current;
  const error = el('p', { class: 'error', role: 'alert', 'data-testid': 'webhook-error', hidden: true });
  const save = el('button', { class: 'button button-small button-primary', type: 'submit', 'data-testid': 'webhook-save' }, t('programme.webhook.save'));
  const form = el(
    'form',
    { class: 'form', novalidate: true },
    el('p', { class: 'hint', id: 'webhook-hint' }, t('programme.webhook.hint')),
    el('div', { class: 'field' }, el('label', { for: 'webhook-url' }, t('programme.webhook.url')), input),
    error,
    el(
      'div',
      { class: 'button-row' },
      save,
      current &&
        el(
          'button',
          {
            class: 'button button-small button-danger',
            type: 'button',
            'data-testid': 'webhook-remove',
            onClick: async () => {
              try {
                await api('DELETE', cohortPath('/webhook'), { auth: auth() });
                say(t('programme.webhook.removed'));
                await load({ quiet: true });
              } catch (err) {
                setText(error, apiErrorText(err));
                show(error, true);
              }
            },
          },
          t('programme.webhook.remove'),
        ),
    ),
    secret && el('div', { class: 'prog-keep', 'data-testid': 'webhook-secret' }, el('p', {}, t('programme.webhook.secret')), el('code', { class: 'prog-secret' }, secret)),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const url = input.value.trim();
    if (!url) {
      setText(error, t('programme.webhook.noUrl'));
      show(error, true);
      return;
    }
    save.disabled = true;
    try {
      const result = await api('PUT', cohortPath('/webhook'), { auth: auth(), body: { url } });
      const fresh = await api('GET', cohortPath(), { auth: auth() });
      render(fresh);
      renderWebhook(fresh, result.secret ?? null);
      say(t('programme.webhook.saved'));
    } catch (err) {
      setText(error, apiErrorText(err));
      show(error, true);
      save.disabled = false;
    }
  });
  setChildren(ui.webhook, form);
}

// --- finish ---

ui.end.addEventListener('click', async () => {
  const yes = await confirmDialog({
    title: t('programme.finish.endTitle'),
    text: t('programme.finish.endText'),
    confirm: t('programme.finish.end'),
    cancel: t('programme.cancel'),
    testid: 'confirm-dialog',
  });
  if (!yes) return;
  try {
    await api('POST', cohortPath('/end'), { auth: auth() });
    say(t('programme.finish.ended'));
    await load({ quiet: true });
  } catch (error) {
    say(apiErrorText(error));
  }
});

ui.del.addEventListener('click', async () => {
  const yes = await confirmDialog({
    title: t('programme.finish.deleteTitle'),
    text: t('programme.finish.deleteText'),
    confirm: t('programme.finish.delete'),
    cancel: t('programme.cancel'),
    testid: 'confirm-dialog',
  });
  if (!yes) return;
  try {
    await api('DELETE', cohortPath(), { auth: auth() });
    dropCohortKey(cohortId);
    location.assign('/programme.html');
  } catch (error) {
    say(apiErrorText(error));
  }
});

// --- report downloads (the key in the header, saved through a Blob) ---

async function download(format, button) {
  const name = `huddle-programme-${String(cohortId).replace(/[^A-Za-z0-9]/g, '')}.${format}`;
  button.disabled = true;
  setText(ui.downloadStatus, t('report.download.preparing'));
  try {
    const response = await api('GET', cohortPath(`/report${format === 'csv' ? '?format=csv' : ''}`), {
      auth: auth(),
      accept: format === 'csv' ? 'text/csv' : 'application/json',
      raw: true,
    });
    const blob = new Blob([await response.arrayBuffer()], { type: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json' });
    saveBlob(blob, name);
    setText(ui.downloadStatus, t('report.download.saved', { name }));
  } catch (error) {
    setText(ui.downloadStatus, apiErrorText(error));
  } finally {
    button.disabled = false;
  }
}

// ===================== start =====================

const wanted = new URLSearchParams(location.search).get('cohort');
if (wanted) {
  cohortId = wanted;
  key = cohortKeys()[wanted] ?? null;
  if (!key) {
    showError(t('programme.cohort.noKey'));
    showCreate();
  } else {
    showMessage(t('programme.loading'));
    ui.refresh.addEventListener('click', async () => {
      await load();
      say(t('programme.cohort.refreshed'));
    });
    ui.downloadJson.addEventListener('click', () => download('json', ui.downloadJson));
    ui.downloadCsv.addEventListener('click', () => download('csv', ui.downloadCsv));
    load();
    const refresh = () => {
      if (document.hidden || !cohort) return;
      const active = document.activeElement;
      // Not while someone types, nor while a dialog asks something: the page would be drawn under their hands.
      if (active && (['INPUT', 'TEXTAREA', 'SELECT'].includes(active.tagName) || active.closest('dialog'))) return;
      load({ quiet: true });
    };
    document.addEventListener('visibilitychange', refresh);
    setInterval(refresh, REFRESH_MS);
  }
} else {
  showCreate();
}
