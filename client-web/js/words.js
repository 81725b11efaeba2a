// The words people read: server error codes, activity kinds and presence turned into plain language, through the
// message catalogue (i18n.js; the strings are in messages/<lang>/common.js).

import { formatNumber, formatTime, t } from './i18n.js';


// Codes the catalogue words (common.js, keys 'error.<code>').
const ERROR_CODES = new Set([
  'session_not_found',
  'session_ended',
  'session_full',
  'session_locked',
  'token_invalid',
  'scenario_not_found',
  'forbidden',
  'not_in_session',
  'phase_invalid',
  'participant_not_found',
  'poll_not_found',
  'poll_closed',
  'rate_limited',
  'quota_exceeded',
  'unavailable',
  'disconnected',
]);

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
  if (code && ERROR_CODES.has(code)) return t(`error.${code}`);
  if (error?.message && error.message !== code) return error.message;
  return t('error.unknown');
}


/** The name of an activity kind as a person would say it. */
export function activityText(kind) {
  if (!kind) return '';
  const key = `activity.${kind}`;
  const text = t(key);
  return text !== key ? text : kind.charAt(0).toUpperCase() + kind.slice(1);
}

/** "online" / "away" as shown next to a name. */
export function presenceText(presence) {
  return presence === 'online' ? t('presence.online') : t('presence.away');
}

/** Join codes are typed by people: uppercase them and drop spaces and dashes. */
export function normaliseCode(raw) {
  return String(raw ?? '').toUpperCase().replace(/[\s-]+/g, '');
}

/** A join link for `code` on this server. */
export function joinLink(code) {
  return `${location.origin}/?code=${encodeURIComponent(code)}`;
}

/** A percentage as the server rounds it (one decimal), without a trailing ".0". */
export function percentText(percent) {
  return formatNumber((Number(percent) || 0) / 100, { style: 'percent', maximumFractionDigits: 1 });
}


/** What kind of poll it is, in a few words. */
export function pollKindText(kind) {
  if (!kind) return '';
  const key = `pollKind.${kind}`;
  const text = t(key);
  return text !== key ? text : kind;
}

/** "14:05": a time the server gave, as this device's clock shows it (`offsetMs`: the server's clock minus ours). */
export function timeOfDay(serverMs, offsetMs = 0) {
  return formatTime(serverMs - offsetMs);
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
  return seat?.emptyChair ? t('fishbowl.emptyChair') : t('fishbowl.seat', { n: seat?.seat ?? '?' });
}


/** How the fishbowl's inner seats are filled, in a few words. */
export function seatingText(seating) {
  if (!seating) return '';
  const key = `fishbowl.seating.${seating}`;
  const text = t(key);
  return text !== key ? text : seating;
}

/** What happens to an observation's author, said to the person about to write one. */
export function observationPrivacyText(observations) {
  return observations === 'named' ? t('fishbowl.privacy.named') : t('fishbowl.privacy.anonymous');
}

// Fishbowl requests whose refusals the server words for people: "the inner circle talks; observations come from the
// outer circle" (forbidden) and when the next observation may go (rate_limited).
export const FISHBOWL_WORDED = ['forbidden', 'rate_limited'];
