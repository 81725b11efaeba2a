// Participant page: join with a code and a name, follow the session live, and come back as the same person after a reload.

import './page-language.js';
import { AnnouncementBanner } from './announcement.js';
import { BreakoutRoom } from './breakout-room.js';
import { Connection, Status } from './connection.js';
import { Countdown } from './countdown.js';
import { markScenarioLanguage, showPhaseText } from './scenario-text.js';
import { byId, el, setChildren, setText, show } from './dom.js';
import { t } from './i18n.js';
import { ParticipantActivity } from './participant-activity.js';
import { PodPanel } from './pod-panel.js';
import { PodStart } from './pod-start.js';
import { memberTokens } from './programme-api.js';
import { bindStatusLine, requestRunner } from './status-line.js';
import { activityText, errorText, normaliseCode, presenceText } from './words.js';

const JOIN_CODE_LENGTH = 6;
const LAST_CODE_KEY = 'huddle.lastCode';
const seatKey = (code) => `huddle.seat.${code}`;
// The announcement this person dismissed in a session (its `at`), so a reload does not bring it back.
const dismissedKey = (code) => `huddle.announcementDismissed.${code}`;
// How long an announcement stays on a participant's screen at most; it also goes when the phase it was made in is over.
const ANNOUNCEMENT_LIFETIME_MS = 10 * 60_000;

// Resume failures that mean the stored seat is gone for good: forget it and offer the join form again.
const SEAT_GONE = {
  token_invalid: 'participant.seatGone.token_invalid',
  session_not_found: 'participant.seatGone.session_not_found',
  session_ended: 'participant.seatGone.session_ended',
};

const ui = {
  status: byId('connection-status'),
  joinView: byId('join-view'),
  joinForm: byId('join-form'),
  joinNotice: byId('join-notice'),
  codeInput: byId('join-code'),
  nameInput: byId('display-name'),
  joinError: byId('join-error'),
  joinButton: byId('join-button'),
  lobbyView: byId('lobby-view'),
  title: byId('session-title'),
  myName: byId('my-name'),
  phaseCard: byId('phase-card'),
  phaseLabel: byId('phase-label'),
  phase: byId('current-phase'),
  phaseMeta: byId('phase-meta'),
  phaseText: byId('phase-text'),
  roster: byId('roster'),
  rosterCount: byId('roster-count'),
  lobbyError: byId('lobby-error'),
  leaveButton: byId('leave-button'),
  rejoinButton: byId('rejoin-button'),
  podView: byId('pod-view'),
  podCodeBox: byId('pod-code-box'),
  podCode: byId('pod-code'),
  podControls: byId('pod-controls'),
  podBack: byId('pod-back'),
  podNext: byId('pod-next'),
};

/** The participant this browser is, in the session it joined: {code, token, participantId, name}, or null. */
let seat = null;

// --- stored seat (localStorage, keyed by join code; never in the URL) ---

function loadSeat(code) {
  try {
    const stored = JSON.parse(localStorage.getItem(seatKey(code)) ?? 'null');
    if (stored && typeof stored.token === 'string') return { ...stored, code };
  } catch {
    // unreadable storage is the same as no seat
  }
  return null;
}

function saveSeat(s) {
  try {
    localStorage.setItem(seatKey(s.code), JSON.stringify({ token: s.token, participantId: s.participantId, name: s.name }));
    localStorage.setItem(LAST_CODE_KEY, s.code);
  } catch {
    // storage full or blocked: the session still works, only a reload will not bring the seat back
  }
}

function dropSeat(code) {
  try {
    localStorage.removeItem(seatKey(code));
    localStorage.removeItem(dismissedKey(code));
    if (localStorage.getItem(LAST_CODE_KEY) === code) localStorage.removeItem(LAST_CODE_KEY);
  } catch {
    // nothing to drop
  }
}

function lastCode() {
  try {
    return localStorage.getItem(LAST_CODE_KEY) ?? '';
  } catch {
    return '';
  }
}

// --- connection ---

const conn = new Connection({ onConnect: resumeSeat });
bindStatusLine(conn, ui.status);
const serverNow = () => Date.now() + conn.serverOffsetMs;
const send = (type, fields) => conn.request(type, fields);
const countdown = new Countdown(byId('phase-timer'), { serverNow });
const activity = new ParticipantActivity({ send, serverNow, myId: () => seat?.participantId ?? null });
// The breakout room speaks through the activity's status line: one polite line for everything that happened.
const room = new BreakoutRoom(byId('room-card'), { send, say: (text) => activity.say(text), serverNow });
// A pod's members move the phases themselves; a refusal is said in the same status line as every other request's.
const runPodRequest = requestRunner((text) => activity.say(text));
const podPanel = new PodPanel(ui.podControls, { send, say: (text) => activity.say(text) });
const podStart = new PodStart(
  { section: ui.podView, list: byId('pod-scenarios'), error: byId('pod-error') },
  { nameInput: ui.nameInput, start: startPod },
);
const announcement = new AnnouncementBanner(byId('announcement-host'), {
  serverNow,
  dismissible: true,
  rememberKey: () => (seat ? dismissedKey(seat.code) : null),
  lifetimeMs: ANNOUNCEMENT_LIFETIME_MS,
  expireWithPhase: true,
});

/** Runs after every (re)connect: brings the stored seat back with `resume`. */
async function resumeSeat(link) {
  const current = seat;
  if (!current) return;
  try {
    const result = await link.request('resume', { code: current.code, resumeToken: current.token });
    if (seat !== current) return;
    current.participantId = result.participantId;
    current.name = result.name;
    saveSeat(current);
    show(ui.lobbyError, false);
    renderLobby();
  } catch (error) {
    if (error.code === 'disconnected') throw error; // the next connection tries again
    if (seat !== current) return;
    if (SEAT_GONE[error.code]) {
      forgetSeat();
      showJoin({ code: error.code === 'token_invalid' ? current.code : '', notice: t(SEAT_GONE[error.code]) });
    } else {
      showLobbyError(errorText(error));
      conn.reconnect(); // a passing failure (rate_limited, unavailable): try again after the backoff
    }
  }
}

conn.addEventListener('state', () => {
  if (seat) renderLobby();
});
conn.addEventListener('status', () => {
  if (seat) renderPod(conn.topic('session'));
});
conn.addEventListener('reset', () => {
  if (seat) renderLobby();
});
conn.addEventListener('fatal', () => {
  showJoin({ notice: t('participant.outOfDate') });
});

function forgetSeat() {
  if (seat) dropSeat(seat.code);
  seat = null;
  conn.useCode(null);
  conn.resetTopics();
}

// --- join form ---

function showJoin({ code = null, notice = '' } = {}) {
  document.title = t('participant.pageTitle');
  countdown.clear();
  room.update(null);
  activity.update(null, null, false); // stops the fishbowl's live clocks too
  announcement.update(null);
  show(ui.lobbyView, false);
  show(ui.joinView, true);
  podStart.reset();
  podStart.load();
  if (code !== null) ui.codeInput.value = code;
  setText(ui.joinNotice, notice);
  show(ui.joinNotice, Boolean(notice));
  show(ui.joinError, false);
  setBusy(false);
  (ui.codeInput.value ? ui.nameInput : ui.codeInput).focus();
}

function showJoinError(message, field) {
  setText(ui.joinError, message);
  show(ui.joinError, true);
  for (const input of [ui.codeInput, ui.nameInput]) input.removeAttribute('aria-invalid');
  if (field) {
    field.setAttribute('aria-invalid', 'true');
    field.focus();
  }
}

function setBusy(busy) {
  ui.joinButton.disabled = busy;
  setText(ui.joinButton, busy ? t('participant.join.busy') : t('participant.join.button'));
}

ui.codeInput.addEventListener('blur', () => {
  ui.codeInput.value = normaliseCode(ui.codeInput.value);
});

ui.joinForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const code = normaliseCode(ui.codeInput.value);
  ui.codeInput.value = code;
  const name = ui.nameInput.value.trim();
  if (code.length !== JOIN_CODE_LENGTH) {
    showJoinError(t('participant.join.badCode', { length: JOIN_CODE_LENGTH }), ui.codeInput);
    return;
  }
  if (!name) {
    showJoinError(t('participant.join.noName'), ui.nameInput);
    return;
  }
  show(ui.joinError, false);
  show(ui.joinNotice, false);
  setBusy(true);
  try {
    conn.resetTopics();
    const result = await conn.request('join', { code, name });
    takeSeat(code, result);
  } catch (error) {
    const field = error.code === 'name_invalid' ? ui.nameInput : error.code === 'session_not_found' ? ui.codeInput : null;
    // A refused join says why in the server's words: a locked door, or too many joins from this network and when to retry.
    showJoinError(errorText(error, ['rate_limited']), field);
  } finally {
    setBusy(false);
  }
});

/** After a `join` or `pod.create` ack: this browser is now that participant (stored, so a reload comes back). */
function takeSeat(code, result) {
  seat = { code, token: result.resumeToken, participantId: result.participantId, name: result.name };
  saveSeat(seat);
  conn.useCode(code);
  history.replaceState(null, '', `?code=${encodeURIComponent(code)}`);
  showLobby();
}

/** "Start a pod": creates the pod and joins it as its first member, exactly as a join would. */
async function startPod(scenario, name) {
  show(ui.joinError, false);
  show(ui.joinNotice, false);
  conn.resetTopics();
  const result = await conn.request('pod.create', { scenario, name });
  takeSeat(result.code, result);
}

// --- lobby ---

function showLobby() {
  show(ui.joinView, false);
  show(ui.podView, false);
  show(ui.lobbyView, true);
  show(ui.lobbyError, false);
  renderLobby();
}

function showLobbyError(message) {
  setText(ui.lobbyError, message);
  show(ui.lobbyError, true);
}

function renderLobby() {
  if (!seat) return;
  const session = conn.topic('session');
  const roster = conn.topic('roster');
  // The `me` topic carries no name or id on purpose (no frame links a person to their anonymous answers): who this is
  // comes from the join / resume reply. Topics are reset before every join, so `me` is always this seat's own.
  setText(ui.myName, seat.name ?? '');
  renderSession(session);
  const running = session?.status === 'running';
  announcement.update(running ? session.announcement ?? null : null, { phaseStartedAt: session?.phase?.startedAt ?? null });
  const pod = session?.mode === 'pod';
  room.update(running ? conn.topic('room') ?? null : null, { pod, lang: session?.language });
  renderPod(session);
  activity.update(conn.topic('activity'), conn.topic('me') ?? null, running, { pod });
  renderRoster(roster?.participants ?? [], roster);
}

function renderSession(session) {
  if (!session) {
    setText(ui.title, t('participant.rejoining'));
    setText(ui.phaseLabel, t('participant.phase.now'));
    setText(ui.phase, '');
    setText(ui.phaseMeta, '');
    countdown.clear();
    return;
  }
  document.title = t('participant.sessionTitle', { title: session.title });
  setText(ui.title, session.title);
  const ended = session.status === 'ended';
  ui.phaseCard.dataset.state = ended ? 'ended' : session.phase ? 'running' : 'lobby';
  show(ui.leaveButton, !ended);
  show(ui.rejoinButton, ended);
  if (ended) {
    setText(ui.phaseLabel, t('participant.phase.finished'));
    setText(ui.phase, t('participant.phase.ended'));
    setText(ui.phaseMeta, t('participant.phase.thanks'));
  } else if (!session.phase) {
    setText(ui.phaseLabel, t('participant.phase.lobby'));
    setText(ui.phase, session.mode === 'pod' ? t('participant.phase.podWaiting') : t('participant.phase.waiting'));
    const count = session.agenda?.length ?? 0;
    setText(ui.phaseMeta, count ? t('participant.phase.planned', { count }) : '');
  } else {
    const { index, title, activity } = session.phase;
    const total = session.agenda?.length ?? 0;
    setText(ui.phaseLabel, t('participant.phase.now'));
    setText(ui.phase, title);
    const parts = [total ? t('participant.phase.of', { n: index + 1, total }) : t('participant.phase.number', { n: index + 1 }), activityText(activity)];
    setText(ui.phaseMeta, parts.filter(Boolean).join(' · '));
  }
  showPhaseText(ui.phaseText, session.status === 'running' ? session.phase : null, { lang: session.language ?? null });
  markScenarioLanguage(ui.phase, session.status === 'running' && session.phase ? session.language ?? null : null);
  countdown.update(session.status === 'running' ? session.phase : null);
}

/** In a pod: its code to share, and Back / Next phase for every member (there is no facilitator to do it). */
function renderPod(session) {
  const pod = session?.mode === 'pod' && session.status !== 'ended';
  show(ui.podCodeBox, pod);
  setText(ui.podCode, pod ? seat?.code ?? session.code ?? '' : '');
  show(ui.podControls, pod);
  podPanel.update(pod ? session : null, conn.topic('activity'), conn.topic('room'));
  if (!pod) return;
  const open = conn.status === Status.OPEN;
  const running = session.status === 'running';
  const index = running && session.phase ? session.phase.index : -1;
  const total = session.agenda?.length ?? 0;
  setText(ui.podNext, running ? t('participant.pod.next') : t('participant.pod.start'));
  ui.podNext.disabled = !open || (running && index >= total - 1);
  ui.podBack.disabled = !open || index <= 0;
}

ui.podNext.addEventListener('click', () => runPodRequest('phase', () => send('phase.next', {})));
ui.podBack.addEventListener('click', async () => {
  if (await podPanel.confirmBack()) runPodRequest('phase', () => send('phase.back', {}));
});

function initial(name) {
  const first = Array.from(String(name).trim())[0] ?? '?';
  return first.toUpperCase();
}

function renderRoster(people, roster) {
  // A large session sends participants only the first names of its roster; the counts cover everyone.
  const count = Number.isFinite(roster?.count) ? roster.count : people.length;
  const online = Number.isFinite(roster?.online) ? roster.online : people.filter((p) => p.presence === 'online').length;
  setText(ui.rosterCount, count ? t('participant.roster.online', { online, count }) : '');
  const more = count - people.length;
  setChildren(
    ui.roster,
    people.map((p) => {
      const isMe = p.id === seat?.participantId;
      return el(
        'li',
        {
          class: `person${isMe ? ' person-me' : ''}`,
          'data-testid': 'roster-item',
          'data-presence': p.presence,
          'data-participant-id': p.id,
        },
        el('span', { class: 'avatar', 'aria-hidden': 'true' }, initial(p.name)),
        el('span', { class: 'person-name' }, el('span', { 'data-testid': 'roster-name' }, p.name), isMe && el('span', { class: 'you' }, ` ${t('participant.you')}`)),
        el('span', { class: `presence presence-${p.presence}`, 'data-testid': 'roster-presence' }, presenceText(p.presence)),
      );
    }),
    more > 0 && el('li', { class: 'person hint', 'data-testid': 'roster-more' }, t('participant.roster.more', { count: more })),
  );
}

ui.leaveButton.addEventListener('click', async () => {
  if (!seat) return;
  if (!confirm(t('participant.leaveConfirm'))) return;
  const code = seat.code;
  ui.leaveButton.disabled = true;
  try {
    await conn.request('leave');
  } catch (error) {
    if (!['not_in_session', 'token_invalid', 'session_not_found', 'session_ended'].includes(error.code)) {
      showLobbyError(errorText(error));
      return;
    }
  } finally {
    ui.leaveButton.disabled = false;
  }
  forgetSeat();
  history.replaceState(null, '', location.pathname);
  showJoin({ code, notice: t('participant.left') });
});

ui.rejoinButton.addEventListener('click', () => {
  // The session is over: forget it, and start a fresh connection, since this one still belongs to the ended session.
  forgetSeat();
  history.replaceState(null, '', location.pathname);
  showJoin({ code: '' });
  conn.reconnect();
});

/**
 * A programme member coming from their "what's due" page (/?code=CODE&cohort=ID): the session knows them by their
 * member token (huddle.members, see programme-api.js), so they join without typing a name, as the person they enrolled as.
 */
async function joinAsMember(code, memberToken) {
  showJoin({ code, notice: t('programme.join.joining') });
  setBusy(true);
  try {
    conn.resetTopics();
    const result = await conn.request('join', { code, member: memberToken });
    takeSeat(code, result);
  } catch (error) {
    // The name form stays as the way in: say why the link did not work.
    show(ui.joinNotice, false);
    showJoinError(errorText(error, ['rate_limited']), null);
  } finally {
    setBusy(false);
  }
}

// --- start ---

const params = new URLSearchParams(location.search);
const urlCode = normaliseCode(params.get('code'));
const urlCohort = params.get('cohort');
const memberToken = urlCode && urlCohort ? memberTokens()[urlCohort] ?? null : null;
const startCode = urlCode || lastCode();
seat = startCode ? loadSeat(startCode) : null;
conn.useCode(seat?.code);
if (seat) showLobby();
else if (!memberToken) showJoin({ code: urlCode });
conn.start();
if (!seat && memberToken) joinAsMember(urlCode, memberToken);
