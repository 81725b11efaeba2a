// The feedback fishbowl on the participant page (the `activity` topic's `fishbowl`, while the current phase is one): the
// topic; the inner circle's seats with who sits there and for how long (the empty chair marked as such); the queue;
// tapping in (where the facilitator seats people: raising a hand), taking the empty chair and tapping out; everyone's
// talk time and share of it, counted live from the server's clock; the observation form for the outer circle; and the
// observations the facilitator surfaced. Seats are numbered from 1 on the wire; the empty chair is the last one.
//
// The seat, queue, talk-time and surfaced-observation pieces are exported: the console (console-fishbowl.js) and the
// projector draw them the same way.

import { attachCounter, el, setText, show, syncList } from './dom.js';
import { requestRunner } from './status-line.js';
import { FISHBOWL_WORDED, elapsedText, errorText, observationPrivacyText, percentText, plural, seatText } from './words.js';

// The spec's limits (protocol/PROTOCOL.md "Limits"): characters per observation and observations per person.
export const OBSERVATION_MAX = 500;
export const OBSERVATIONS_PER_PERSON = 20;
// How often live times are redrawn; each redraw is computed from the server's timestamps, so a late tick never drifts.
const TICK_MS = 500;

// --- shared pieces (participant page, console, projector) ---

/** Seated time of a `talk` entry at server time `now`: the completed time plus the stretch under way, if any. */
export function liveTalkMs(entry, now) {
  const current = Number.isFinite(entry.seatedSince) ? Math.max(0, now - entry.seatedSince) : 0;
  return (Number(entry.ms) || 0) + current;
}

/** Everyone's talk time at `now` with their share of the total (`percent`, 0–100), in the server's order. */
export function talkShares(talk, now) {
  const rows = (talk ?? []).map((entry) => ({ ...entry, liveMs: liveTalkMs(entry, now) }));
  const total = rows.reduce((sum, row) => sum + row.liveMs, 0);
  return rows.map((row) => ({ ...row, percent: total > 0 ? (row.liveMs / total) * 100 : 0 }));
}

/** True while some time on screen is counting: somebody sits in the fishbowl. */
export function fishbowlIsLive(fishbowl) {
  return Boolean(fishbowl?.seats?.some((s) => s.participantId && Number.isFinite(s.since)) || fishbowl?.talk?.some((t) => Number.isFinite(t.seatedSince)));
}

/** Calls `render` every TICK_MS while switched on; switching off stops it. */
export class Ticker {
  #render;
  #interval = null;

  constructor(render) {
    this.#render = render;
  }

  set(on) {
    if (on) this.#interval ??= setInterval(this.#render, TICK_MS);
    else if (this.#interval !== null) {
      clearInterval(this.#interval);
      this.#interval = null;
    }
  }
}

/**
 * Draws the seats into `list` (a <ul>): each seat's name, who sits there or "free", "(you)" for `myId`, and for how long.
 * `action` ({create(seat) → Node, update(node, seat)}) adds a control to each seat, such as the console's Unseat.
 */
export function syncSeats(list, seats, now, { myId = null, action = null } = {}) {
  syncList(
    list,
    seats ?? [],
    (s) => s.seat,
    (s) => {
      const parts = {
        label: el('span', { class: 'eyebrow', 'data-testid': 'seat-label' }),
        name: el('bdi', { class: 'member-name', 'data-testid': 'seat-name' }),
        you: el('span', { class: 'you' }, ' (you)'),
        time: el('span', { class: 'room-clock-line', 'data-testid': 'seat-time' }),
        action: action ? action.create(s) : null,
      };
      const node = el('li', { class: 'fishbowl-seat', 'data-testid': 'fishbowl-seat' }, parts.label, el('span', {}, parts.name, parts.you), parts.time, parts.action);
      node.parts = parts;
      return node;
    },
    (node, s) => {
      const p = node.parts;
      node.seat = s;
      const occupied = Boolean(s.participantId);
      node.dataset.seat = String(s.seat);
      node.dataset.emptyChair = String(Boolean(s.emptyChair));
      node.dataset.occupied = String(occupied);
      node.dataset.participantId = s.participantId ?? '';
      node.dataset.you = String(Boolean(myId) && s.participantId === myId);
      setText(p.label, seatText(s));
      setText(p.name, occupied ? s.name ?? '' : 'free');
      show(p.you, node.dataset.you === 'true');
      if (p.action) action.update(p.action, s);
    },
  );
  tickSeats(list, now);
}

/** Redraws the "seated for m:ss" of every seat in `list` (drawn by syncSeats) for server time `now`. */
export function tickSeats(list, now) {
  for (const node of list.children) {
    const s = node.seat;
    const live = Boolean(s?.participantId) && Number.isFinite(s.since);
    setText(node.parts.time, live ? `seated for ${elapsedText(now - s.since)}` : '');
    show(node.parts.time, live);
  }
}

/**
 * Draws the queue into `list` (an <ol>, in order): each name with "(you)" for `myId`. `action` as for syncSeats (the
 * console's per-person Seat button).
 */
export function syncQueue(list, queue, { myId = null, action = null } = {}) {
  syncList(
    list,
    queue ?? [],
    (q) => q.participantId,
    (q) => {
      const parts = {
        name: el('bdi', { class: 'room-member-name', 'data-testid': 'queue-name' }),
        you: el('span', { class: 'you' }, ' (you)'),
        action: action ? action.create(q) : null,
      };
      const node = el('li', { class: 'room-member', 'data-testid': 'queue-item' }, parts.name, parts.you, parts.action && el('span', { class: 'room-member-role' }, parts.action));
      node.parts = parts;
      return node;
    },
    (node, q) => {
      node.dataset.participantId = q.participantId;
      setText(node.parts.name, q.name);
      show(node.parts.you, Boolean(myId) && q.participantId === myId);
      if (node.parts.action) action.update(node.parts.action, q);
    },
  );
}

/**
 * Draws everyone's talk time into `list` (a <ul class="result-bars">) as the poll results look: the name, "m:ss · share"
 * and a bar as long as the share. `turns` adds how many times each person sat in the inner circle.
 */
export function syncTalk(list, talk, now, { myId = null, turns = false } = {}) {
  syncList(
    list,
    talkShares(talk, now),
    (t) => t.participantId,
    () => {
      const parts = {
        name: el('bdi', { class: 'result-label', 'data-testid': 'talk-name' }),
        you: el('span', { class: 'you' }, ' (you)'),
        figures: el('span', { class: 'result-figures', 'data-testid': 'talk-figures' }),
        fill: el('span', { class: 'bar-fill' }),
      };
      const node = el(
        'li',
        { class: 'result-row', 'data-testid': 'talk-row' },
        el('span', { class: 'result-line' }, el('span', {}, parts.name, parts.you), parts.figures),
        el('span', { class: 'bar', 'aria-hidden': 'true' }, parts.fill),
      );
      node.parts = parts;
      return node;
    },
    (node, t) => {
      const p = node.parts;
      node.dataset.participantId = t.participantId;
      node.dataset.ms = String(Math.floor(t.liveMs));
      node.dataset.seated = String(Number.isFinite(t.seatedSince));
      setText(p.name, t.name);
      show(p.you, Boolean(myId) && t.participantId === myId);
      const figures = [elapsedText(t.liveMs), percentText(Math.round(t.percent)), turns && plural(t.turns ?? 0, 'turn', 'turns')];
      setText(p.figures, figures.filter(Boolean).join(' · '));
      // CSSOM, not a style attribute: the page's CSP (style-src 'self') allows the one and blocks the other.
      p.fill.style.setProperty('--share', `${t.percent.toFixed(1)}%`);
    },
  );
}

/**
 * Draws the surfaced observations into `list`: each text, and its author's name when observations are named (the
 * server sends `name` only then). `itemClass` / `textClass` let the projector use its own card look.
 */
export function syncSurfaced(list, surfaced, { itemClass = 'observation', textClass = 'observation-note' } = {}) {
  syncList(
    list,
    surfaced ?? [],
    (o) => o.observationId,
    () => {
      const parts = {
        text: el('p', { class: textClass, 'data-testid': 'surfaced-text', dir: 'auto' }),
        by: el('p', { class: 'muted' }),
        name: el('bdi', { 'data-testid': 'surfaced-name' }),
      };
      parts.by.append('— ', parts.name);
      const node = el('li', { class: itemClass, 'data-testid': 'surfaced-item' }, parts.text, parts.by);
      node.parts = parts;
      return node;
    },
    (node, o) => {
      node.dataset.observationId = o.observationId;
      setText(node.parts.text, o.text);
      setText(node.parts.name, o.name ?? '');
      show(node.parts.by, Boolean(o.name));
    },
  );
}

// --- the participant's screen ---

/** Where `myId` is in `fishbowl`: {seat (the seat object, or null), queued (1-based position, or 0)}. */
function whereAmI(fishbowl, myId) {
  const seat = (myId && fishbowl.seats?.find((s) => s.participantId === myId)) || null;
  const index = myId ? (fishbowl.queue ?? []).findIndex((q) => q.participantId === myId) : -1;
  return { seat, queued: index + 1 };
}

export class FishbowlView {
  #send;
  #say;
  #run;
  #serverNow;
  #myId;
  #ui;
  #ticker;
  #renderCounter;
  #data = null;
  #phase = undefined;
  #left = null; // observationsLeft in this fishbowl: from the `me` topic, or the last observe ack if newer
  #writing = false;
  #refocus = null; // the button to put the focus on once it shows (the one pressed just went away)

  /**
   * @param {HTMLElement} host the section the fishbowl is drawn into (hidden while there is none)
   * @param {{send: Function, say: (text: string) => void, serverNow: () => number, myId: () => (string|null)}} options
   *   `myId` is this person's participantId, from the join / resume reply.
   */
  constructor(host, { send, say, serverNow, myId }) {
    this.#send = send;
    this.#say = say;
    this.#run = requestRunner(say, FISHBOWL_WORDED);
    this.#serverNow = serverNow;
    this.#myId = myId;
    const textId = 'observe-text';
    const ui = {
      host,
      place: el('h2', { id: 'fishbowl-heading', class: 'phase-title', 'data-testid': 'fishbowl-place' }),
      status: el('p', { class: 'room-status', 'data-testid': 'fishbowl-status', role: 'status', 'aria-live': 'polite' }),
      tapIn: el('button', { class: 'button button-primary', type: 'button', 'data-testid': 'fishbowl-tapin', onClick: () => this.#tapIn('inner') }),
      emptyChair: el('button', { class: 'button', type: 'button', 'data-testid': 'fishbowl-empty-chair', onClick: () => this.#tapIn('empty') }),
      tapOut: el('button', { class: 'button', type: 'button', 'data-testid': 'fishbowl-tapout', onClick: () => this.#tapOut() }),
      hint: el('p', { class: 'hint', 'data-testid': 'fishbowl-hint' }),
      topic: el('p', { class: 'room-situation', 'data-testid': 'fishbowl-topic', dir: 'auto' }),
      seats: el('ul', { class: 'fishbowl-seats', 'data-testid': 'fishbowl-seats', 'aria-label': 'Inner circle seats' }),
      queueHead: el('h3', { class: 'section-title' }),
      queue: el('ol', { class: 'room-members', 'data-testid': 'fishbowl-queue', 'aria-label': 'Queue, in order' }),
      queueEmpty: el('p', { class: 'muted', 'data-testid': 'fishbowl-queue-empty' }, 'Nobody is waiting.'),
      talk: el('ul', { class: 'result-bars', 'data-testid': 'fishbowl-talk', 'aria-label': 'Talk time in the inner circle' }),
      talkEmpty: el('p', { class: 'muted' }, 'Nobody has sat in the inner circle yet.'),
      form: el('form', { class: 'checklist-form room-part', 'data-testid': 'fishbowl-observe-form', novalidate: true }),
      prompt: el('label', { for: textId, 'data-testid': 'observe-prompt', dir: 'auto' }),
      text: el('textarea', { id: textId, class: 'input textarea', rows: 3, maxlength: OBSERVATION_MAX, 'data-testid': 'observe-text', dir: 'auto' }),
      counter: el('p', { class: 'counter', 'data-testid': 'observe-counter' }),
      privacy: el('p', { class: 'hint', id: `${textId}-privacy`, 'data-testid': 'observe-privacy' }),
      left: el('p', { class: 'hint', id: `${textId}-left`, 'data-testid': 'observe-left' }),
      submit: el('button', { class: 'button button-primary', type: 'submit', 'data-testid': 'observe-submit' }),
      surfacedCount: el('span', { class: 'count', 'data-testid': 'fishbowl-observation-count' }),
      surfaced: el('ul', { class: 'observations', 'data-testid': 'fishbowl-surfaced', 'aria-label': 'Observations shared with the room' }),
      surfacedEmpty: el('p', { class: 'muted', 'data-testid': 'fishbowl-surfaced-empty' }, 'Observations the facilitator shares with the room appear here.'),
    };
    ui.text.setAttribute('aria-describedby', `${ui.privacy.id} ${ui.left.id}`);
    this.#renderCounter = attachCounter(ui.text, ui.counter);
    ui.form.append(
      el('h3', { class: 'section-title' }, 'Your observation'),
      el('div', { class: 'field' }, ui.prompt, ui.text, ui.counter),
      ui.privacy,
      ui.left,
      el('div', { class: 'poll-actions' }, ui.submit),
    );
    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#observe();
    });
    host.replaceChildren(
      el('p', { class: 'eyebrow' }, 'Feedback fishbowl'),
      ui.place,
      ui.status,
      el('div', { class: 'button-row' }, ui.tapIn, ui.emptyChair, ui.tapOut),
      ui.hint,
      el('section', { class: 'room-part' }, el('h3', { class: 'section-title' }, 'The topic'), ui.topic),
      el('section', { class: 'room-part' }, el('h3', { class: 'section-title' }, 'The inner circle'), ui.seats),
      el('section', { class: 'room-part' }, ui.queueHead, ui.queue, ui.queueEmpty),
      ui.form,
      el('section', { class: 'room-part' }, el('h3', { class: 'section-title' }, 'From the outer circle ', ui.surfacedCount), ui.surfaced, ui.surfacedEmpty),
      el('section', { class: 'room-part' }, el('h3', { class: 'section-title' }, 'Talk time'), ui.talk, ui.talkEmpty),
    );
    host.setAttribute('aria-labelledby', ui.place.id);
    this.#ui = ui;
    this.#ticker = new Ticker(() => this.#tick());
  }

  /** Draws `activity.fishbowl`, or hides the section for null (no fishbowl now, or the session is not running). */
  update(fishbowl, me = null) {
    const ui = this.#ui;
    this.#data = fishbowl ?? null;
    show(ui.host, Boolean(fishbowl));
    if (!fishbowl) {
      this.#ticker.set(false);
      return;
    }
    if (fishbowl.phase !== this.#phase) {
      // Another fishbowl: its own allowance of observations, and a draft written for the last one does not belong here.
      if (this.#phase !== undefined) ui.text.value = '';
      this.#phase = fishbowl.phase;
      this.#left = null;
      this.#renderCounter();
    }
    // The `me` push carries the allowance too, so it survives a reload; an ack may be a moment ahead of it.
    if (Number.isFinite(me?.observationsLeft) && (this.#left === null || me.observationsLeft < this.#left)) {
      this.#left = me.observationsLeft;
    }
    const myId = this.#myId();
    const now = this.#serverNow();
    const { seat, queued } = whereAmI(fishbowl, myId);
    const byFacilitator = fishbowl.seating === 'facilitator';
    const chair = fishbowl.seats?.find((s) => s.emptyChair) ?? null;
    const freeInner = (fishbowl.seats ?? []).some((s) => !s.emptyChair && !s.participantId);

    setText(ui.place, seat ? 'You are in the inner circle' : queued ? (byFacilitator ? 'Your hand is up' : 'You are in the queue') : 'You are in the outer circle');
    ui.host.dataset.place = seat ? 'inner' : queued ? 'queue' : 'outer';
    let status;
    if (seat) {
      status = seat.emptyChair
        ? 'You took the empty chair. Make your point, then tap out so someone else can take it.'
        : `You are in ${seatText(seat).toLowerCase()}. Talk with the others in the inner circle; tap out when you are done.`;
    } else if (queued) {
      status = byFacilitator
        ? `You are number ${queued} in the queue. The facilitator seats people from it.`
        : `You are number ${queued} in the queue. You take the next seat that comes free.`;
    } else {
      status = byFacilitator
        ? 'Watch, and write down what you notice. To speak, ask to join the inner circle.'
        : 'Watch, and write down what you notice. To speak, tap in.';
    }
    setText(ui.status, status);

    show(ui.tapIn, !seat && !queued);
    setText(ui.tapIn, byFacilitator ? 'Ask to join the inner circle' : 'Tap in');
    show(ui.emptyChair, Boolean(chair) && !seat);
    const chairTaken = Boolean(chair?.participantId);
    setText(ui.emptyChair, chairTaken ? 'The empty chair is taken' : 'Take the empty chair');
    ui.emptyChair.disabled = chairTaken;
    show(ui.tapOut, Boolean(seat) || queued > 0);
    setText(ui.tapOut, seat ? 'Tap out' : byFacilitator ? 'Lower my hand' : 'Leave the queue');
    let hint = '';
    if (!seat && !queued) {
      if (byFacilitator) hint = 'The facilitator seats people: asking puts you in the queue, like raising your hand.';
      else if (!freeInner) hint = 'Every seat is taken: tapping in puts you in the queue.';
    }
    if (chair && !seat) hint = [hint, 'Anyone may take the empty chair while it is free, to make one point.'].filter(Boolean).join(' ');
    setText(ui.hint, hint);
    show(ui.hint, Boolean(hint));

    setText(ui.topic, fishbowl.topic ?? '');
    syncSeats(ui.seats, fishbowl.seats, now, { myId });

    const queue = fishbowl.queue ?? [];
    setText(ui.queueHead, `${byFacilitator ? 'Waiting to be seated' : 'Queue'} (${queue.length})`);
    syncQueue(ui.queue, queue, { myId });
    show(ui.queue, queue.length > 0);
    show(ui.queueEmpty, queue.length === 0);

    this.#renderTalk(now);

    // The observation form: for the outer circle (the queue included) only; the inner circle talks.
    show(ui.form, !seat);
    setText(ui.prompt, fishbowl.prompt || 'What did you notice?');
    setText(ui.privacy, observationPrivacyText(fishbowl.observations));
    this.#renderForm();

    const surfaced = fishbowl.surfaced ?? [];
    syncSurfaced(ui.surfaced, surfaced);
    show(ui.surfaced, surfaced.length > 0);
    show(ui.surfacedEmpty, surfaced.length === 0);
    const count = fishbowl.observationCount ?? 0;
    setText(ui.surfacedCount, count ? `${surfaced.length} shared of ${plural(count, 'observation', 'observations')}` : '');

    this.#ticker.set(fishbowlIsLive(fishbowl));
    this.#applyFocus();
  }

  #renderTalk(now) {
    const ui = this.#ui;
    const talk = this.#data?.talk ?? [];
    syncTalk(ui.talk, talk, now, { myId: this.#myId() });
    show(ui.talk, talk.length > 0);
    show(ui.talkEmpty, talk.length === 0);
  }

  #tick() {
    if (!this.#data) return;
    const now = this.#serverNow();
    tickSeats(this.#ui.seats, now);
    this.#renderTalk(now);
  }

  #renderForm() {
    const ui = this.#ui;
    const left = this.#left;
    const spent = left === 0;
    setText(
      ui.left,
      left === null
        ? `You can write up to ${plural(OBSERVATIONS_PER_PERSON, 'observation', 'observations')} in this fishbowl.`
        : spent
          ? 'You have written all the observations you can in this fishbowl.'
          : `You can write ${plural(left, 'more observation', 'more observations')}.`,
    );
    ui.text.disabled = spent;
    ui.submit.disabled = spent || this.#writing;
    setText(ui.submit, this.#writing ? 'Sending…' : 'Send my observation');
  }

  /** After a tap in or out the pressed button goes away: the focus goes to the one that replaces it, once it shows. */
  #applyFocus() {
    const button = this.#refocus && this.#ui[this.#refocus];
    if (!button || button.hidden || button.disabled) return;
    const active = document.activeElement;
    if (!active || active === document.body || active.closest('[hidden]') || active.disabled) button.focus();
    this.#refocus = null;
  }

  #tapIn(where) {
    return this.#run(`tapin:${where}`, async () => {
      const result = await this.#send('fishbowl.tapin', { seat: where });
      if (result?.seated) {
        const seat = this.#data?.seats?.find((s) => s.seat === result.seat);
        this.#say(seat?.emptyChair || (!seat && where === 'empty') ? 'You are in the empty chair.' : `You are in the inner circle, seat ${result.seat}.`);
      } else {
        const position = Number.isFinite(result?.queuePosition) ? ` number ${result.queuePosition}` : '';
        this.#say(this.#data?.seating === 'facilitator' ? `Your hand is up: you are${position} in the queue.` : `You are${position} in the queue.`);
      }
      this.#refocus = 'tapOut';
      this.#applyFocus();
    });
  }

  #tapOut() {
    const wasSeated = whereAmI(this.#data ?? {}, this.#myId()).seat !== null;
    return this.#run('tapout', async () => {
      await this.#send('fishbowl.tapout', {});
      this.#say(wasSeated ? 'You tapped out. You are back in the outer circle.' : 'You left the queue.');
      this.#refocus = 'tapIn';
      this.#applyFocus();
    });
  }

  async #observe() {
    const ui = this.#ui;
    if (this.#writing || !this.#data) return;
    const text = ui.text.value.trim();
    if (!text) {
      this.#say('Write what you noticed first.');
      ui.text.focus();
      return;
    }
    this.#writing = true;
    this.#renderForm();
    try {
      const result = await this.#send('fishbowl.observe', { text });
      ui.text.value = '';
      this.#renderCounter();
      if (Number.isFinite(result?.observationsLeft)) this.#left = result.observationsLeft;
      this.#say('Your observation is in. The facilitator may share it with the room.');
    } catch (error) {
      this.#say(errorText(error, FISHBOWL_WORDED));
    } finally {
      this.#writing = false;
      this.#renderForm();
    }
  }
}
