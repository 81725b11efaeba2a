// Facilitator console: pick a scenario, create the session, share the code and run the phases; survives reloads via facilitator.attach.

import './page-language.js';
import { bindAnnounceForm } from './announce-form.js';
import { Connection, Status } from './connection.js';
import { ConsoleBoard } from './console-board.js';
import { ConsoleBreakouts } from './console-breakouts.js';
import { ConsoleCohort } from './console-cohort.js';
import { ConsoleFishbowl } from './console-fishbowl.js';
import { ConsolePoll } from './console-poll.js';
import { mountProjectorShare } from './console-projector.js';
import { Countdown } from './countdown.js';
import { markScenarioLanguage, showPhaseText } from './scenario-text.js';
import { byId, el, setChildren, setText, show } from './dom.js';
import { dropFacilitatorKey, loadFacilitatorKey, saveFacilitatorKey } from './facilitator-key.js';
import { bindQuickPoll } from './quick-poll.js';
import { bindStatusLine, sayIn } from './status-line.js';
import { activityText, errorText, joinLink, presenceText } from './words.js';
import { t } from './i18n.js';
import { HelpAlert } from './console-help-alert.js';
import { bindShortcuts } from './console-shortcuts.js';

const ui = {
  status: byId('connection-status'),
  setupView: byId('setup-view'),
  setupNotice: byId('setup-notice'),
  setupError: byId('setup-error'),
  scenarioList: byId('scenario-list'),
  retryScenarios: byId('retry-scenarios'),
  consoleView: byId('console-view'),
  code: byId('code-display'),
  joinLink: byId('join-link'),
  copyLink: byId('copy-link'),
  copyStatus: byId('copy-status'),
  title: byId('session-title'),
  sessionStatus: byId('session-status'),
  phaseLabel: byId('phase-label'),
  phase: byId('current-phase'),
  phaseMeta: byId('phase-meta'),
  phaseText: byId('phase-text'),
  notesBox: byId('current-notes-box'),
  notes: byId('current-notes'),
  timerControls: byId('timer-controls'),
  timerToggle: byId('timer-toggle'),
  timerMinus: byId('timer-minus'),
  timerPlus: byId('timer-plus'),
  back: byId('back-button'),
  next: byId('next-button'),
  consoleError: byId('console-error'),
  agenda: byId('agenda'),
  endHint: byId('end-hint'),
  end: byId('end-button'),
  newSession: byId('new-session-button'),
  counts: byId('counts'),
  roster: byId('roster'),
  rosterEmpty: byId('roster-empty'),
  doorState: byId('door-state'),
  lock: byId('lock-button'),
  removeRecentForm: byId('remove-recent-form'),
  removeRecentMinutes: byId('remove-recent-minutes'),
};

/** The session this console runs, or null. */
let attached = null;
/** The cohort the session belongs to, when it is a cohort's session (console-cohort.js). */
const cohortPanel = new ConsoleCohort();
/** True while a phase or end request is on its way, so a double click does not skip two phases. */
let busy = false;

function forgetAttached() {
  attached = null;
  cohortPanel.attach(null);
  dropFacilitatorKey();
  conn.useCode(null);
  conn.resetTopics();
}

// --- connection ---

const conn = new Connection({ onConnect: reattach });
bindStatusLine(conn, ui.status);
const serverNow = () => Date.now() + conn.serverOffsetMs;
const countdown = new Countdown(byId('phase-timer'), { serverNow });

// The live activity: the poll on screen, the card board, breakout rooms, the fishbowl, quick polls, announcements. All
// speak through one polite status line.
const activityStatus = byId('activity-status');
const say = (text) => sayIn(activityStatus, text);
const send = (type, fields) => conn.request(type, fields);
const consolePoll = new ConsolePoll(byId('console-poll-host'), byId('poll-list-host'), { send, say });
const consoleBoard = new ConsoleBoard(byId('console-board-host'), { send, say });
const consoleBreakouts = new ConsoleBreakouts(byId('console-breakouts-host'), { send, say, serverNow });
const consoleFishbowl = new ConsoleFishbowl(byId('console-fishbowl-host'), { send, say, serverNow });
bindQuickPoll({ send, say });
const renderAnnouncement = bindAnnounceForm({ send, say });
mountProjectorShare(byId('projector-share-host'), conn);

// The tab's title: the session (or the setup page), led by the count of help requests not yet acknowledged, so a
// facilitator in another tab (the meeting tool, the slides) sees "(1) Help requested" there.
let baseTitle = document.title;
let helpPending = 0;
function renderTitle() {
  document.title = helpPending > 0 ? t('console.help.title', { count: helpPending, title: baseTitle }) : baseTitle;
}
const helpAlert = new HelpAlert({
  toasts: byId('help-toasts'),
  indicator: byId('help-indicator'),
  sound: byId('help-sound'),
  serverNow,
  onChange: (pending) => {
    helpPending = pending;
    renderTitle();
  },
});
bindShortcuts({
  next: ui.next,
  back: ui.back,
  timer: ui.timerToggle,
  dialog: byId('shortcuts-dialog'),
  opener: byId('shortcuts-button'),
  close: byId('shortcuts-close'),
});

/** Runs after every (re)connect: takes the console back with the stored facilitator key. */
async function reattach(link) {
  const current = attached;
  if (!current) return;
  try {
    await link.request('facilitator.attach', { code: current.code, facilitatorKey: current.facilitatorKey });
    if (attached === current) show(ui.consoleError, false);
  } catch (error) {
    if (error.code === 'disconnected') throw error; // the next connection tries again
    if (attached !== current) return;
    if (error.code === 'token_invalid' || error.code === 'session_not_found') {
      forgetAttached();
      showSetup({
        notice:
          error.code === 'session_not_found'
            ? t('console.notice.gone', { code: current.code })
            : t('console.notice.lost', { code: current.code }),
      });
    } else {
      showConsoleError(errorText(error));
      conn.reconnect(); // a passing failure: try again after the backoff
    }
  }
}

conn.addEventListener('state', () => {
  if (attached) renderConsole();
});
conn.addEventListener('reset', () => {
  if (attached) renderConsole();
});
conn.addEventListener('status', () => {
  if (attached) renderControls(conn.topic('session'));
});
conn.addEventListener('fatal', () => {
  showConsoleError(t('console.error.outdated'));
});

// --- setup: scenarios and session.create ---

function showSetup({ notice = '' } = {}) {
  baseTitle = t('console.pageTitle');
  helpAlert.update(null);
  renderTitle();
  countdown.clear();
  consoleBreakouts.update(null);
  consoleFishbowl.update(null);
  show(ui.consoleView, false);
  show(ui.setupView, true);
  setText(ui.setupNotice, notice);
  show(ui.setupNotice, Boolean(notice));
  show(ui.setupError, false);
  loadScenarios();
}

async function loadScenarios() {
  ui.scenarioList.setAttribute('aria-busy', 'true');
  show(ui.retryScenarios, false);
  try {
    const response = await fetch('/api/scenarios', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = await response.json();
    renderScenarios(Array.isArray(body?.scenarios) ? body.scenarios : []);
  } catch (error) {
    console.error('huddle: cannot load scenarios', error);
    setChildren(ui.scenarioList);
    setText(ui.setupError, t('console.setup.loadFailed'));
    show(ui.setupError, true);
    show(ui.retryScenarios, true);
  } finally {
    ui.scenarioList.removeAttribute('aria-busy');
  }
}

function renderScenarios(scenarios) {
  if (!scenarios.length) {
    setChildren(ui.scenarioList, el('li', { class: 'muted' }, t('console.setup.none')));
    return;
  }
  setChildren(
    ui.scenarioList,
    scenarios.map((s) => {
      const titleId = `scenario-${s.id}-title`;
      const meta = [
        Number.isFinite(s.phaseCount) ? t('console.setup.phases', { count: s.phaseCount }) : null,
        Number.isFinite(s.durationMinutes) ? t('console.setup.minutes', { count: s.durationMinutes }) : null,
      ].filter(Boolean);
      return el(
        'li',
        { class: 'card scenario', 'data-testid': 'scenario-item', 'data-scenario-id': s.id },
        el('h2', { id: titleId, class: 'scenario-title' }, s.title),
        s.description && el('p', { class: 'scenario-description' }, s.description),
        meta.length > 0 && el('p', { class: 'muted scenario-meta' }, meta.join(' · ')),
        el(
          'button',
          {
            class: 'button button-primary',
            type: 'button',
            'data-testid': 'create-session',
            'aria-describedby': titleId,
            onClick: (event) => createSession(s.id, event.currentTarget),
          },
          t('console.setup.create'),
        ),
      );
    }),
  );
}

ui.retryScenarios.addEventListener('click', () => {
  show(ui.setupError, false);
  loadScenarios();
});

async function createSession(scenarioId, button) {
  const buttons = [...ui.scenarioList.querySelectorAll('button')];
  for (const b of buttons) b.disabled = true;
  setText(button, t('console.setup.creating'));
  show(ui.setupError, false);
  try {
    conn.resetTopics();
    const result = await conn.request('session.create', { scenario: scenarioId });
    attached = { code: result.code, facilitatorKey: result.facilitatorKey };
    saveFacilitatorKey(attached);
    conn.useCode(result.code);
    showConsole();
  } catch (error) {
    setText(ui.setupError, errorText(error));
    show(ui.setupError, true);
  } finally {
    for (const b of buttons) b.disabled = false;
    setText(button, t('console.setup.create'));
  }
}

// --- console ---

function showConsole() {
  show(ui.setupView, false);
  show(ui.consoleView, true);
  show(ui.consoleError, false);
  renderConsole();
  cohortPanel.attach(attached);
}

function showConsoleError(message) {
  setText(ui.consoleError, message);
  show(ui.consoleError, true);
}

function renderConsole() {
  if (!attached) return;
  const session = conn.topic('session');
  const fac = conn.topic('facilitator');
  const code = attached.code;
  setText(ui.code, code);
  const link = joinLink(code);
  ui.joinLink.href = link;
  setText(ui.joinLink, link.replace(/^https?:\/\//, ''));
  renderSession(session, fac);
  renderAgenda(session, fac);
  const people = conn.topic('roster')?.participants ?? [];
  renderRoster(people, session);
  renderDoor(session);
  renderControls(session);
  const live = conn.topic('console');
  consolePoll.update(live ?? null);
  consoleBoard.update(live?.board ?? null);
  consoleBreakouts.update(live?.breakouts ?? null, { lang: session?.language ?? null });
  helpAlert.update(session?.status === 'running' ? live?.breakouts ?? null : null);
  consoleFishbowl.update(session?.status === 'running' ? live?.fishbowl ?? null : null, people);
  renderAnnouncement(session);
}

const STATUS_KEYS = { lobby: 'console.status.lobby', running: 'console.status.running', ended: 'console.status.ended' };

function renderSession(session, fac) {
  if (!session) {
    setText(ui.title, t('console.reattaching'));
    setText(ui.sessionStatus, '');
    setText(ui.phase, '');
    setText(ui.phaseMeta, '');
    show(ui.notesBox, false);
    countdown.clear();
    return;
  }
  baseTitle = t('console.sessionTitle', { code: session.code, title: session.title });
  renderTitle();
  setText(ui.title, session.title);
  setText(ui.sessionStatus, STATUS_KEYS[session.status] ? t(STATUS_KEYS[session.status]) : session.status);
  ui.sessionStatus.dataset.status = session.status;
  const total = session.agenda?.length ?? 0;
  let notes = '';
  if (session.status === 'ended') {
    setText(ui.phaseLabel, t('console.phase.finished'));
    setText(ui.phase, t('console.phase.ended'));
    setText(ui.phaseMeta, t('console.phase.endedMeta'));
  } else if (!session.phase) {
    setText(ui.phaseLabel, t('console.status.lobby'));
    setText(ui.phase, t('console.phase.notStarted'));
    setText(ui.phaseMeta, t('console.phase.lobbyMeta', { count: total }));
  } else {
    const { index, title, activity } = session.phase;
    setText(ui.phaseLabel, t('console.now'));
    setText(ui.phase, title);
    setText(ui.phaseMeta, [t('console.phase.of', { n: index + 1, total }), activityText(activity)].filter(Boolean).join(' · '));
    notes = fac?.agenda?.[index]?.notes ?? '';
  }
  setText(ui.notes, notes);
  markScenarioLanguage(ui.notes, notes ? session.language ?? null : null);
  show(ui.notesBox, Boolean(notes));
  showPhaseText(ui.phaseText, session.status === 'running' ? session.phase : null, { lang: session.language ?? null });
  markScenarioLanguage(ui.phase, session.status === 'running' && session.phase ? session.language ?? null : null);
  countdown.update(session.status === 'running' ? session.phase : null);
}

function renderAgenda(session, fac) {
  const items = fac?.agenda ?? session?.agenda ?? [];
  const current = session?.status === 'running' && session.phase ? session.phase.index : -1;
  const ended = session?.status === 'ended';
  setChildren(
    ui.agenda,
    items.map((item, index) => {
      const isCurrent = index === current;
      return el(
        'li',
        {
          class: `agenda-item${isCurrent ? ' agenda-current' : ''}${index < current ? ' agenda-done' : ''}`,
          'data-testid': 'agenda-item',
          'data-index': index,
          'aria-current': isCurrent ? 'step' : null,
        },
        el(
          'button',
          {
            class: 'agenda-jump',
            type: 'button',
            'data-testid': 'agenda-jump',
            disabled: ended || busy || conn.status !== Status.OPEN,
            onClick: () => runPhase('phase.goto', { index }),
          },
          el('span', { class: 'agenda-num', 'aria-hidden': 'true' }, String(index + 1)),
          el(
            'span',
            { class: 'agenda-text' },
            el('span', { class: 'agenda-title', lang: session?.language ?? null }, item.title),
            el('span', { class: 'agenda-activity' }, activityText(item.activity), isCurrent ? t('console.agenda.nowMark') : ''),
          ),
        ),
        // Notes of other phases fold away so the agenda stays scannable; the current phase's notes sit in the "Now" card.
        item.notes &&
          el(
            'details',
            { class: 'agenda-more' },
            el('summary', {}, t('console.agenda.notes')),
            el('p', { class: 'agenda-notes', lang: session?.language ?? null }, item.notes),
          ),
      );
    }),
  );
}

function renderRoster(people, session) {
  const participantCount = session?.participantCount ?? people.length;
  const onlineCount = session?.onlineCount ?? people.filter((p) => p.presence === 'online').length;
  setText(ui.counts, t('console.people.counts', { joined: participantCount, online: onlineCount }));
  show(ui.rosterEmpty, people.length === 0);
  const ended = session?.status === 'ended';
  setChildren(
    ui.roster,
    people.map((p) =>
      el(
        'li',
        { class: 'person', 'data-testid': 'roster-item', 'data-presence': p.presence, 'data-participant-id': p.id },
        el('span', { class: 'avatar', 'aria-hidden': 'true' }, Array.from(String(p.name).trim())[0]?.toUpperCase() ?? '?'),
        el(
          'span',
          { class: 'person-text' },
          el('span', { class: 'person-name', 'data-testid': 'roster-name' }, p.name),
          el('span', { class: `presence presence-${p.presence}`, 'data-testid': 'roster-presence' }, presenceText(p.presence)),
        ),
        !ended &&
          el(
            'button',
            {
              class: 'button button-quiet button-small',
              type: 'button',
              'data-testid': 'remove-button',
              'aria-label': t('console.people.removeLabel', { name: p.name }),
              onClick: () => removeParticipant(p),
            },
            t('console.people.remove'),
          ),
      ),
    ),
  );
}

/** The door: locked or open, and the controls that close it and clear out a flood of joins. */
function renderDoor(session) {
  const locked = session?.locked === true;
  const ended = session?.status === 'ended';
  setText(
    ui.doorState,
    ended ? '' : locked ? t('console.door.locked') : t('console.door.open'),
  );
  ui.doorState.dataset.locked = String(locked);
  setText(ui.lock, locked ? t('console.door.unlock') : t('console.door.lock'));
  ui.lock.dataset.locked = String(locked);
  show(ui.lock, !ended);
  show(ui.removeRecentForm, !ended);
  ui.lock.disabled = conn.status !== Status.OPEN || !session;
}

function renderControls(session) {
  const open = conn.status === Status.OPEN;
  const status = session?.status;
  const total = session?.agenda?.length ?? 0;
  const index = session?.phase ? session.phase.index : -1;
  const ended = status === 'ended';
  setText(ui.next, status === 'running' ? t('console.next') : t('console.start'));
  ui.next.disabled = !open || busy || !session || ended || (status === 'running' && index >= total - 1);
  ui.back.disabled = !open || busy || !session || ended || index <= 0;
  show(ui.end, !ended);
  ui.end.disabled = !open || busy || !session;
  show(ui.newSession, ended);
  setText(ui.endHint, ended ? t('console.end.over') : t('console.end.hint'));
  for (const button of ui.agenda.querySelectorAll('button')) button.disabled = !open || busy || !session || ended;
  renderTimerControls(session, !open || busy || !session || ended);
}

/** Pause / Resume and ±1 min, shown while the current phase is timed. */
function renderTimerControls(session, off) {
  const timer = session?.status === 'running' ? session.phase?.timer : null;
  show(ui.timerControls, Boolean(timer));
  if (!timer) return;
  setText(ui.timerToggle, timer.paused ? t('console.timer.resume') : t('console.timer.pause'));
  ui.timerToggle.dataset.action = timer.paused ? 'resume' : 'pause';
  ui.timerToggle.classList.toggle('button-primary', timer.paused);
  // Once time is up there is nothing to pause or shorten; adding time starts a new stretch from now.
  ui.timerToggle.disabled = off || timer.timeUp;
  ui.timerMinus.disabled = off || timer.timeUp;
  ui.timerPlus.disabled = off;
}

async function runPhase(type, fields = {}) {
  busy = true;
  renderControls(conn.topic('session'));
  show(ui.consoleError, false);
  try {
    await conn.request(type, fields);
  } catch (error) {
    showConsoleError(errorText(error));
  } finally {
    busy = false;
    renderControls(conn.topic('session'));
  }
}

ui.next.addEventListener('click', () => runPhase('phase.next'));
ui.timerToggle.addEventListener('click', () => runPhase(ui.timerToggle.dataset.action === 'resume' ? 'phase.resume' : 'phase.pause'));
ui.timerMinus.addEventListener('click', () => runPhase('phase.extend', { seconds: -60 }));
ui.timerPlus.addEventListener('click', () => runPhase('phase.extend', { seconds: 60 }));
ui.back.addEventListener('click', () => runPhase('phase.back'));

ui.end.addEventListener('click', () => {
  if (!confirm(t('console.end.confirm'))) return;
  runPhase('session.end');
});

ui.lock.addEventListener('click', async () => {
  const locked = ui.lock.dataset.locked !== 'true';
  show(ui.consoleError, false);
  ui.lock.disabled = true;
  try {
    await conn.request('session.lock', { locked });
  } catch (error) {
    showConsoleError(errorText(error));
  } finally {
    renderDoor(conn.topic('session'));
  }
});

// "Remove everyone who joined in the last N minutes": the roster's join times say who that is, so the confirm
// names them; the server removes whoever joined since that moment (its own clock, through the hello offset).
ui.removeRecentForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const minutes = Number(ui.removeRecentMinutes.value);
  const since = Math.floor(serverNow() - minutes * 60_000);
  const recent = (conn.topic('roster')?.participants ?? []).filter((p) => p.joinedAt >= since);
  show(ui.consoleError, false);
  if (recent.length === 0) {
    showConsoleError(t('console.door.nobodyRecent', { count: minutes }));
    return;
  }
  const names = recent.slice(0, 10).map((p) => p.name).join(', ') + (recent.length > 10 ? ', …' : '');
  const question = t('console.door.removeConfirm', { count: recent.length, minutes: t('console.door.span', { count: minutes }), names });
  if (!confirm(question)) return;
  try {
    await conn.request('participant.remove.since', { since });
  } catch (error) {
    showConsoleError(errorText(error));
  }
});

async function removeParticipant(person) {
  if (!confirm(t('console.people.removeConfirm', { name: person.name }))) return;
  show(ui.consoleError, false);
  try {
    await conn.request('participant.remove', { participantId: person.id });
  } catch (error) {
    showConsoleError(errorText(error));
  }
}

// Deleting removes everything stored about the session, report included, and closes every connection to
// it (this console's too), so the console forgets the session and offers a new one.
byId('delete-button').addEventListener('click', async () => {
  if (!attached) return;
  const { code } = attached;
  if (!confirm(t('console.end.deleteConfirm', { code }))) return;
  show(ui.consoleError, false);
  try {
    await conn.request('session.delete', {});
  } catch (error) {
    showConsoleError(errorText(error));
    return;
  }
  forgetAttached();
  conn.reconnect();
  showSetup({ notice: t('console.notice.deleted', { code }) });
});

ui.newSession.addEventListener('click', () => {
  forgetAttached();
  // This connection still belongs to the ended session; a fresh one may create the next.
  conn.reconnect();
  showSetup();
});

// A named popup window, so a second click brings the same projector window back instead of opening another; if the
// browser blocks popups, the link's own target=_blank still opens it in a tab.
byId('open-projector').addEventListener('click', (event) => {
  const opened = window.open('/projector.html', 'huddle-projector', 'popup=yes,width=1280,height=800');
  if (opened) {
    event.preventDefault();
    opened.focus();
  }
});

// The report in a named tab, so a second click refreshes that tab instead of opening another. It reads the key from this
// browser's localStorage like the projector does; the address carries nothing secret.
byId('open-report').addEventListener('click', (event) => {
  const opened = window.open('/report.html', 'huddle-report');
  if (opened) {
    event.preventDefault();
    opened.focus();
  }
});

ui.copyLink.addEventListener('click', async () => {
  const link = ui.joinLink.href;
  try {
    await navigator.clipboard.writeText(link);
    setText(ui.copyStatus, t('console.join.copied'));
  } catch {
    // No clipboard (insecure origin, denied): select the link so the facilitator can copy it by hand.
    const range = document.createRange();
    range.selectNodeContents(ui.joinLink);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    setText(ui.copyStatus, t('console.join.copyByHand'));
  }
  setTimeout(() => setText(ui.copyStatus, ''), 4000);
});

// --- start ---

attached = loadFacilitatorKey();
conn.useCode(attached?.code);
if (attached) showConsole();
else showSetup();
conn.start();
