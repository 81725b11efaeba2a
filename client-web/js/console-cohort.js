// The cohort in the live console (issue 18). When the session this console runs is one of a cohort's sessions (the
// cohort page started it under the cohort's key, and this browser keeps that key), what happened since the last
// session comes back into the room: who did the task that led up to it, the self-ratings over the weeks, and the
// anonymous reflections released so far, which the facilitator can show to the cohort from here as from the cohort
// page. Nothing shows for a session that belongs to no cohort this browser runs.

import { byId, el, setChildren, setText, show } from './dom.js';
import { formatNumber, t } from './i18n.js';
import { api, apiErrorText, cohortKeys } from './programme-api.js';
import { ratingCharts } from './rating-chart.js';
import { reflectionsView } from './released-list.js';

const ui = {
  panel: byId('cohort-panel'),
  heading: byId('cohort-panel-heading'),
  link: byId('cohort-panel-link'),
  refresh: byId('cohort-panel-refresh'),
  status: byId('cohort-panel-status'),
  task: byId('cohort-panel-task'),
  ratings: byId('cohort-panel-ratings'),
  reflections: byId('cohort-panel-reflections'),
};

/** The cohort session `code` runs for, looked up among the cohorts this browser holds the key `key` of. */
async function findCohort(code, key) {
  for (const [id, kept] of Object.entries(cohortKeys())) {
    if (kept !== key) continue;
    try {
      const cohort = await api('GET', `/api/cohorts/${encodeURIComponent(id)}`, { auth: { facilitator: key } });
      const session = (cohort.sessions ?? []).find((s) => Object.values(s.codes ?? {}).includes(code));
      if (session) return { id, cohort, session: session.session };
    } catch {
      // a cohort deleted since, or the server away: not this one
    }
  }
  return null;
}

function names(members) {
  return members.length ? members.map((m, i) => [i > 0 ? ', ' : '', el('bdi', {}, m.name)]) : '—';
}

/** The task that led up to session `n` (the one after session n - 1): who did it and who has not. */
function taskBlock(cohort, n) {
  const before = (cohort.sessions ?? []).find((s) => s.session === n - 1);
  if (!before?.task) return el('p', { class: 'muted', 'data-testid': 'console-cohort-no-task' }, t('programme.console.noTask'));
  const members = cohort.members ?? [];
  const done = members.filter((m) => m.tasks?.[String(n - 1)] === 'done');
  const notDone = members.filter((m) => m.tasks?.[String(n - 1)] !== 'done');
  return [
    el('h3', { class: 'subhead' }, t('programme.console.taskHeading', { n: n - 1 }), ' ', el('span', { dir: 'auto' }, before.task.title)),
    el('p', { 'data-testid': 'console-cohort-task-count' }, t('programme.console.taskCount', { done: formatNumber(done.length), of: formatNumber(members.length) })),
    el(
      'dl',
      { class: 'cohort-panel-names' },
      el('dt', {}, t('programme.console.did')),
      el('dd', { 'data-testid': 'console-cohort-did' }, names(done)),
      el('dt', {}, t('programme.console.notYet')),
      el('dd', { 'data-testid': 'console-cohort-not-yet' }, names(notDone)),
    ),
  ];
}

export class ConsoleCohort {
  constructor() {
    this.found = null;  // {id, key, session}
    this.code = null;
    ui.refresh.addEventListener('click', () => this.load());
  }

  /** The console now runs `code` under `facilitatorKey` (null: no session): shows its cohort, if it has one. */
  async attach(current) {
    const code = current?.code ?? null;
    if (code === this.code) return;
    this.code = code;
    this.found = null;
    show(ui.panel, false);
    if (!code || !current.facilitatorKey) return;
    const found = await findCohort(code, current.facilitatorKey);
    if (!found || this.code !== code) return;
    this.found = { id: found.id, key: current.facilitatorKey, session: found.session };
    this.render(found.cohort);
    show(ui.panel, true);
  }

  async load() {
    const found = this.found;
    if (!found) return;
    ui.refresh.disabled = true;
    try {
      this.render(await api('GET', `/api/cohorts/${encodeURIComponent(found.id)}`, { auth: { facilitator: found.key } }));
      setText(ui.status, '');
    } catch (error) {
      setText(ui.status, apiErrorText(error));
    } finally {
      ui.refresh.disabled = false;
    }
  }

  render(cohort) {
    const n = this.found.session;
    setText(ui.heading, t('programme.console.heading', { title: cohort.title, n, of: (cohort.sessions ?? []).length }));
    ui.link.href = `/programme.html?cohort=${encodeURIComponent(this.found.id)}`;
    setChildren(ui.task, taskBlock(cohort, n));
    setChildren(ui.ratings, ratingCharts(cohort.ratings, cohort.sessions, { caption: t('programme.chart.caption'), testid: 'console-cohort-chart' }));
    setChildren(ui.reflections, reflectionsView(cohort, { testid: 'console-reflection', onSurface: (id, surfaced, button) => this.surface(id, surfaced, button) }));
  }

  async surface(id, surfaced, button) {
    const found = this.found;
    if (!found) return;
    button.disabled = true;
    try {
      await api('POST', `/api/cohorts/${encodeURIComponent(found.id)}/surface`, { auth: { facilitator: found.key }, body: { id, surfaced } });
      setText(ui.status, surfaced ? t('programme.surface.shown') : t('programme.surface.hidden'));
      await this.load();
    } catch (error) {
      setText(ui.status, apiErrorText(error));
      button.disabled = false;
    }
  }
}
