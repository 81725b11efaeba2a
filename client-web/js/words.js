// The words people read: server error codes, activity kinds and presence turned into plain language.

const ERROR_WORDS = {
  session_not_found: 'No session with that code. Check the code and try again.',
  session_ended: 'That session has ended.',
  session_full: 'That session is full.',
  session_locked: 'This session is locked: the facilitator is not letting anyone new in right now.',
  token_invalid: 'Your place in that session is no longer valid. Please join again.',
  scenario_not_found: 'That scenario no longer exists. Reload the page to see the current list.',
  forbidden: 'You are not allowed to do that.',
  not_in_session: 'You are not in a session any more.',
  phase_invalid: 'There is no such phase.',
  participant_not_found: 'That person is no longer in the session.',
  poll_not_found: 'That poll is no longer on screen.',
  poll_closed: 'This poll is closed, so answers cannot change now.',
  rate_limited: 'Too many requests at once. Wait a moment and try again.',
  quota_exceeded: 'This session has stored all it can, so nothing more can be saved. The facilitator can still end it.',
  unavailable: 'The server could not save that just now. Nothing changed; please try again.',
  disconnected: 'The connection to the server was lost. Please try again.',
};

// Codes whose server message is written for people and says more than a generic sentence would.
// quota_exceeded says which quota. phase_invalid covers "no next phase" as well as "the timer is already paused", and only the server knows which.
const SERVER_WORDED = new Set(['name_invalid', 'invalid_field', 'unavailable', 'session_full', 'session_locked', 'phase_invalid', 'quota_exceeded']);

/**
 * A sentence for a failed request: the server's own message where it is meant for people, else ours. `alsoWorded` lists
 * more codes whose message the server words for people in that request (the fishbowl's `forbidden` and `rate_limited`
 * say why and when, which our generic sentences cannot).
 */
export function errorText(error, alsoWorded = []) {
  const code = error?.code;
  if ((SERVER_WORDED.has(code) || alsoWorded.includes(code)) && error.message && error.message !== code) return error.message;
  if (code && ERROR_WORDS[code]) return ERROR_WORDS[code];
  if (error?.message && error.message !== code) return error.message;
  return 'Something went wrong. Please try again.';
}

const ACTIVITY_WORDS = {
  info: 'Briefing',
  poll: 'Poll',
  cards: 'Confusion cards',
  roleplay: 'Role-play',
  fishbowl: 'Feedback fishbowl',
};

/** The name of an activity kind as a person would say it. */
export function activityText(kind) {
  if (!kind) return '';
  return ACTIVITY_WORDS[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1);
}

/** "online" / "away" as shown next to a name. */
export function presenceText(presence) {
  return presence === 'online' ? 'online' : 'away';
}

/** Join codes are typed by people: uppercase them and drop spaces and dashes. */
export function normaliseCode(raw) {
  return String(raw ?? '').toUpperCase().replace(/[\s-]+/g, '');
}

/** A join link for `code` on this server. */
export function joinLink(code) {
  return `${location.origin}/?code=${encodeURIComponent(code)}`;
}

/** "1 vote" / "3 votes": a count with its noun. */
export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** A percentage as the server rounds it (one decimal), without a trailing ".0". */
export function percentText(percent) {
  const value = Number(percent) || 0;
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

const POLL_KIND_WORDS = {
  single: 'Pick one',
  multi: 'Pick several',
  scale: 'Rating',
  wordcloud: 'Word cloud',
  open: 'Open answers',
};

/** What kind of poll it is, in a few words. */
export function pollKindText(kind) {
  return POLL_KIND_WORDS[kind] ?? kind ?? '';
}

/** "14:05": a time the server gave, as this device's clock shows it (`offsetMs`: the server's clock minus ours). */
export function timeOfDay(serverMs, offsetMs = 0) {
  return new Date(serverMs - offsetMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** "0:07", "12:45", "1:02:05": how long something has been going on (whole seconds, rounded down). */
export function elapsedText(ms) {
  const total = Math.max(0, Math.floor((Number(ms) || 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

// --- the feedback fishbowl ---

/** "Seat 2", or "Empty chair" for the fishbowl's extra seat. Seats are numbered from 1 on the wire. */
export function seatText(seat) {
  return seat?.emptyChair ? 'Empty chair' : `Seat ${seat?.seat ?? '?'}`;
}

const SEATING_WORDS = {
  volunteer: 'People take a free seat themselves',
  facilitator: 'The facilitator seats people',
};

/** How the fishbowl's inner seats are filled, in a few words. */
export function seatingText(seating) {
  return SEATING_WORDS[seating] ?? seating ?? '';
}

/** What happens to an observation's author, said to the person about to write one. */
export function observationPrivacyText(observations) {
  return observations === 'named'
    ? 'Named: your name is shown with your observation, to the facilitator and, if they share it, to the room.'
    : 'Anonymous: your name is not shown with your observation, to anyone, the facilitator included.';
}

// Fishbowl requests whose refusals the server words for people: "the inner circle talks; observations come from the
// outer circle" (forbidden) and when the next observation may go (rate_limited).
export const FISHBOWL_WORDED = ['forbidden', 'rate_limited'];
