// A programme member's "what's due" page (protocol/PROGRAMMES.md, "Members"): enrolment with the cohort's code, then
// the micro-task and refresher due now, the next session (join it, or start the pod's), the pod, the schedule, earlier
// tasks with the manager's check-ins, reflections the facilitator surfaced, the manager's invitation and the calendar.
//
// The personal token comes in the link's fragment (/member.html#TOKEN), moves to localStorage (huddle.members, a map
// cohort id -> token) and out of the address bar at once; it is sent in the X-Member-Token header only.

import './page-language.js';
import { confirmDialog } from './confirm-dialog.js';
import { byId, el, setChildren, setText, show } from './dom.js';
import { formatTime, t } from './i18n.js';
import {
  absoluteLink,
  api,
  ApiError,
  apiErrorText,
  copyableLink,
  dateText,
  dateTimeText,
  dropMemberToken,
  lastMemberCohort,
  memberTokens,
  saveMemberToken,
  sessionStateText,
  takeFragmentToken,
  timeElement,
} from './programme-api.js';
import { sayIn } from './status-line.js';

const ui = {
  message: byId('member-message'),
  error: byId('member-error'),
  retryRow: byId('member-retry-row'),
  retry: byId('member-retry'),
  enrolView: byId('enrol-view'),
  enrolForm: byId('enrol-form'),
  enrolName: byId('enrol-name'),
  enrolError: byId('enrol-error'),
  enrolButton: byId('enrol-button'),
  view: byId('member-view'),
  keepLink: byId('keep-link'),
  keepLinkHost: byId('keep-link-host'),
  keepDone: byId('keep-done'),
  programme: byId('member-programme'),
  cohort: byId('member-cohort'),
  name: byId('member-name'),
  ended: byId('member-ended'),
  status: byId('member-status'),
  next: byId('next-card'),
  due: byId('due-list'),
  surfacedCard: byId('surfaced-card'),
  surfaced: byId('surfaced-list'),
  podCard: byId('pod-card'),
  podHeading: byId('pod-heading'),
  podPeers: byId('pod-peers'),
  schedule: byId('schedule'),
  calendar: byId('calendar-link'),
  earlier: byId('earlier'),
  manager: byId('manager-host'),
  ownLink: byId('own-link-host'),
  names: byId('cohort-names'),
};

// How often the page asks again while it is in sight: a session going live shows "Join now" without a reload.
const REFRESH_MS = 30_000;

/** This browser's member token for the cohort on screen, and that cohort's id once the server said it. */
let token = null;
let cohortId = null;
let view = null;
/** The manager link made on this visit (the server gives it once, at the invitation). */
let managerLink = null;
/** Per section, the data it was last drawn from: a section is drawn again only when its data changed. */
const drawn = new Map();

const say = (text) => sayIn(ui.status, text);
const auth = () => ({ member: token });

function showMessage(text) {
  setText(ui.message, text);
  show(ui.message, Boolean(text));
}

function showError(text, { retry = false } = {}) {
  setText(ui.error, text);
  show(ui.error, Boolean(text));
  show(ui.retryRow, retry);
}

// --- loading ---

async function load({ quiet = false } = {}) {
  if (!quiet) {
    showMessage(t('programme.loading'));
    showError('');
  }
  try {
    const me = await api('GET', '/api/me', { auth: auth() });
    showMessage('');
    showError('');
    render(me);
  } catch (error) {
    if (quiet && error.status !== 404) return; // a background refresh that failed: the page shown stays
    showMessage('');
    if (error instanceof ApiError && error.status === 404) {
      // The token opens nothing: the member was removed or the cohort deleted. Forget it here.
      if (cohortId) dropMemberToken(cohortId);
      else for (const [id, stored] of Object.entries(memberTokens())) if (stored === token) dropMemberToken(id);
      show(ui.view, false);
      showError(t('programme.member.gone'));
    } else {
      showError(apiErrorText(error), { retry: true });
    }
  }
}

ui.retry.addEventListener('click', () => load());

// --- drawing ---

/** Draws `section` with `draw(data)` when `data` differs from what it was last drawn from. */
function once(section, data, draw) {
  const key = JSON.stringify(data ?? null);
  if (drawn.get(section) === key) return;
  drawn.set(section, key);
  draw(data);
}

function render(me) {
  view = me;
  cohortId = me.cohort?.id ?? cohortId;
  if (cohortId) saveMemberToken(cohortId, token);
  document.title = t('programme.member.documentTitle', { title: me.cohort?.title ?? '' });
  setText(ui.programme, me.cohort?.programme?.title ?? '');
  setText(ui.cohort, me.cohort?.title ?? '');
  setText(ui.name, me.me?.name ?? '');
  show(ui.ended, Boolean(me.cohort?.ended));
  show(ui.view, true);
  once('next', [me.schedule, me.cohort?.ended], () => renderNext(me));
  once('due', [me.due, me.tasks, me.refreshers], () => renderDue(me));
  once('surfaced', me.surfaced, () => renderSurfaced(me));
  once('pod', me.pod, () => renderPod(me));
  once('schedule', me.schedule, () => renderSchedule(me));
  once('earlier', [me.due, me.tasks], () => renderEarlier(me));
  once('manager', [me.manager, managerLink], () => renderManager(me));
  once('names', me.names, () => setChildren(ui.names, (me.names ?? []).map((name) => el('li', {}, el('bdi', {}, name)))));
  once('link', token, () => setChildren(ui.ownLink, copyableLink(absoluteLink(`/member.html#${token}`), { testid: 'own-link', label: t('programme.keep.copyLabel') }).node));
  if (me.calendar) {
    ui.calendar.href = me.calendar;
    ui.calendar.setAttribute('download', 'huddle-programme.ics');
    show(ui.calendar, true);
  }
}

/** Where a live session of this cohort is joined: the participant page knows the member from the cohort id. */
function joinHref(code) {
  return `/?code=${encodeURIComponent(code)}&cohort=${encodeURIComponent(cohortId)}`;
}

function sessionFacts(s) {
  return [
    t('programme.sessionNumber', { n: s.session }),
    s.plannedAt ? dateTimeText(s.plannedAt) : null,
    Number.isFinite(s.durationMinutes) ? t('programme.minutes', { count: s.durationMinutes }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

function renderNext(me) {
  const schedule = me.schedule ?? [];
  const next = me.cohort?.ended ? null : schedule.find((s) => s.state === 'live') ?? schedule.find((s) => s.state === 'planned');
  show(ui.next, Boolean(next));
  if (!next) {
    setChildren(ui.next);
    return;
  }
  const live = next.state === 'live';
  const pod = next.mode === 'pod';
  const podError = el('p', { class: 'error', role: 'alert', 'data-testid': 'pod-error', hidden: true });
  const podButton =
    pod &&
    el(
      'button',
      {
        class: `button ${live && next.code ? '' : 'button-primary'}`.trim(),
        type: 'button',
        'data-testid': 'pod-start',
        onClick: (event) => startPod(next.session, event.currentTarget, podError),
      },
      t('programme.next.pod'),
    );
  setChildren(
    ui.next,
    el('p', { class: 'eyebrow' }, live ? t('programme.next.live') : t('programme.next.heading')),
    el('h2', { id: 'next-heading', class: 'prog-next-title', 'data-testid': 'next-title', dir: 'auto' }, next.title),
    el('p', { class: 'muted', 'data-testid': 'next-when' }, sessionFacts(next)),
    el('p', { class: 'hint' }, t('programme.next.zone', { zone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? '' })),
    pod && el('p', {}, t('programme.next.podHint')),
    el(
      'div',
      { class: 'button-row' },
      live && next.code && el('a', { class: 'button button-primary', href: joinHref(next.code), 'data-testid': 'join-now' }, t('programme.next.join')),
      podButton,
    ),
    !live && !pod && el('p', { class: 'hint', 'data-testid': 'next-not-live' }, t('programme.next.notLive')),
    podError,
  );
}

async function startPod(session, button, errorNode) {
  button.disabled = true;
  show(errorNode, false);
  try {
    const { code } = await api('POST', `/api/me/pod/${session}`, { auth: auth() });
    location.assign(joinHref(code));
  } catch (error) {
    setText(errorNode, apiErrorText(error));
    show(errorNode, true);
    button.disabled = false;
  }
}

// --- due: the task form and the refresher ---

/** A due task with everything `tasks` says about it (answers, anonymity, check-in). */
function fullTask(me, item) {
  const stored = (me.tasks ?? []).find((task) => task.session === item.session) ?? {};
  return { ...stored, ...item, answer: item.answer ?? stored.answer ?? null, checkin: item.checkin ?? stored.checkin ?? null };
}

/**
 * What the "Due now" section holds: what the server says is due (tasks not answered yet, refreshers open), and the
 * tasks already answered whose due date has not passed, so their answers can still be changed.
 */
function dueItems(me) {
  const due = [...(me.due ?? [])];
  const listed = new Set(due.filter((item) => item.kind === 'task').map((item) => item.session));
  if (!me.cohort?.ended) {
    for (const task of me.tasks ?? []) {
      if (task.answer && !listed.has(task.session) && Date.parse(task.dueAt) > Date.now()) due.push({ ...task, kind: 'task', overdue: false });
    }
  }
  return due.sort((a, b) => a.session - b.session || (a.kind === 'task' ? -1 : 1));
}

function renderDue(me) {
  const items = dueItems(me).map((item) => (item.kind === 'task' ? taskCard(fullTask(me, item)) : item.kind === 'refresher' ? refresherCard(me, item) : null)).filter(Boolean);
  setChildren(ui.due, items.length ? items : el('p', { class: 'muted', 'data-testid': 'due-empty' }, t('programme.due.none')));
}

function yesNoText(value) {
  return value === true ? t('programme.yes') : value === false ? t('programme.no') : '—';
}

function shareCheck(id, checked, testid) {
  return el(
    'label',
    { class: 'check prog-share' },
    el('input', { id, type: 'checkbox', checked: Boolean(checked), 'data-testid': testid }),
    el('span', {}, t('programme.task.share')),
  );
}

function taskCard(task) {
  const n = task.session;
  const asks = task.asks ?? {};
  const answer = task.answer ?? null;
  const share = answer?.share ?? {};
  const anonymous = Boolean(task.anonymous);
  const headingId = `task-${n}-heading`;
  const status = el('p', { class: 'status-message', role: 'status', 'aria-live': 'polite', 'data-testid': 'task-status' });
  const error = el('p', { class: 'error', role: 'alert', 'data-testid': 'task-error', hidden: true });
  const fields = [];

  let yesNo = null;
  if (asks.yesNo) {
    const radios = [true, false].map((value) =>
      el('input', { type: 'radio', name: `task-${n}-yesno`, id: `task-${n}-yesno-${value}`, value: String(value), checked: answer?.yesNo === value, 'data-testid': `task-yesno-${value ? 'yes' : 'no'}` }),
    );
    yesNo = { radios, share: shareCheck(`task-${n}-share-yesno`, share.yesNo, 'task-share-yesno') };
    fields.push(
      el(
        'fieldset',
        { class: 'fieldset', 'data-testid': 'task-yesno' },
        el('legend', { dir: 'auto' }, asks.yesNo),
        el(
          'div',
          { class: 'prog-yesno' },
          radios.map((radio, i) => el('label', { class: 'choice', for: radio.id }, radio, el('span', {}, i === 0 ? t('programme.yes') : t('programme.no')))),
        ),
        yesNo.share,
      ),
    );
  }

  let ratings = null;
  if (Array.isArray(asks.rating) && asks.rating.length) {
    const groups = asks.rating.map((competency, c) => {
      const radios = [1, 2, 3, 4, 5].map((v) =>
        el('input', { type: 'radio', name: `task-${n}-rating-${c}`, id: `task-${n}-rating-${c}-${v}`, value: String(v), checked: answer?.ratings?.[competency] === v, 'data-testid': 'task-rating-input' }),
      );
      const node = el(
        'fieldset',
        { class: 'prog-rating', 'data-testid': 'task-rating', 'data-competency': competency },
        el('legend', { class: 'prog-rating-legend', dir: 'auto' }, competency),
        el(
          'div',
          { class: 'scale-row' },
          radios.map((radio, i) =>
            el(
              'label',
              { class: 'scale-point', for: radio.id, 'data-testid': 'task-rating-point' },
              radio,
              el('span', { class: 'scale-value' }, String(i + 1)),
              i === 0 && el('span', { class: 'visually-hidden' }, `, ${t('programme.task.ratingLow')}`),
              i === 4 && el('span', { class: 'visually-hidden' }, `, ${t('programme.task.ratingHigh')}`),
            ),
          ),
        ),
        el('div', { class: 'scale-ends', 'aria-hidden': 'true' }, el('span', {}, t('programme.task.ratingLow')), el('span', {}, t('programme.task.ratingHigh'))),
      );
      return { competency, radios, node };
    });
    ratings = { groups, share: shareCheck(`task-${n}-share-ratings`, share.ratings, 'task-share-ratings') };
    fields.push(
      el(
        'fieldset',
        { class: 'fieldset', 'data-testid': 'task-ratings' },
        el('legend', {}, t('programme.task.rateYourself')),
        el('p', { class: 'hint' }, t('programme.task.rateHint')),
        groups.map((g) => g.node),
        ratings.share,
      ),
    );
  }

  let text = null;
  if (asks.text) {
    const id = `task-${n}-text`;
    if (anonymous && answer?.wroteReflection) {
      fields.push(
        el(
          'div',
          { class: 'prog-anon', 'data-testid': 'task-reflection-done' },
          el('p', { class: 'prog-anon-title' }, asks.text),
          el('p', {}, t('programme.task.reflectionDone')),
        ),
      );
    } else {
      const area = el('textarea', { id, class: 'input textarea', rows: '5', maxlength: '1000', 'data-testid': 'task-text', 'aria-describedby': `${id}-privacy` });
      if (!anonymous && typeof answer?.text === 'string') area.value = answer.text;
      text = { area, share: anonymous ? null : shareCheck(`task-${n}-share-text`, share.text, 'task-share-text') };
      fields.push(
        el(
          'div',
          { class: 'field' },
          el('label', { for: id, dir: 'auto' }, asks.text),
          el(
            'p',
            { id: `${id}-privacy`, class: anonymous ? 'prog-anon' : 'hint', 'data-testid': anonymous ? 'task-anonymous' : 'task-named' },
            anonymous ? t('programme.task.anonymous') : t('programme.task.named'),
          ),
          area,
          text.share,
        ),
      );
    }
  }

  const submit = el('button', { class: 'button button-primary', type: 'submit', 'data-testid': 'task-submit' }, answer ? t('programme.task.update') : t('programme.task.save'));
  const form = el('form', { class: 'form', novalidate: true, 'data-testid': 'task-form', 'aria-labelledby': headingId }, fields, error, submit, status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    const bodyShare = {};
    if (yesNo) {
      const picked = yesNo.radios.find((radio) => radio.checked);
      if (picked) body.yesNo = picked.value === 'true';
      bodyShare.yesNo = yesNo.share.querySelector('input').checked;
    }
    if (ratings) {
      const given = {};
      for (const g of ratings.groups) {
        const picked = g.radios.find((radio) => radio.checked);
        if (picked) given[g.competency] = Number(picked.value);
      }
      if (Object.keys(given).length) body.ratings = given;
      bodyShare.ratings = ratings.share.querySelector('input').checked;
    }
    if (text) {
      const value = text.area.value.trim();
      if (value) body.text = value;
      if (text.share) bodyShare.text = text.share.querySelector('input').checked;
    }
    if (body.yesNo === undefined && body.ratings === undefined && body.text === undefined && !answer) {
      setText(error, t('programme.task.nothing'));
      show(error, true);
      return;
    }
    body.share = bodyShare;
    show(error, false);
    submit.disabled = true;
    try {
      const me = await api('PUT', `/api/me/tasks/${n}`, { auth: auth(), body });
      render(me);
      say(t('programme.task.saved', { time: formatTime(Date.now()) }));
      // The card was drawn again: the person goes on from its heading, not from the top of the page.
      document.getElementById(headingId)?.focus();
    } catch (err) {
      setText(error, apiErrorText(err));
      show(error, true);
      submit.disabled = false;
    }
  });

  return el(
    'article',
    { class: 'prog-task', 'data-testid': 'due-task', 'data-session': n, 'data-done': String(Boolean(answer)) },
    el('p', { class: 'eyebrow' }, t('programme.task.eyebrow', { n })),
    el('h3', { id: headingId, class: 'prog-task-title', tabindex: '-1', dir: 'auto' }, task.title),
    el(
      'p',
      { class: task.overdue ? 'prog-overdue' : 'muted', 'data-testid': 'task-due' },
      task.overdue ? t('programme.task.overdue', { date: dateText(task.dueAt) }) : t('programme.task.dueBy', { date: dateText(task.dueAt) }),
    ),
    task.text && el('p', { class: 'prog-task-text', dir: 'auto' }, task.text),
    answer && el('p', { class: 'prog-done', 'data-testid': 'task-done' }, t('programme.task.done')),
    form,
    task.checkin && checkinBlock(task.checkin),
  );
}

function refresherCard(me, item) {
  const n = item.session;
  const stored = (me.refreshers ?? []).find((r) => r.session === n) ?? {};
  const answered = Boolean(item.answered ?? stored.answered);
  const poll = item.poll ?? stored.poll ?? null;
  const prompt = item.card ?? stored.card ?? null;
  const headingId = `refresher-${n}-heading`;
  const error = el('p', { class: 'error', role: 'alert', 'data-testid': 'refresher-error', hidden: true });
  const head = [
    el('p', { class: 'eyebrow' }, t('programme.refresher.eyebrow', { n })),
    el('h3', { id: headingId, class: 'prog-task-title', tabindex: '-1', dir: 'auto' }, poll ? poll.question : prompt),
  ];
  if (answered) {
    return el('article', { class: 'prog-task', 'data-testid': 'due-refresher', 'data-session': n, 'data-answered': 'true' }, head, el('p', { class: 'prog-done' }, t('programme.refresher.thanks')));
  }
  let read;
  let fields;
  if (poll) {
    const radios = (poll.options ?? []).map((option, i) => el('input', { type: 'radio', name: `refresher-${n}`, id: `refresher-${n}-${i}`, value: String(i), 'data-testid': 'refresher-option' }));
    fields = el(
      'fieldset',
      { class: 'poll-fieldset', 'aria-labelledby': headingId },
      el('div', { class: 'choices' }, radios.map((radio, i) => el('label', { class: 'choice', for: radio.id }, radio, el('bdi', {}, poll.options[i])))),
    );
    read = () => {
      const picked = radios.find((radio) => radio.checked);
      return picked ? { option: Number(picked.value) } : null;
    };
  } else {
    const id = `refresher-${n}-text`;
    const area = el('textarea', { id, class: 'input textarea', rows: '3', maxlength: '280', 'data-testid': 'refresher-text' });
    fields = el('div', { class: 'field' }, el('label', { for: id }, t('programme.refresher.yourAnswer')), el('p', { class: 'hint' }, t('programme.refresher.anonymous')), area);
    read = () => (area.value.trim() ? { card: area.value.trim() } : null);
  }
  const submit = el('button', { class: 'button button-primary', type: 'submit', 'data-testid': 'refresher-submit' }, t('programme.refresher.send'));
  const form = el('form', { class: 'form', novalidate: true, 'aria-labelledby': headingId }, fields, error, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = read();
    if (!body) {
      setText(error, t('programme.refresher.nothing'));
      show(error, true);
      return;
    }
    submit.disabled = true;
    try {
      render(await api('POST', `/api/me/refreshers/${n}`, { auth: auth(), body }));
      say(t('programme.refresher.sent'));
      document.getElementById(headingId)?.focus();
    } catch (err) {
      setText(error, apiErrorText(err));
      show(error, true);
      submit.disabled = false;
    }
  });
  return el('article', { class: 'prog-task', 'data-testid': 'due-refresher', 'data-session': n, 'data-answered': 'false' }, head, form);
}

// --- the rest of the page ---

function renderSurfaced(me) {
  const items = me.surfaced ?? [];
  show(ui.surfacedCard, items.length > 0);
  setChildren(
    ui.surfaced,
    items.map((s) => el('li', { class: 'prog-quote', 'data-testid': 'surfaced-item' }, el('p', { dir: 'auto', 'data-user-content': '' }, s.text), el('p', { class: 'muted' }, t('programme.afterSession', { n: s.session })))),
  );
}

function renderPod(me) {
  const pod = me.pod;
  show(ui.podCard, Boolean(pod));
  if (!pod) return;
  setText(ui.podHeading, t('programme.pod.heading', { n: pod.number }));
  const peers = pod.peers ?? [];
  setChildren(ui.podPeers, peers.length ? peers.map((name) => el('li', { 'data-testid': 'pod-peer' }, el('bdi', {}, name))) : el('li', { class: 'muted' }, t('programme.pod.alone')));
}

function renderSchedule(me) {
  setChildren(
    ui.schedule,
    (me.schedule ?? []).map((s) =>
      el(
        'li',
        { class: 'prog-schedule-item', 'data-testid': 'schedule-item', 'data-session': s.session, 'data-state': s.state },
        el('span', { class: 'agenda-num', 'aria-hidden': 'true' }, String(s.session)),
        el(
          'div',
          { class: 'prog-schedule-text' },
          el('p', { class: 'prog-schedule-title' }, el('span', { class: 'visually-hidden' }, `${t('programme.sessionNumber', { n: s.session })}: `), el('bdi', {}, s.title)),
          el(
            'p',
            { class: 'muted' },
            timeElement(s.plannedAt),
            Number.isFinite(s.durationMinutes) ? ` · ${t('programme.minutes', { count: s.durationMinutes })}` : '',
            s.mode === 'pod' ? ` · ${t('programme.podSession')}` : '',
          ),
        ),
        el(
          'span',
          { class: 'badge prog-state', 'data-status': s.state === 'live' ? 'running' : s.state, 'data-testid': 'schedule-state' },
          s.state === 'done' ? (s.attended ? t('programme.schedule.attended') : t('programme.schedule.missed')) : s.attended ? t('programme.schedule.youreIn') : sessionStateText(s.state),
        ),
      ),
    ),
  );
}

function answerList(answer, asks = {}, anonymous = false) {
  if (!answer) return el('p', { class: 'muted', 'data-testid': 'task-unanswered' }, t('programme.task.notAnswered'));
  const rows = [];
  const share = answer.share ?? {};
  const shared = (on) => el('span', { class: 'muted' }, ` · ${on ? t('programme.task.sharedYes') : t('programme.task.sharedNo')}`);
  if (asks.yesNo && answer.yesNo !== undefined && answer.yesNo !== null) rows.push([asks.yesNo, [yesNoText(answer.yesNo), shared(share.yesNo)]]);
  if (answer.ratings && Object.keys(answer.ratings).length) {
    rows.push([t('programme.task.rateYourself'), [Object.entries(answer.ratings).map(([c, v]) => `${c}: ${v}`).join(', '), shared(share.ratings)]]);
  }
  if (asks.text) {
    if (anonymous) rows.push([asks.text, answer.wroteReflection ? t('programme.task.reflectionAnonymous') : t('programme.task.notAnswered')]);
    else if (answer.text) rows.push([asks.text, [el('span', { dir: 'auto' }, answer.text), shared(share.text)]]);
  }
  return el('dl', { class: 'prog-answers', 'data-testid': 'task-answers' }, rows.map(([label, value]) => el('div', {}, el('dt', { dir: 'auto' }, label), el('dd', {}, value))));
}

function checkinBlock(checkin) {
  const ticked = checkin.ticked ?? [];
  return el(
    'div',
    { class: 'prog-checkin', 'data-testid': 'member-checkin' },
    el('p', { class: 'prog-checkin-title' }, t('programme.checkin.fromManager'), checkin.at && el('span', { class: 'muted' }, ' · ', timeElement(checkin.at, dateText))),
    ticked.length
      ? el('ul', { class: 'prog-ticks', 'data-testid': 'member-checkin-ticked' }, ticked.map((label) => el('li', { dir: 'auto' }, label)))
      : el('p', { class: 'muted' }, t('programme.checkin.noneTicked')),
    checkin.note && el('p', { class: 'prog-note', dir: 'auto', 'data-testid': 'member-checkin-note' }, checkin.note),
  );
}

function renderEarlier(me) {
  const due = new Set(dueItems(me).filter((item) => item.kind === 'task').map((item) => item.session));
  const tasks = (me.tasks ?? []).filter((task) => !due.has(task.session));
  setChildren(
    ui.earlier,
    tasks.length
      ? tasks.map((task) =>
          el(
            'article',
            { class: 'prog-task', 'data-testid': 'earlier-task', 'data-session': task.session },
            el('p', { class: 'eyebrow' }, t('programme.task.eyebrow', { n: task.session })),
            el('h3', { class: 'prog-task-title', dir: 'auto' }, task.title),
            el('p', { class: 'muted' }, t('programme.task.dueBy', { date: dateText(task.dueAt) })),
            answerList(task.answer, task.asks, task.anonymous),
            task.checkin ? checkinBlock(task.checkin) : el('p', { class: 'muted' }, t('programme.checkin.none')),
          ),
        )
      : el('p', { class: 'muted', 'data-testid': 'earlier-empty' }, t('programme.earlier.none')),
  );
}

function renderManager(me) {
  const invited = me.manager;
  const error = el('p', { class: 'error', role: 'alert', 'data-testid': 'manager-error', hidden: true });
  const nameInput = el('input', { id: 'manager-name', class: 'input', type: 'text', maxlength: '40', autocomplete: 'off', 'data-testid': 'manager-name' });
  const invite = el('button', { class: 'button button-primary', type: 'submit', 'data-testid': 'manager-invite' }, invited ? t('programme.invite.again') : t('programme.invite.button'));
  const form = el(
    'form',
    { class: 'form', novalidate: true, 'data-testid': 'manager-form' },
    el('div', { class: 'field' }, el('label', { for: 'manager-name' }, t('programme.invite.name')), nameInput),
    error,
    invite,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    invite.disabled = true;
    show(error, false);
    try {
      const name = nameInput.value.trim();
      const { managerToken } = await api('POST', '/api/me/manager', { auth: auth(), body: name ? { name } : {} });
      managerLink = absoluteLink(`/manager.html#${managerToken}`);
      await load({ quiet: true });
      drawn.delete('manager');
      renderManager(view);
      say(t('programme.invite.made'));
      document.querySelector('[data-testid="manager-link"]')?.focus();
    } catch (err) {
      setText(error, apiErrorText(err));
      show(error, true);
      invite.disabled = false;
    }
  });
  const revoke =
    invited &&
    el(
      'button',
      {
        class: 'button button-danger button-small',
        type: 'button',
        'data-testid': 'manager-revoke',
        onClick: async () => {
          const yes = await confirmDialog({
            title: t('programme.invite.revokeTitle'),
            text: t('programme.invite.revokeText'),
            confirm: t('programme.invite.revoke'),
            cancel: t('programme.cancel'),
          });
          if (!yes) return;
          try {
            await api('DELETE', '/api/me/manager', { auth: auth() });
            managerLink = null;
            await load({ quiet: true });
            drawn.delete('manager');
            renderManager(view);
            say(t('programme.invite.revoked'));
          } catch (err) {
            setText(error, apiErrorText(err));
            show(error, true);
          }
        },
      },
      t('programme.invite.revoke'),
    );
  setChildren(
    ui.manager,
    el('p', {}, t('programme.invite.lead')),
    invited && el('p', { class: 'prog-done', 'data-testid': 'manager-invited' }, invited.name ? t('programme.invite.invitedNamed', { name: invited.name }) : t('programme.invite.invited')),
    managerLink &&
      el(
        'div',
        { class: 'prog-keep', 'data-testid': 'manager-link-box' },
        el('p', {}, t('programme.invite.send')),
        copyableLink(managerLink, { testid: 'manager-link', label: t('programme.invite.copyLabel') }).node,
      ),
    invited && !managerLink && el('p', { class: 'hint' }, t('programme.invite.lost')),
    form,
    revoke,
  );
}

// --- enrolment ---

function showEnrol(code) {
  show(ui.message, false);
  show(ui.enrolView, true);
  const stored = Object.keys(memberTokens()).length > 0;
  if (stored && !document.querySelector('[data-testid="enrol-have-page"]')) {
    ui.enrolView.append(el('p', { class: 'hint', 'data-testid': 'enrol-have-page' }, t('programme.enrol.already'), ' ', el('a', { href: '/member.html' }, t('programme.enrol.openPage'))));
  }
  ui.enrolName.focus();
  ui.enrolForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = ui.enrolName.value.trim();
    ui.enrolName.removeAttribute('aria-invalid');
    if (!name) {
      setText(ui.enrolError, t('programme.enrol.noName'));
      show(ui.enrolError, true);
      ui.enrolName.setAttribute('aria-invalid', 'true');
      ui.enrolName.focus();
      return;
    }
    show(ui.enrolError, false);
    ui.enrolButton.disabled = true;
    setText(ui.enrolButton, t('programme.enrol.busy'));
    try {
      const result = await api('POST', '/api/enrol', { body: { code, name } });
      token = result.memberToken;
      cohortId = result.cohort;
      saveMemberToken(cohortId, token);
      // The enrol code has done its work: the address becomes the plain page, which finds the stored token.
      history.replaceState(null, '', '/member.html');
      show(ui.enrolView, false);
      setChildren(ui.keepLinkHost, copyableLink(absoluteLink(`/member.html#${token}`), { testid: 'personal-link', label: t('programme.keep.copyLabel') }).node);
      show(ui.keepLink, true);
      await load();
      ui.keepLink.querySelector('h2')?.setAttribute('tabindex', '-1');
      ui.keepLink.querySelector('h2')?.focus();
    } catch (error) {
      setText(ui.enrolError, apiErrorText(error, { gone: t('programme.enrol.badCode') }));
      show(ui.enrolError, true);
      if (error.status === 400) ui.enrolName.setAttribute('aria-invalid', 'true');
    } finally {
      ui.enrolButton.disabled = false;
      setText(ui.enrolButton, t('programme.enrol.button'));
    }
  });
}

ui.keepDone.addEventListener('click', () => {
  show(ui.keepLink, false);
  ui.cohort.setAttribute('tabindex', '-1');
  ui.cohort.focus();
});

// --- start ---

const params = new URLSearchParams(location.search);
const fromLink = takeFragmentToken();
const enrolCode = params.get('enrol');

if (fromLink) {
  token = fromLink;
  load();
} else if (enrolCode) {
  showEnrol(enrolCode.trim());
} else {
  const stored = memberTokens();
  const wanted = params.get('cohort') ?? lastMemberCohort();
  const id = wanted && stored[wanted] ? wanted : Object.keys(stored)[0];
  if (id) {
    cohortId = id;
    token = stored[id];
    load();
  } else {
    showMessage('');
    showError(t('programme.member.noLink'));
  }
}

// In sight again, or every while: what is due and which session is live may have changed. Not while the person types.
function refresh() {
  if (!token || !view || document.hidden) return;
  const active = document.activeElement;
  if (active && ['INPUT', 'TEXTAREA', 'SELECT'].includes(active.tagName)) return;
  load({ quiet: true });
}
document.addEventListener('visibilitychange', refresh);
setInterval(refresh, REFRESH_MS);
