// Projector view: the room's big screen. It opens the session in one of two ways:
// - with a projector grant (session code + projector code): from the console's projector link (in the address's
//   #fragment, which no server or Referer ever sees, and which is taken out of the address at once) or typed into the
//   form here. That attaches with `projector.attach`, which the server lets see the public topics only and do nothing.
//   This is how the room's PC shows the session.
// - in the browser that runs the console, with the facilitator key that console keeps in localStorage (same origin).
// Either way it draws only the `session` and `activity` topics: the phase and its countdown, an info phase's text,
// results only when participants may see them (activity.poll.results is not null), the top cards, the fishbowl's seats
// and the observations the facilitator surfaced, and the facilitator's announcement. No controls. Everything is scaled
// to fit the screen (fitStage), so nothing scrolls or is cut off at 1366x768 or 1920x1080.

import './page-language.js';
import { AnnouncementBanner } from './announcement.js';
import { sortCards, waitingText } from './card-board.js';
import { Connection } from './connection.js';
import { Countdown } from './countdown.js';
import { byId, el, setText, show, syncList } from './dom.js';
import { FACILITATOR_KEY_STORAGE, loadFacilitatorKey } from './facilitator-key.js';
import { Ticker, fishbowlIsLive, syncSeats, syncSurfaced, tickSeats } from './fishbowl-view.js';
import { t } from './i18n.js';
import { ResultsView } from './poll-results.js';
import { markScenarioLanguage, showPhaseText } from './scenario-text.js';
import { bindStatusLine } from './status-line.js';
import { joinLink, normaliseCode } from './words.js';

// A wall can show about this many cards at a readable size; the rest stay on people's own screens.
const TOP_CARDS = 8;
// More bars than this go into two columns, so each stays tall enough to read from the back of the room.
const BARS_PER_COLUMN = 6;
// The smallest the stage's text may shrink to fit: a share of the projector's base size, and never below READABLE_PX
// (from the back of a room smaller text is no text). How finely the fit is searched (halvings).
const FIT_MIN = 0.3;
const READABLE_PX = 12;
const FIT_STEPS = 8;
// Where this browser keeps the projector grant it was given, so a reload of the room's screen comes back by itself.
const GRANT_STORAGE = 'huddle.projector';

const ui = {
  status: byId('connection-status'),
  phaseStep: byId('projector-phase-step'),
  phaseTitle: byId('projector-phase-title'),
  timer: byId('projector-timer'),
  host: byId('projector-host'),
  code: byId('projector-code'),
  qr: byId('projector-qr'),
  main: byId('main'),
  stage: byId('projector-stage'),
  message: byId('projector-message'),
  form: byId('projector-attach-form'),
  formCode: byId('projector-form-code'),
  formKey: byId('projector-form-key'),
  info: byId('projector-info'),
  infoText: byId('projector-info-text'),
  poll: byId('projector-poll'),
  question: byId('projector-question'),
  pollFacts: byId('projector-poll-facts'),
  results: byId('projector-results'),
  resultsNote: byId('projector-results-note'),
  more: byId('projector-more'),
  board: byId('projector-board'),
  prompt: byId('projector-prompt'),
  waiting: byId('projector-waiting'),
  cards: byId('projector-cards'),
  fishbowl: byId('projector-fishbowl'),
  topic: byId('projector-topic'),
  seats: byId('projector-seats'),
  surfaced: byId('projector-surfaced'),
  surfacedHeading: byId('projector-surfaced-heading'),
  idle: byId('projector-idle'),
  idleNote: byId('projector-idle-note'),
  idleHost: byId('projector-idle-host'),
  idleCode: byId('projector-idle-code'),
  idleQr: byId('projector-idle-qr'),
};

// --- how this screen opens the session ---

function loadGrant() {
  try {
    const stored = JSON.parse(localStorage.getItem(GRANT_STORAGE) ?? 'null');
    if (stored && typeof stored.code === 'string' && typeof stored.projectorCode === 'string') return stored;
  } catch {
    // unreadable storage is the same as none
  }
  return null;
}

function saveGrant(grant) {
  try {
    localStorage.setItem(GRANT_STORAGE, JSON.stringify(grant));
  } catch {
    // storage blocked: this screen works until it is reloaded
  }
}

function dropGrant() {
  try {
    localStorage.removeItem(GRANT_STORAGE);
  } catch {
    // nothing to drop
  }
}

/** The grant in the projector link's fragment (#session=…&projector=…), taken out of the address bar and history. */
function grantFromAddress() {
  const params = new URLSearchParams(location.hash.slice(1));
  const code = normaliseCode(params.get('session'));
  const projectorCode = params.get('projector') ?? '';
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  return code && projectorCode ? { code, projectorCode, confirmed: false } : null;
}

// --- drawing ---

const results = new ResultsView(ui.results);
// The server's clock, once connected: countdowns and the seats' "seated for" count from the server's timestamps.
let serverNow = () => Date.now();
const seatTicker = new Ticker(() => tickSeats(ui.seats, serverNow()));
const countdown = new Countdown(ui.timer, { serverNow: () => serverNow() });
let code = null;
let lastSession = null;
let lastActivity = null;

function showMessage(text) {
  setText(ui.message, text);
  show(ui.message, Boolean(text));
  scheduleFit();
}

function showCode(value) {
  code = value;
  const host = location.host;
  setText(ui.host, host);
  setText(ui.code, value ?? '');
  setText(ui.idleHost, host);
  setText(ui.idleCode, value ?? '');
  document.title = value ? t('projector.titleWithCode', { code: value }) : t('projector.pageTitle');
  for (const img of [ui.qr, ui.idleQr]) {
    if (!value) {
      img.removeAttribute('src');
      img.alt = '';
      continue;
    }
    // Drawn by the server (libqrencode) for this server's own join link; cached by the browser.
    img.src = `/api/sessions/${encodeURIComponent(value)}/qr.svg`;
    img.alt = t('projector.qrAlt', { link: joinLink(value) });
  }
}

function drawPhase(session) {
  const running = session?.status === 'running' ? session.phase : null;
  if (running) {
    const total = session.agenda?.length ?? 0;
    setText(ui.phaseStep, `${t('projector.phaseOf', { number: running.index + 1, total })} · ${t(`activity.${running.activity}`)}`);
    setText(ui.phaseTitle, running.title ?? '');
  } else if (session?.status === 'ended') {
    setText(ui.phaseStep, session.title ?? '');
    setText(ui.phaseTitle, t('projector.ended'));
  } else if (session) {
    setText(ui.phaseStep, session.title ?? '');
    setText(ui.phaseTitle, t('projector.lobby'));
  } else {
    setText(ui.phaseStep, '');
    setText(ui.phaseTitle, '');
  }
  countdown.update(running);
  showPhaseText(ui.infoText, running, { lang: session?.language ?? null });
  markScenarioLanguage(ui.phaseTitle, running ? session?.language ?? null : null);
  show(ui.info, Boolean(running?.text));
  return running;
}

function drawPoll(poll) {
  show(ui.poll, Boolean(poll));
  if (poll) {
    setText(ui.question, poll.question);
    const answers = t('projector.answers', { count: poll.voterCount ?? 0 });
    const status = poll.status === 'open' ? t('projector.votingOpen') : t('projector.votingClosed');
    setText(ui.pollFacts, t('projector.pollFacts', { answers, status }));
  }
  // Only what participants may see: `results` is null until revealed (or live), and then the projector shows nothing.
  const visible = Boolean(poll?.results);
  show(ui.results, visible);
  results.update(visible ? poll : null);
  const rows = visible ? (poll.results.options ?? poll.results.points ?? []).length : 0;
  ui.results.dataset.columns = rows > BARS_PER_COLUMN ? '2' : '1';
  setText(ui.resultsNote, poll && !visible ? t('projector.resultsLater') : '');
  show(ui.resultsNote, Boolean(poll) && !visible);
}

function drawBoard(board) {
  show(ui.board, Boolean(board));
  if (!board) return;
  setText(ui.prompt, board.prompt);
  setText(ui.waiting, board.waiting ? waitingText(board) : t('projector.cardsOnBoard', { count: board.cards?.length ?? 0 }));
  const top = sortCards(board.cards, 'votes').slice(0, TOP_CARDS);
  syncList(
    ui.cards,
    top,
    (card) => card.id,
    () =>
      el(
        'li',
        { class: 'projector-card', 'data-testid': 'projector-card' },
        el('p', { class: 'card-text', 'data-testid': 'card-text', dir: 'auto' }),
        el('p', { class: 'projector-card-meta' }),
      ),
    (node, card) => {
      const [text, meta] = node.children;
      node.dataset.cardId = card.id;
      node.dataset.pinned = String(Boolean(card.pinned));
      node.dataset.addressed = String(Boolean(card.addressed));
      setText(text, card.text);
      setText(
        meta,
        [
          card.pinned && t('projector.pinned'),
          card.addressed && t('projector.addressed'),
          board.votesEnabled !== false && t('projector.meToo', { count: card.votes ?? 0 }),
        ]
          .filter(Boolean)
          .join(' · '),
      );
    },
  );
}

function drawFishbowl(fishbowl) {
  show(ui.fishbowl, Boolean(fishbowl));
  if (fishbowl) {
    setText(ui.topic, fishbowl.topic ?? '');
    syncSeats(ui.seats, fishbowl.seats, serverNow());
    syncSurfaced(ui.surfaced, fishbowl.surfaced, { itemClass: 'projector-card', textClass: 'card-text' });
    show(ui.surfacedHeading, (fishbowl.surfaced ?? []).length > 0);
  }
  seatTicker.set(fishbowlIsLive(fishbowl));
}

function draw() {
  const phase = drawPhase(lastSession);
  const poll = lastActivity?.poll ?? null;
  const board = lastActivity?.board ?? null;
  const fishbowl = lastActivity?.fishbowl ?? null;
  drawPoll(poll);
  drawBoard(board);
  drawFishbowl(fishbowl);
  // Nothing else to show (the lobby, a role-play, an info phase without text): how to join, large, with the QR code.
  const idle = Boolean(code) && Boolean(lastSession) && !poll && !board && !fishbowl && !phase?.text;
  show(ui.idle, idle);
  show(ui.idleQr, idle && Boolean(code));
  // The big QR code is in the page only while the join panel is: the stage holds no image made by anything else.
  if (idle && !ui.idleQr.isConnected) ui.idle.append(ui.idleQr);
  else if (!idle && ui.idleQr.isConnected) ui.idleQr.remove();
  show(ui.qr, !idle && Boolean(code));
  const note = phase?.activity === 'roleplay' ? t('projector.roleplayLead') : '';
  setText(ui.idleNote, note);
  show(ui.idleNote, Boolean(note));
  scheduleFit();
}

// --- fitting the stage to the screen ---

function overflows() {
  return ui.stage.offsetHeight > ui.main.clientHeight || ui.stage.scrollWidth > ui.stage.clientWidth;
}

function fitsAt(scale) {
  ui.stage.style.setProperty('--fit', String(scale));
  return !overflows();
}

/** Shows the first `shown` open answers and says how many more there are ("and 12 more answers"). */
function showAnswers(items, shown) {
  items.forEach((node, i) => {
    node.hidden = i >= shown;
  });
  const more = Math.max(0, items.length - shown);
  ui.more.dataset.count = String(more);
  setText(ui.more, more ? t('results.moreAnswers', { count: more }) : '');
  show(ui.more, more > 0);
}

/**
 * Scales the stage's text (CSS --fit) to the largest size at which everything fits the main area: a binary search over
 * a few layouts, run after each change and on resize. Bars, cards and words are sized in em, so they scale with it.
 * When even the smallest readable size cannot hold every open answer, the wall shows as many as fit and counts the rest.
 */
function fitStage() {
  const answers = [...ui.results.querySelectorAll('[data-testid="open-text"]')];
  showAnswers(answers, answers.length);
  if (fitsAt(1)) return;
  const base = parseFloat(getComputedStyle(ui.main).fontSize) || 16;
  let low = Math.min(1, Math.max(FIT_MIN, READABLE_PX / base));
  if (!fitsAt(low) && answers.length) {
    let fitting = 0;
    let tooMany = answers.length;
    while (tooMany - fitting > 1) {
      const middle = Math.floor((fitting + tooMany) / 2);
      showAnswers(answers, middle);
      if (overflows()) tooMany = middle;
      else fitting = middle;
    }
    showAnswers(answers, fitting);
  }
  let high = 1;
  for (let i = 0; i < FIT_STEPS; i += 1) {
    const middle = (low + high) / 2;
    if (fitsAt(middle)) low = middle;
    else high = middle;
  }
  fitsAt(low);
}

let fitPending = false;
function scheduleFit() {
  if (fitPending) return;
  fitPending = true;
  requestAnimationFrame(() => {
    fitPending = false;
    fitStage();
  });
}
addEventListener('resize', scheduleFit);
document.fonts?.ready.then(scheduleFit);
for (const img of [ui.qr, ui.idleQr]) img.addEventListener('load', scheduleFit);

// --- connecting ---

let conn = null;

function showForm(message, grant = null) {
  showMessage(message);
  show(ui.form, true);
  ui.formCode.value = grant?.code ?? ui.formCode.value;
  ui.formKey.value = '';
  scheduleFit();
}

function connect(open) {
  conn?.stop();
  show(ui.form, false);
  showCode(open.code);
  lastSession = null;
  lastActivity = null;
  draw();
  conn = new Connection({
    code: open.code,
    onConnect: async (link) => {
      try {
        if (open.grant) await link.request('projector.attach', { code: open.code, projectorCode: open.grant.projectorCode });
        else await link.request('facilitator.attach', { code: open.code, facilitatorKey: open.facilitatorKey });
        if (open.grant && !open.grant.confirmed) {
          open.grant.confirmed = true;
          saveGrant(open.grant);
        }
        showMessage('');
      } catch (error) {
        if (error.code === 'disconnected') throw error;
        if (error.code === 'token_invalid' || error.code === 'session_not_found' || error.code === 'rate_limited') {
          conn.stop();
          if (!open.grant) {
            showMessage(t('projector.gone', { code: open.code }));
          } else if (error.code === 'rate_limited') {
            showForm(t('projector.tooManyTries'), open.grant);
          } else {
            // A code that worked before opens nothing now: the session ended or was deleted. A freshly typed one was wrong.
            dropGrant();
            showForm(open.grant.confirmed ? t('projector.gone', { code: open.code }) : t('projector.wrongCode'), open.grant);
          }
          showCode(null);
        } else {
          showMessage(t('projector.retrying'));
          conn.reconnect();
        }
      }
    },
  });
  const current = conn;
  bindStatusLine(current, ui.status);
  serverNow = () => Date.now() + current.serverOffsetMs;
  current.onTopic('session', (session) => {
    lastSession = session;
    announcement.update(session?.status === 'running' ? session.announcement ?? null : null);
    draw();
  });
  current.onTopic('activity', (activity) => {
    lastActivity = activity;
    draw();
  });
  current.addEventListener('reset', () => {
    lastSession = null;
    lastActivity = null;
    announcement.update(null);
    draw();
  });
  current.start();
}

// The facilitator's announcement is for the whole room, so it goes on the wall too (the `session` topic is public).
const announcement = new AnnouncementBanner(byId('announcement-host'), { serverNow: () => serverNow() });

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const typedCode = normaliseCode(ui.formCode.value);
  const projectorCode = ui.formKey.value.trim();
  if (!typedCode || !projectorCode) return;
  connect({ code: typedCode, grant: { code: typedCode, projectorCode, confirmed: false } });
});

// A link's grant wins (someone just opened it); then the console's key in this browser; then a grant kept from before.
const linked = grantFromAddress();
const key = loadFacilitatorKey();
const kept = loadGrant();
const withKey = !linked && Boolean(key);
if (linked) connect({ code: linked.code, grant: linked });
else if (withKey) connect({ code: key.code, facilitatorKey: key.facilitatorKey });
else if (kept) connect({ code: kept.code, grant: { ...kept, confirmed: true } });
else showForm(t('projector.openFromConsole'));

// The console started another session (or forgot this one) in this browser: follow it, when its key opened this screen.
addEventListener('storage', (event) => {
  if ((event.key === FACILITATOR_KEY_STORAGE || event.key === null) && withKey) location.reload();
});
