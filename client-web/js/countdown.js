// Renders one phase timer (the `session` topic's phase.timer): mm:ss counted down to the server's deadline, paused, almost up, time's up.
// Other server deadlines (a breakout room's step, the call-back) are drawn by the same class in the same phase shape; see
// deadlinePhase() for what differs.

import { el, setText } from './dom.js';
import { t } from './i18n.js';

// How often the digits are redrawn while running. Every redraw is computed from the deadline, so a late or skipped
// tick (a background tab) never makes the countdown drift.
const TICK_MS = 250;
// How often the timer's accessible name may change while it runs: a screen reader should not hear every second.
const LABEL_EVERY_MS = 15_000;

/** Whole seconds left in `ms`, rounded up, so the display reaches 0:00 exactly when time is up. */
function secondsLeft(ms) {
  return Math.max(0, Math.ceil(ms / 1000));
}

/** "4:05", or "1:02:05" from an hour up. */
export function clockText(ms) {
  const total = secondsLeft(ms);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "4 minutes 5 seconds", "1 hour 2 minutes", "45 seconds". */
export function spokenDuration(ms) {
  const total = secondsLeft(ms);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [];
  if (h) parts.push(t('countdown.hours', { count: h }));
  if (m) parts.push(t('countdown.minutes', { count: m }));
  // Seconds matter only in the last few minutes; "1 hour 2 minutes 5 seconds" is noise.
  if (s && !h && m < 5) parts.push(t('countdown.seconds', { count: s }));
  return parts.length ? parts.join(' ') : t('countdown.seconds', { count: 0 });
}

// When a deadline without a server-side `endingSoon` counts as almost up: the server's rule for phase timers (a fifth of
// the duration, at least 10 s, at most a minute; server/core/limits.hpp), so a room's step warns like a phase does.
const WARNING_SHARE = 0.2;
const WARNING_MIN_MS = 10_000;
const WARNING_MAX_MS = 60_000;

/** How long before the end a timer of `durationSeconds` turns "almost up". */
export function warningLeadMs(durationSeconds) {
  const share = (Number(durationSeconds) || 0) * 1000 * WARNING_SHARE;
  return Math.min(WARNING_MAX_MS, Math.max(WARNING_MIN_MS, share));
}

/**
 * A bare server deadline in the phase shape Countdown.update() takes. `key` names what is being timed (a new key starts
 * fresh, like a new phase); `next` is what comes when time is up ("step", "round") for the "moves on" note, or null when
 * nothing moves on by itself. Without `endingSoon` the countdown works out "almost up" itself with warningLeadMs().
 */
export function deadlinePhase(key, deadline, durationSeconds, next = null) {
  if (!Number.isFinite(deadline)) return null;
  return {
    index: key,
    startedAt: 0,
    timer: { durationSeconds, deadline, remainingMs: null, paused: false, timeUp: false },
    autoAdvance: Boolean(next),
    next,
  };
}

/** What of a timer changes when the facilitator pauses, resumes or adds time (not on every push of the session). */
function timerShape(t) {
  return `${t.durationSeconds}/${t.deadline}/${t.remainingMs}`;
}

// The words beside the digits, per state (countdown.running, .ending, .paused, .up).
const statusWords = (state) => t(`countdown.${state}`);

// What moves on by itself ("phase", "step", "round"): each has its own sentences, so languages can inflect them.
const NEXT_KINDS = new Set(['phase', 'step', 'round']);
const nextKind = (next) => (NEXT_KINDS.has(next) ? next : 'phase');

/**
 * One countdown, drawn into `host` (an empty element the page owns; hidden while the phase has no timer).
 * `serverNow()` is the current time by the server's clock: Date.now() plus the connection's offset.
 */
export class Countdown {
  #host;
  #serverNow;
  #box;
  #time;
  #status;
  #note;
  #announcer;
  #phase = null;
  #interval = null;
  #label = { at: -Infinity, state: null };
  #announced = new Set(); // "<phase key>:soon" / ":up", so each warning is spoken once per phase

  /**
   * `testid` names this countdown's parts (`<testid>`, `<testid>-time`, …); a page with several countdowns gives each
   * its own, so the phase timer stays the page's one `countdown`.
   * @param {HTMLElement} host
   * @param {{serverNow: () => number, testid?: string}} options
   */
  constructor(host, { serverNow, testid = 'countdown' }) {
    this.#host = host;
    this.#serverNow = serverNow;
    this.#time = el('span', { class: 'countdown-time', 'data-testid': `${testid}-time`, 'aria-hidden': 'true' });
    this.#status = el('span', { class: 'countdown-status', 'data-testid': `${testid}-status`, 'aria-hidden': 'true' });
    this.#box = el(
      'div',
      { class: 'countdown', role: 'timer', 'data-testid': testid },
      this.#time,
      this.#status,
    );
    this.#note = el('p', { class: 'countdown-note', 'data-testid': `${testid}-note` });
    // A polite live region of its own: only the "almost up" and "time's up" moments are announced, once each.
    this.#announcer = el('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'data-testid': `${testid}-announce` });
    host.replaceChildren(this.#box, this.#note, this.#announcer);
    host.hidden = true;
  }

  /** Shows the timer of `phase` (the `session` topic's `phase`), or hides the countdown for null / an untimed phase. */
  update(phase) {
    const timed = Boolean(phase?.timer);
    const key = timed ? `${phase.index}:${phase.startedAt}` : null;
    if (key !== this.#phaseKey()) {
      // Another phase: its name starts fresh, and nothing said about the last phase stays in the live region.
      this.#label = { at: -Infinity, state: null };
      setText(this.#announcer, '');
    } else if (timed && timerShape(phase.timer) !== timerShape(this.#phase.timer)) {
      // Time was added or taken away: say the new time now rather than up to 15 s later.
      this.#label.at = -Infinity;
    }
    this.#phase = timed ? phase : null;
    this.#host.hidden = !timed;
    this.#render();
  }

  /** Stops ticking and hides the countdown. */
  clear() {
    this.update(null);
  }

  #phaseKey() {
    return this.#phase ? `${this.#phase.index}:${this.#phase.startedAt}` : null;
  }

  /** {state, remainingMs} of the current timer right now. */
  #read() {
    const t = this.#phase.timer;
    if (t.timeUp) return { state: 'up', remainingMs: 0 };
    if (t.paused) return { state: 'paused', remainingMs: Math.max(0, t.remainingMs ?? 0) };
    const remainingMs = Number.isFinite(t.deadline) ? t.deadline - this.#serverNow() : 0;
    if (remainingMs <= 0) return { state: 'up', remainingMs: 0 };
    return { state: this.#endingSoon() ? 'ending' : 'running', remainingMs };
  }

  /** The server's `endingSoon` for a phase timer; worked out here for a bare deadline (deadlinePhase) that has none. */
  #endingSoon() {
    const t = this.#phase.timer;
    if (typeof t.endingSoon === 'boolean') return t.endingSoon;
    return Number.isFinite(t.deadline) && t.deadline - this.#serverNow() <= warningLeadMs(t.durationSeconds);
  }

  #render() {
    if (!this.#phase) {
      this.#stopTicking();
      return;
    }
    const { state, remainingMs } = this.#read();
    this.#box.dataset.state = state;
    // Paused in the last stretch keeps its warning colour, so nobody forgets how little is left.
    this.#box.dataset.ending = String(this.#endingSoon() && state !== 'up');
    setText(this.#time, clockText(remainingMs));
    setText(this.#status, statusWords(state));
    this.#renderNote(state);
    this.#renderLabel(state, remainingMs);
    this.#announce(state, remainingMs);
    if (state === 'running' || state === 'ending') this.#startTicking();
    else this.#stopTicking();
  }

  #renderNote(state) {
    let note = '';
    const next = nextKind(this.#phase.next);
    if (this.#phase.autoAdvance) note = state === 'up' ? t(`countdown.movingOn.${next}`) : t('countdown.movesOn');
    setText(this.#note, note);
    this.#note.hidden = !note;
  }

  #renderLabel(state, remainingMs) {
    const now = Date.now();
    if (state === this.#label.state && now - this.#label.at < LABEL_EVERY_MS) return;
    this.#label = { at: now, state };
    const left = spokenDuration(remainingMs);
    const label = t(`countdown.label.${state}`, { left });
    this.#box.setAttribute('aria-label', label);
  }

  #announce(state, remainingMs) {
    const key = this.#phaseKey();
    if (state === 'up') {
      this.#say(`${key}:up`, this.#phase.autoAdvance ? t(`countdown.say.upMovingOn.${nextKind(this.#phase.next)}`) : t('countdown.say.up'));
    } else if (this.#endingSoon() && state !== 'paused') {
      const seconds = secondsLeft(remainingMs);
      this.#say(`${key}:soon`, seconds >= 55 ? t('countdown.say.oneMinute') : t('countdown.say.almostUp', { left: spokenDuration(remainingMs) }));
    } else if (!this.#endingSoon()) {
      // Time was added back: the next "almost up" deserves its own announcement.
      this.#announced.delete(`${key}:soon`);
      this.#announced.delete(`${key}:up`);
    }
  }

  #say(id, words) {
    if (this.#announced.has(id)) return;
    this.#announced.add(id);
    setText(this.#announcer, words);
  }

  #startTicking() {
    this.#interval ??= setInterval(() => this.#render(), TICK_MS);
  }

  #stopTicking() {
    if (this.#interval === null) return;
    clearInterval(this.#interval);
    this.#interval = null;
  }
}
