// A manager's page (protocol/PROGRAMMES.md, "Managers"): for each of their people, the programme's schedule, each
// week's micro-task with only what the person chose to share, and the weekly observation checklist with one note
// (PUT /api/manager/checkins/N), which the person then sees. Nothing a member wrote anonymously ever reaches this page:
// the server sends only the shared parts, and this page draws only what it is sent.

import './page-language.js';
import { byId, el, setChildren, setText, show } from './dom.js';
import { formatTime, t } from './i18n.js';
import {
  addManagerToken,
  api,
  ApiError,
  apiErrorText,
  dateText,
  dropManagerToken,
  managerTokens,
  sessionStateText,
  takeFragmentToken,
  timeElement,
} from './programme-api.js';
import { sayIn } from './status-line.js';

const ui = {
  message: byId('manager-message'),
  status: byId('manager-status'),
  people: byId('people'),
};

const say = (text) => sayIn(ui.status, text);

const fromLink = takeFragmentToken();
if (fromLink) addManagerToken(fromLink);

/** One person's section, by manager token: {node, view}. */
const sections = new Map();

function showMessage(text) {
  setText(ui.message, text);
  show(ui.message, Boolean(text));
}

async function loadAll() {
  const tokens = managerTokens();
  if (!tokens.length) {
    showMessage(t('programme.manager.noLink'));
    return;
  }
  showMessage(t('programme.loading'));
  const results = await Promise.all(
    tokens.map(async (token) => {
      try {
        return { token, view: await api('GET', '/api/manager', { auth: { manager: token } }) };
      } catch (error) {
        return { token, error };
      }
    }),
  );
  showMessage('');
  let index = 0;
  const nodes = [];
  for (const result of results) {
    index += 1;
    if (result.error instanceof ApiError && result.error.status === 404) {
      // The person revoked the link, or left the programme: it opens nothing any more.
      dropManagerToken(result.token);
      nodes.push(el('p', { class: 'notice', 'data-testid': 'manager-gone' }, t('programme.manager.gone')));
      continue;
    }
    if (result.error) {
      nodes.push(el('p', { class: 'error', role: 'alert', 'data-testid': 'manager-error' }, apiErrorText(result.error)));
      continue;
    }
    const node = personSection(result.token, result.view, index);
    sections.set(result.token, { node, view: result.view });
    nodes.push(node);
  }
  setChildren(ui.people, nodes);
}

function sharedBlock(shared, week) {
  if (!week.task) return el('p', { class: 'muted' }, t('programme.manager.noTask'));
  if (!shared) return el('p', { class: 'muted', 'data-testid': 'manager-shared-none' }, t('programme.manager.nothingShared'));
  const rows = [];
  rows.push([t('programme.manager.done'), shared.done ? t('programme.yes') : t('programme.manager.notYet')]);
  if (shared.yesNo !== undefined && shared.yesNo !== null) rows.push([t('programme.manager.yesNo'), shared.yesNo ? t('programme.yes') : t('programme.no')]);
  if (shared.ratings && Object.keys(shared.ratings).length) {
    rows.push([t('programme.manager.ratings'), el('ul', { class: 'prog-ticks' }, Object.entries(shared.ratings).map(([c, v]) => el('li', {}, el('bdi', {}, c), `: ${v} / 5`)))]);
  }
  if (typeof shared.text === 'string' && shared.text) rows.push([t('programme.manager.text'), el('span', { dir: 'auto' }, shared.text)]);
  return el('dl', { class: 'prog-answers', 'data-testid': 'manager-shared' }, rows.map(([label, value]) => el('div', {}, el('dt', {}, label), el('dd', {}, value))));
}

function checkinForm(token, view, week, prefix) {
  const n = week.session;
  const checkin = week.checkin ?? null;
  const ticked = new Set(checkin?.ticked ?? []);
  const boxes = (view.checklist ?? []).map((label, i) =>
    el('input', { type: 'checkbox', id: `${prefix}-w${n}-c${i}`, value: String(i), checked: ticked.has(i), 'data-testid': 'checkin-box' }),
  );
  const noteId = `${prefix}-w${n}-note`;
  const note = el('textarea', { id: noteId, class: 'input textarea', rows: '3', maxlength: '500', 'data-testid': 'checkin-note' });
  note.value = checkin?.note ?? '';
  const error = el('p', { class: 'error', role: 'alert', 'data-testid': 'checkin-error', hidden: true });
  const saved = el('p', { class: 'muted', 'data-testid': 'checkin-saved' }, checkin?.at ? [t('programme.manager.savedAt'), ' ', timeElement(checkin.at)] : t('programme.manager.notSaved'));
  const submit = el('button', { class: 'button button-primary', type: 'submit', 'data-testid': 'checkin-submit' }, checkin ? t('programme.manager.update') : t('programme.manager.save'));
  const form = el(
    'form',
    { class: 'form', novalidate: true, 'data-testid': 'checkin-form', 'data-session': n },
    el(
      'fieldset',
      { class: 'fieldset' },
      el('legend', {}, t('programme.manager.checklist')),
      boxes.map((box, i) => el('label', { class: 'check', for: box.id }, box, el('span', { dir: 'auto' }, view.checklist[i]))),
    ),
    el('div', { class: 'field' }, el('label', { for: noteId }, t('programme.manager.note')), note),
    error,
    el('div', { class: 'button-row' }, submit),
    saved,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    show(error, false);
    try {
      const body = { ticked: boxes.filter((box) => box.checked).map((box) => Number(box.value)), note: note.value.trim() };
      const fresh = await api('PUT', `/api/manager/checkins/${n}`, { auth: { manager: token }, body });
      const section = sections.get(token);
      const node = personSection(token, fresh, section?.node?.dataset.index ?? prefix);
      section?.node.replaceWith(node);
      sections.set(token, { node, view: fresh });
      say(t('programme.manager.saved', { name: fresh.member?.name ?? '', time: formatTime(Date.now()) }));
      node.querySelector(`[data-testid="checkin-form"][data-session="${n}"]`)?.closest('article')?.querySelector('h3')?.focus();
    } catch (err) {
      setText(error, apiErrorText(err));
      show(error, true);
      submit.disabled = false;
    }
  });
  return form;
}

function readOnlyCheckin(view, checkin) {
  if (!checkin) return el('p', { class: 'muted' }, t('programme.manager.noCheckin'));
  const labels = (checkin.ticked ?? []).map((i) => view.checklist?.[i]).filter(Boolean);
  return el(
    'div',
    { class: 'prog-checkin', 'data-testid': 'manager-checkin' },
    el('p', { class: 'prog-checkin-title' }, t('programme.manager.yourCheckin'), checkin.at && el('span', { class: 'muted' }, ' · ', timeElement(checkin.at, dateText))),
    labels.length ? el('ul', { class: 'prog-ticks' }, labels.map((label) => el('li', { dir: 'auto' }, label))) : el('p', { class: 'muted' }, t('programme.checkin.noneTicked')),
    checkin.note && el('p', { class: 'prog-note', dir: 'auto' }, checkin.note),
  );
}

function personSection(token, view, index) {
  const prefix = `p${index}`;
  const headingId = `${prefix}-heading`;
  const name = view.member?.name ?? '';
  const current = Number.isFinite(view.current) ? view.current : null;
  // The weeks so far, this week first: a later week's task means nothing to look for yet (the schedule lists them).
  const weeks = [...(view.weeks ?? [])].filter((week) => current === null || week.session <= current).sort((a, b) => b.session - a.session);
  return el(
    'section',
    { class: 'prog-stack', 'data-testid': 'manager-person', 'data-index': index, 'aria-labelledby': headingId },
    el(
      'header',
      { class: 'card prog-head' },
      el('p', { class: 'eyebrow' }, el('bdi', {}, view.cohort?.programme?.title ?? '')),
      el('h2', { id: headingId, class: 'prog-person', 'data-testid': 'manager-member-name' }, el('bdi', {}, name)),
      el('p', { class: 'muted' }, el('bdi', {}, view.cohort?.title ?? '')),
    ),
    el(
      'div',
      { class: 'card' },
      el('h3', { class: 'section-title' }, t('programme.manager.weeks', { name })),
      weeks.length
        ? el(
            'div',
            { class: 'prog-stack' },
            weeks.map((week) =>
              el(
                'article',
                { class: 'prog-task', 'data-testid': 'manager-week', 'data-session': week.session, 'data-current': String(week.session === current) },
                el('p', { class: 'eyebrow' }, t('programme.manager.weekAfter', { n: week.session })),
                el('h3', { class: 'prog-task-title', tabindex: '-1', dir: 'auto' }, week.task?.title ?? t('programme.manager.noTaskTitle')),
                week.task?.dueAt && el('p', { class: 'muted' }, t('programme.task.dueBy', { date: dateText(week.task.dueAt) })),
                week.task?.text && el('p', { class: 'prog-task-text', dir: 'auto' }, week.task.text),
                el('h4', { class: 'subhead' }, t('programme.manager.sharedHeading', { name })),
                sharedBlock(week.shared, week),
                el('h4', { class: 'subhead' }, t('programme.manager.checkinHeading')),
                week.session === current ? checkinForm(token, view, week, prefix) : readOnlyCheckin(view, week.checkin),
              ),
            ),
          )
        : el('p', { class: 'muted', 'data-testid': 'manager-no-weeks' }, t('programme.manager.noWeeks')),
    ),
    el(
      'div',
      { class: 'card' },
      el('h3', { class: 'section-title' }, t('programme.schedule.heading')),
      el(
        'ol',
        { class: 'prog-schedule', 'data-testid': 'manager-schedule' },
        (view.schedule ?? []).map((s) =>
          el(
            'li',
            { class: 'prog-schedule-item', 'data-testid': 'manager-schedule-item', 'data-state': s.state },
            el('span', { class: 'agenda-num', 'aria-hidden': 'true' }, String(s.session)),
            el(
              'div',
              { class: 'prog-schedule-text' },
              el('p', { class: 'prog-schedule-title' }, el('span', { class: 'visually-hidden' }, `${t('programme.sessionNumber', { n: s.session })}: `), el('bdi', {}, s.title)),
              el('p', { class: 'muted' }, timeElement(s.plannedAt)),
            ),
            el('span', { class: 'badge prog-state', 'data-status': s.state === 'live' ? 'running' : s.state }, sessionStateText(s.state)),
          ),
        ),
      ),
    ),
  );
}

loadAll();
