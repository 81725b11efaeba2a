// The programme pages' plumbing (protocol/PROGRAMMES.md): JSON over HTTP with the token in a header (never in a URL),
// where this browser keeps the member, manager and facilitator tokens (localStorage), a token handed over in a link's
// fragment moved out of the address bar, copy-to-clipboard, and dates in this browser's time zone.

import { el, setText } from './dom.js';
import { currentLanguage, t } from './i18n.js';

export const MEMBERS_KEY = 'huddle.members'; // {cohortId: memberToken}
export const LAST_MEMBER_KEY = 'huddle.members.last'; // the cohort id whose page a bare /member.html opens
export const MANAGERS_KEY = 'huddle.managers'; // [managerToken, ...]: a manager may have several people
export const COHORTS_KEY = 'huddle.cohorts'; // {cohortId: facilitatorKey}

// --- storage ---

function readJson(key, fallback) {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? 'null');
    return value ?? fallback;
  } catch {
    return fallback; // unreadable storage is the same as none
  }
}

function writeJson(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false; // storage full or blocked: this visit still works, only the next one will not remember
  }
}

function readMap(key) {
  const value = readJson(key, {});
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([id, token]) => id && typeof token === 'string' && token));
}

export function memberTokens() {
  return readMap(MEMBERS_KEY);
}

export function saveMemberToken(cohortId, token) {
  writeJson(MEMBERS_KEY, { ...memberTokens(), [cohortId]: token });
  try {
    localStorage.setItem(LAST_MEMBER_KEY, cohortId);
  } catch {
    // see writeJson
  }
}

export function dropMemberToken(cohortId) {
  const map = memberTokens();
  delete map[cohortId];
  writeJson(MEMBERS_KEY, map);
  try {
    if (localStorage.getItem(LAST_MEMBER_KEY) === cohortId) localStorage.removeItem(LAST_MEMBER_KEY);
  } catch {
    // nothing to drop
  }
}

export function lastMemberCohort() {
  try {
    return localStorage.getItem(LAST_MEMBER_KEY);
  } catch {
    return null;
  }
}

export function managerTokens() {
  const list = readJson(MANAGERS_KEY, []);
  return Array.isArray(list) ? [...new Set(list.filter((token) => typeof token === 'string' && token))] : [];
}

/** Adds `token` first in the manager's list (a link opened again moves its person to the top). */
export function addManagerToken(token) {
  writeJson(MANAGERS_KEY, [token, ...managerTokens().filter((other) => other !== token)]);
}

export function dropManagerToken(token) {
  writeJson(MANAGERS_KEY, managerTokens().filter((other) => other !== token));
}

export function cohortKeys() {
  return readMap(COHORTS_KEY);
}

export function saveCohortKey(cohortId, key) {
  writeJson(COHORTS_KEY, { ...cohortKeys(), [cohortId]: key });
}

export function dropCohortKey(cohortId) {
  const map = cohortKeys();
  delete map[cohortId];
  writeJson(COHORTS_KEY, map);
}

/**
 * The token a personal link carries in its fragment (/member.html#TOKEN), taken out of the address bar at once
 * (history.replaceState, so it is in no history entry, bookmark made later or screenshot), or null.
 */
export function takeFragmentToken() {
  const raw = location.hash.replace(/^#/, '');
  if (!raw) return null;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  let token = raw;
  try {
    token = decodeURIComponent(raw);
  } catch {
    // not percent-encoded: take it as it is
  }
  return /^\S{1,500}$/.test(token) ? token : null;
}

// --- HTTP ---

/** A refused or failed request: `status` (0 when the server could not be reached), the server's `code` and words. */
export class ApiError extends Error {
  constructor(status, body = {}) {
    super(typeof body.error === 'string' ? body.error : `HTTP ${status}`);
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : null;
    this.serverMessage = typeof body.error === 'string' ? body.error : '';
  }
}

/**
 * Sends a JSON request. `auth` is {member}, {manager} or {facilitator}: the token goes in its header. Resolves with the
 * parsed body ({} for an empty one); throws ApiError.
 */
export async function api(method, path, { auth = {}, body = undefined, accept = 'application/json', raw = false } = {}) {
  const headers = { Accept: accept };
  if (auth.member) headers['X-Member-Token'] = auth.member;
  if (auth.manager) headers['X-Manager-Token'] = auth.manager;
  if (auth.facilitator) headers['X-Facilitator-Key'] = auth.facilitator;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0);
  }
  if (!response.ok) {
    let parsed = {};
    try {
      parsed = await response.json();
    } catch {
      // no JSON body: the status says it
    }
    throw new ApiError(response.status, parsed ?? {});
  }
  if (raw) return response;
  const text = await response.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(response.status, { error: 'not JSON' });
  }
}

/**
 * A failed request in words. `gone` is what to say when the token or key opens nothing (404) on this page. A refusal
 * by a rule (409) and a malformed request (400) are said in the server's words, which name what is wrong.
 */
export function apiErrorText(error, { gone = t('programme.error.gone') } = {}) {
  if (!(error instanceof ApiError)) return t('error.unknown');
  if (error.status === 0) return t('programme.error.network');
  if (error.status === 404) return gone;
  if (error.status === 429) return t('programme.error.tooMany');
  if ((error.status === 409 || error.status === 400) && error.serverMessage) return error.serverMessage;
  if (error.status >= 500) return t('programme.error.server', { status: String(error.status) });
  return error.serverMessage || t('error.unknown');
}

// --- words and dates ---

/** "Tue 12 Jan, 10:30" in this browser's language and time zone (the server speaks UTC). */
export function dateTimeText(iso, { year = false } = {}) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(currentLanguage(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: year ? 'numeric' : undefined,
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/** "Tue 12 Jan" in this browser's language and time zone. */
export function dateText(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(currentLanguage(), { weekday: 'short', day: 'numeric', month: 'short' }).format(date);
}

/** A <time> element for an ISO date, drawn with `format`. */
export function timeElement(iso, format = dateTimeText, attrs = {}) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return el('span', { class: 'muted', ...attrs }, '—');
  return el('time', { datetime: date.toISOString(), ...attrs }, format(iso));
}

/** A session's state in words. */
export function sessionStateText(state) {
  const key = `programme.state.${state}`;
  const text = t(key);
  return text === key ? String(state ?? '') : text;
}

/** A mean rating in the page's language, one decimal ("3.5", "3,5"). */
export function meanText(value) {
  return Number.isFinite(value) ? new Intl.NumberFormat(currentLanguage(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value) : '—';
}

/** The absolute address of a path on this server. */
export function absoluteLink(path) {
  return `${location.origin}${path}`;
}

/**
 * "Copy" for a link shown beside it: the clipboard when the browser gives it, else the link's text selected so a
 * Ctrl+C copies it. `status` is a polite live region that says which happened.
 */
export async function copyLink(linkNode, status) {
  const text = linkNode.href || linkNode.textContent;
  try {
    await navigator.clipboard.writeText(text);
    setText(status, t('programme.copy.done'));
  } catch {
    const range = document.createRange();
    range.selectNodeContents(linkNode);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    setText(status, t('programme.copy.byHand'));
  }
  clearTimeout(copyLink.timer);
  copyLink.timer = setTimeout(() => setText(status, ''), 6000);
}

/** A link with a copy button and its status line, as one block: {node, link}. */
export function copyableLink(href, { testid, label }) {
  const link = el('a', { class: 'prog-link', href, 'data-testid': testid, target: '_blank', rel: 'noopener' }, href);
  const status = el('span', { class: 'muted prog-copy-status', role: 'status', 'aria-live': 'polite', 'data-testid': `${testid}-copy-status` });
  const button = el(
    'button',
    { class: 'button button-small', type: 'button', 'data-testid': `${testid}-copy`, 'aria-label': label, onClick: () => copyLink(link, status) },
    t('programme.copy.button'),
  );
  return { node: el('div', { class: 'prog-copy' }, link, el('div', { class: 'prog-copy-row' }, button, status)), link };
}

/** The local date and time an <input type="datetime-local"> holds, as ISO 8601 in UTC; null when empty or invalid. */
export function localInputToIso(value) {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `date` as the value of an <input type="datetime-local"> (this browser's time zone, to the minute). */
export function dateToLocalInput(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
