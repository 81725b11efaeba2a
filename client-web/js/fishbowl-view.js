// The feedback fishbowl on the participant page (the `activity` topic's `fishbowl`, while the current phase is one): the
// topic; the inner circle's seats with who sits there and for how long (the empty chair marked as such); the queue;
// tapping in (where the facilitator seats people: raising a hand), taking the empty chair and tapping out; everyone's
// talk time and share of it, counted live from the server's clock; the observation form for the outer circle; and the
// observations the facilitator surfaced. Seats are numbered from 1 on the wire; the empty chair is the last one.
//
// The seat, queue, talk-time and surfaced-observation pieces are exported: the console (console-fishbowl.js) and the
// projector draw them the same way.

import { attachCounter, el, setText, show, syncList } from './dom.js';
import { t } from './i18n.js';
import { requestRunner } from './status-line.js';
import { FISHBOWL_WORDED, elapsedText, errorText, observationPrivacyText, percentText, seatText } from './words.js';

// The spec's limits (protocol/PROTOCOL.md "Limits"): characters per observation and observations per person.
export const OBSERVATION_MAX = 500;
export const OBSERVATIONS_PER_PERSON = 20;
// How often live times are redrawn; each redraw is computed from the server's timestamps, so a late tick never drifts.
const TICK_MS = 500;
// The participant's list of shared observations shows the newest this many, with "Show earlier" for the rest (issue 16
// item 8: a long list would push the form and the talk time far down a phone's screen).
export const SURFACED_SHOWN = 5;
// The status-line tag of what was said about this person's place (seated, hand up, in the queue): taken back when the
// place changes to something else, e.g. the facilitator seats the person whose hand was up.
const PLACE_TAG = 'fishbowl-place';

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
        you: el('span', { class: 'you' }, ` ${t('fishbowl.you')}`),
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
      setText(p.name, occupied ? s.name ?? '' : t('fishbowl.free'));
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
    setText(node.parts.time, live ? t('fishbowl.seatedFor', { time: elapsedText(now - s.since) }) : '');
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
        you: el('span', { class: 'you' }, ` ${t('fishbowl.you')}`),
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
        you: el('span', { class: 'you' }, ` ${t('fishbowl.you')}`),
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
    (node, entry) => {
      const p = node.parts;
      node.dataset.participantId = entry.participantId;
      node.dataset.ms = String(Math.floor(entry.liveMs));
      node.dataset.seated = String(Number.isFinite(entry.seatedSince));
      setText(p.name, entry.name);
      show(p.you, Boolean(myId) && entry.participantId === myId);
      const figures = [elapsedText(entry.liveMs), percentText(Math.round(entry.percent)), turns && t('fishbowl.turns', { count: entry.turns ?? 0 })];
      setText(p.figures, figures.filter(Boolean).join(' · '));
      // CSSOM, not a style attribute: the page's CSP (style-src 'self') allows the one and blocks the other.
      p.fill.style.setProperty('--share', `${entry.percent.toFixed(1)}%`);
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

// The catalogue's prefix for the participant's fishbowl strings.
const P = 'participant.fishbowl.';

export class FishbowlView {
  #send;
  #say;
  #unsay;
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
  #allSurfaced = false; // "Show earlier" was pressed in this fishbowl
  #place = null; // 'inner' | 'queue' | 'outer' as last drawn
  #saidPlace = null; // the place the status line's sentence describes, or null
  #refocus = null; // the button to put the focus on once it shows (the one pressed just went away)

  /**
   * @param {HTMLElement} host the section the fishbowl is drawn into (hidden while there is none)
   * @param {{send: Function, say: (text: string) => void, serverNow: () => number, myId: () => (string|null)}} options
   *   `myId` is this person's participantId, from the join / resume reply.
   */
  constructor(host, { send, say, unsay = () => {}, serverNow, myId }) {
    this.#send = send;
    this.#say = say;
    this.#unsay = unsay;
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
      seats: el('ul', { class: 'fishbowl-seats', 'data-testid': 'fishbowl-seats', 'aria-label': t('participant.fishbowl.seatsLabel') }),
      queueHead: el('h3', { class: 'section-title' }),
      queue: el('ol', { class: 'room-members', 'data-testid': 'fishbowl-queue', 'aria-label': t('participant.fishbowl.queueLabel') }),
      queueEmpty: el('p', { class: 'muted', 'data-testid': 'fishbowl-queue-empty' }, t('participant.fishbowl.queueEmpty')),
      talk: el('ul', { class: 'result-bars', 'data-testid': 'fishbowl-talk', 'aria-label': t('participant.fishbowl.talkLabel') }),
      talkEmpty: el('p', { class: 'muted' }, t('participant.fishbowl.talkEmpty')),
      form: el('form', { class: 'checklist-form room-part', 'data-testid': 'fishbowl-observe-form', novalidate: true }),
      prompt: el('label', { for: textId, 'data-testid': 'observe-prompt', dir: 'auto' }),
      text: el('textarea', { id: textId, class: 'input textarea', rows: 3, maxlength: OBSERVATION_MAX, 'data-testid': 'observe-text', dir: 'auto' }),
      counter: el('p', { class: 'counter', 'data-testid': 'observe-counter' }),
      privacy: el('p', { class: 'hint', id: `${textId}-privacy`, 'data-testid': 'observe-privacy' }),
      left: el('p', { class: 'hint', id: `${textId}-left`, 'data-testid': 'observe-left' }),
      submit: el('button', { class: 'button button-primary', type: 'submit', 'data-testid': 'observe-submit' }),
      surfacedCount: el('span', { class: 'count', 'data-testid': 'fishbowl-observation-count' }),
      surfaced: el('ul', { class: 'observations', 'data-testid': 'fishbowl-surfaced', 'aria-label': t('participant.fishbowl.surfacedLabel') }),
      surfacedEmpty: el('p', { class: 'muted', 'data-testid': 'fishbowl-surfaced-empty' }, t('participant.fishbowl.surfacedEmpty')),
      surfacedMore: el('button', { class: 'button button-quiet show-more', type: 'button', 'data-testid': 'fishbowl-surfaced-more', hidden: true, onClick: () => this.#showAllSurfaced() }),
    };
    ui.text.setAttribute('aria-describedby', `${ui.privacy.id} ${ui.left.id}`);
    this.#renderCounter = attachCounter(ui.text, ui.counter);
    ui.form.append(
      el('h3', { class: 'section-title' }, t('participant.fishbowl.yourObservation')),
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
      el('p', { class: 'eyebrow' }, t('activity.fishbowl')),
      ui.place,
      ui.status,
      el('div', { class: 'button-row' }, ui.tapIn, ui.emptyChair, ui.tapOut),
      ui.hint,
      el('section', { class: 'room-part' }, el('h3', { class: 'section-title' }, t('participant.fishbowl.topic')), ui.topic),
      el('section', { class: 'room-part' }, el('h3', { class: 'section-title' }, t('participant.fishbowl.inner')), ui.seats),
      el('section', { class: 'room-part' }, ui.queueHead, ui.queue, ui.queueEmpty),
      ui.form,
      el(
        'section',
        { class: 'room-part' },
        el('h3', { class: 'section-title' }, t('participant.fishbowl.fromOuter'), ' ', ui.surfacedCount),
        ui.surfacedMore,
        ui.surfaced,
        ui.surfacedEmpty,
      ),
      el('section', { class: 'room-part' }, el('h3', { class: 'section-title' }, t('participant.fishbowl.talk')), ui.talk, ui.talkEmpty),
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
      this.#allSurfaced = false;
      this.#place = null;
      this.#saidPlace = null;
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

    setText(ui.place, t(seat ? `${P}place.inner` : queued ? (byFacilitator ? `${P}place.hand` : `${P}place.queue`) : `${P}place.outer`));
    const place = seat ? 'inner' : queued ? 'queue' : 'outer';
    ui.host.dataset.place = place;
    this.#placeChanged(place);
    let status;
    if (seat) {
      status = seat.emptyChair ? t(`${P}status.chair`) : t(`${P}status.seat`, { seat: seat.seat });
    } else if (queued) {
      status = t(byFacilitator ? `${P}status.queuedHand` : `${P}status.queued`, { n: queued });
    } else {
      status = t(byFacilitator ? `${P}status.outerHand` : `${P}status.outer`);
    }
    setText(ui.status, status);

    show(ui.tapIn, !seat && !queued);
    setText(ui.tapIn, t(byFacilitator ? `${P}ask` : `${P}tapIn`));
    show(ui.emptyChair, Boolean(chair) && !seat);
    const chairTaken = Boolean(chair?.participantId);
    setText(ui.emptyChair, t(chairTaken ? `${P}chairTaken` : `${P}takeChair`));
    ui.emptyChair.disabled = chairTaken;
    show(ui.tapOut, Boolean(seat) || queued > 0);
    setText(ui.tapOut, t(seat ? `${P}tapOut` : byFacilitator ? `${P}lowerHand` : `${P}leaveQueue`));
    let hint = '';
    if (!seat && !queued) {
      if (byFacilitator) hint = t(`${P}hint.hand`);
      else if (!freeInner) hint = t(`${P}hint.full`);
    }
    if (chair && !seat) hint = [hint, t(`${P}hint.chair`)].filter(Boolean).join(' ');
    setText(ui.hint, hint);
    show(ui.hint, Boolean(hint));

    setText(ui.topic, fishbowl.topic ?? '');
    syncSeats(ui.seats, fishbowl.seats, now, { myId });

    const queue = fishbowl.queue ?? [];
    setText(ui.queueHead, t(byFacilitator ? `${P}queueHeadHand` : `${P}queueHead`, { count: queue.length }));
    syncQueue(ui.queue, queue, { myId });
    show(ui.queue, queue.length > 0);
    show(ui.queueEmpty, queue.length === 0);

    this.#renderTalk(now);

    // The observation form: for the outer circle (the queue included) only; the inner circle talks.
    show(ui.form, !seat);
    setText(ui.prompt, fishbowl.prompt || t(`${P}defaultPrompt`));
    setText(ui.privacy, observationPrivacyText(fishbowl.observations));
    this.#renderForm();

    this.#renderSurfaced();
    const count = fishbowl.observationCount ?? 0;
    const shared = fishbowl.surfaced?.length ?? 0;
    setText(ui.surfacedCount, count ? t(`${P}sharedOf`, { shared, count }) : '');

    this.#ticker.set(fishbowlIsLive(fishbowl));
    this.#applyFocus();
  }

  /** The shared observations: the newest SURFACED_SHOWN, in the server's order, until "Show earlier" shows them all. */
  #renderSurfaced() {
    const ui = this.#ui;
    const surfaced = this.#data?.surfaced ?? [];
    const earlier = this.#allSurfaced ? 0 : Math.max(0, surfaced.length - SURFACED_SHOWN);
    syncSurfaced(ui.surfaced, surfaced.slice(earlier));
    ui.surfaced.dataset.total = String(surfaced.length);
    show(ui.surfaced, surfaced.length > 0);
    show(ui.surfacedEmpty, surfaced.length === 0);
    show(ui.surfacedMore, earlier > 0);
    setText(ui.surfacedMore, t(`${P}showEarlier`, { count: earlier }));
  }

  #showAllSurfaced() {
    this.#allSurfaced = true;
    this.#renderSurfaced();
    // The button went away: the focus goes to the first observation it brought back.
    const first = this.#ui.surfaced.firstElementChild;
    if (first) {
      first.tabIndex = -1;
      first.focus();
    }
  }

  /**
   * What the status line said about this person's place (`#saidPlace`: the place it describes) goes as soon as the place
   * becomes another one: a raised hand that the facilitator seated is no longer "your hand is up".
   */
  #placeChanged(place) {
    if (place === this.#place) return;
    const previous = this.#place;
    this.#place = place;
    if (previous !== null && this.#saidPlace !== null && this.#saidPlace !== place) {
      this.#saidPlace = null;
      this.#unsay(PLACE_TAG);
    }
  }

  /** Says a sentence about this person's place, `place` being the one it describes. */
  #sayPlace(text, place) {
    this.#saidPlace = place;
    this.#say(text, PLACE_TAG);
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
        ? t(`${P}upTo`, { count: OBSERVATIONS_PER_PERSON })
        : spent
          ? t(`${P}spent`)
          : t(`${P}left`, { count: left }),
    );
    ui.text.disabled = spent;
    ui.submit.disabled = spent || this.#writing;
    setText(ui.submit, this.#writing ? t('participant.sending') : t(`${P}send`));
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
        this.#sayPlace(seat?.emptyChair || (!seat && where === 'empty') ? t(`${P}said.chair`) : t(`${P}said.seat`, { seat: result.seat }), 'inner');
      } else {
        const hand = this.#data?.seating === 'facilitator';
        const text = Number.isFinite(result?.queuePosition)
          ? t(hand ? `${P}said.handAt` : `${P}said.queuedAt`, { n: result.queuePosition })
          : t(hand ? `${P}said.hand` : `${P}said.queued`);
        this.#sayPlace(text, 'queue');
      }
      this.#refocus = 'tapOut';
      this.#applyFocus();
    });
  }

  #tapOut() {
    const wasSeated = whereAmI(this.#data ?? {}, this.#myId()).seat !== null;
    return this.#run('tapout', async () => {
      await this.#send('fishbowl.tapout', {});
      this.#sayPlace(t(wasSeated ? `${P}said.tappedOut` : `${P}said.leftQueue`), 'outer');
      this.#refocus = 'tapIn';
      this.#applyFocus();
    });
  }

  async #observe() {
    const ui = this.#ui;
    if (this.#writing || !this.#data) return;
    const text = ui.text.value.trim();
    if (!text) {
      this.#say(t(`${P}writeFirst`));
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
      this.#say(t(`${P}observationIn`));
    } catch (error) {
      this.#say(errorText(error, FISHBOWL_WORDED));
    } finally {
      this.#writing = false;
      this.#renderForm();
    }
  }
}
