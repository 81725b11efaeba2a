// Projector view: the room's big screen. It attaches as the facilitator with the key the console keeps in this
// browser's localStorage (same origin; the key is never put in a URL) but draws only the `activity` topic, the public
// view: results appear only when participants may see them (activity.poll.results is not null), the fishbowl's seats and
// the observations the facilitator surfaced, plus the facilitator's announcement from the `session` topic, which everyone
// sees anyway. No controls.

import './page-language.js';
import { AnnouncementBanner } from './announcement.js';
import { sortCards, waitingText } from './card-board.js';
import { Connection } from './connection.js';
import { byId, el, setText, show, syncList } from './dom.js';
import { FACILITATOR_KEY_STORAGE, loadFacilitatorKey } from './facilitator-key.js';
import { Ticker, fishbowlIsLive, syncSeats, syncSurfaced, tickSeats } from './fishbowl-view.js';
import { ResultsView } from './poll-results.js';
import { bindStatusLine } from './status-line.js';
import { plural } from './words.js';

// A wall can show about this many cards at a readable size; the rest stay on people's own screens.
const TOP_CARDS = 8;

const ui = {
  status: byId('connection-status'),
  host: byId('projector-host'),
  code: byId('projector-code'),
  message: byId('projector-message'),
  poll: byId('projector-poll'),
  question: byId('projector-question'),
  pollFacts: byId('projector-poll-facts'),
  results: byId('projector-results'),
  resultsNote: byId('projector-results-note'),
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
  idleHost: byId('projector-idle-host'),
  idleCode: byId('projector-idle-code'),
};

const results = new ResultsView(ui.results);
const stored = loadFacilitatorKey();
// The server's clock, once connected: the seats' "seated for" times count from the server's timestamps.
let serverNow = () => Date.now();
const seatTicker = new Ticker(() => tickSeats(ui.seats, serverNow()));

function showMessage(text) {
  setText(ui.message, text);
  show(ui.message, Boolean(text));
}

function render(activity) {
  const poll = activity?.poll ?? null;
  const board = activity?.board ?? null;

  show(ui.poll, Boolean(poll));
  if (poll) {
    setText(ui.question, poll.question);
    setText(ui.pollFacts, `${plural(poll.voterCount ?? 0, 'answer', 'answers')} · ${poll.status === 'open' ? 'voting open' : 'voting closed'}`);
  }
  // Only what participants may see: `results` is null until revealed (or live), and then the projector shows nothing.
  const visible = Boolean(poll?.results);
  show(ui.results, visible);
  results.update(visible ? poll : null);
  setText(ui.resultsNote, poll && !visible ? 'Results will appear when the facilitator reveals them.' : '');
  show(ui.resultsNote, Boolean(poll) && !visible);

  show(ui.board, Boolean(board));
  if (board) {
    setText(ui.prompt, board.prompt);
    setText(ui.waiting, board.waiting ? waitingText(board) : `${plural(board.cards?.length ?? 0, 'card', 'cards')} on the board`);
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
          [card.pinned && 'Pinned', card.addressed && 'Addressed', board.votesEnabled !== false && plural(card.votes ?? 0, 'me too', 'me too')]
            .filter(Boolean)
            .join(' · '),
        );
      },
    );
  }

  const fishbowl = activity?.fishbowl ?? null;
  show(ui.fishbowl, Boolean(fishbowl));
  if (fishbowl) {
    setText(ui.topic, fishbowl.topic ?? '');
    syncSeats(ui.seats, fishbowl.seats, serverNow());
    syncSurfaced(ui.surfaced, fishbowl.surfaced, { itemClass: 'projector-card', textClass: 'card-text' });
    show(ui.surfacedHeading, (fishbowl.surfaced ?? []).length > 0);
  }
  seatTicker.set(fishbowlIsLive(fishbowl));

  show(ui.idle, !poll && !board && !fishbowl && Boolean(stored));
}

if (!stored) {
  document.title = 'Projector · Huddle';
  showMessage('Open the projector view from the facilitator console in this browser: it shows the session that console runs.');
} else {
  const host = location.host;
  setText(ui.host, host);
  setText(ui.code, stored.code);
  setText(ui.idleHost, host);
  setText(ui.idleCode, stored.code);
  document.title = `${stored.code} · Projector · Huddle`;

  const conn = new Connection({
    onConnect: async (link) => {
      try {
        await link.request('facilitator.attach', { code: stored.code, facilitatorKey: stored.facilitatorKey });
        showMessage('');
      } catch (error) {
        if (error.code === 'disconnected') throw error;
        if (error.code === 'token_invalid' || error.code === 'session_not_found') {
          showMessage(`Session ${stored.code} is no longer running here. Open the projector view again from the console.`);
          conn.stop();
        } else {
          showMessage('The projector could not attach to the session just now; trying again.');
          conn.reconnect();
        }
      }
    },
  });
  bindStatusLine(conn, ui.status);
  serverNow = () => Date.now() + conn.serverOffsetMs;
  conn.onTopic('activity', render);
  // The facilitator's announcement is for the whole room, so it goes on the wall too (the `session` topic is public).
  const announcement = new AnnouncementBanner(byId('announcement-host'), { serverNow: () => Date.now() + conn.serverOffsetMs });
  conn.onTopic('session', (session) => announcement.update(session?.status === 'running' ? session.announcement ?? null : null));
  conn.addEventListener('reset', () => {
    render(null);
    announcement.update(null);
  });
  render(null);
  conn.start();
}

// The console started another session (or forgot this one) in this browser: follow it.
addEventListener('storage', (event) => {
  if (event.key === FACILITATOR_KEY_STORAGE || event.key === null) location.reload();
});
