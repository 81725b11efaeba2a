// The console's feedback fishbowl (the `console` topic's `fishbowl`, while the current phase is one): the seats with who
// sits there, for how long, and an Unseat button each; seating anyone (a select of the roster and of the seats, for
// keyboard and screen-reader users alike); the queue in order with a Seat button per person; everyone's talk time and
// share, live; and every observation, newest first, to surface to the room or take down again. An observation carries
// its author's name only when the fishbowl's observations are named.

import { Ticker, fishbowlIsLive, syncQueue, syncSeats, syncTalk, tickSeats } from './fishbowl-view.js';
import { el, setText, show, syncList } from './dom.js';
import { requestRunner } from './status-line.js';
import { t } from './i18n.js';
import { FISHBOWL_WORDED, seatText, seatingText } from './words.js';

export class ConsoleFishbowl {
  #send;
  #say;
  #run;
  #serverNow;
  #data = null;
  #people = [];
  #ticker;
  #ui;

  /**
   * @param {HTMLElement} host where the panel is drawn
   * @param {{send: Function, say: (text: string) => void, serverNow: () => number}} options
   */
  constructor(host, { send, say, serverNow }) {
    this.#send = send;
    this.#say = say;
    this.#run = requestRunner(say, FISHBOWL_WORDED);
    this.#serverNow = serverNow;
    const ui = {
      panel: el('div', { class: 'console-fishbowl', 'data-testid': 'console-fishbowl', hidden: true }),
      topic: el('h3', { class: 'panel-question', 'data-testid': 'console-fishbowl-topic', dir: 'auto' }),
      facts: el('p', { class: 'muted', 'data-testid': 'fishbowl-facts' }),
      seats: el('ul', { class: 'fishbowl-seats', 'data-testid': 'fishbowl-seats', 'aria-label': t('console.fishbowl.seatsLabel') }),
      person: el('select', { id: 'fishbowl-seat-person', class: 'input input-small', 'data-testid': 'fishbowl-seat-person' }),
      seat: el('select', { id: 'fishbowl-seat-number', class: 'input input-small', 'data-testid': 'fishbowl-seat-number' }),
      seatButton: el('button', { class: 'button button-small button-primary', type: 'submit', 'data-testid': 'fishbowl-seat-button' }, t('console.fishbowl.seat')),
      queueHead: el('h4', { class: 'subhead' }),
      queueHint: el('p', { class: 'hint' }),
      queue: el('ol', { class: 'room-members', 'data-testid': 'fishbowl-queue', 'aria-label': t('console.fishbowl.queueLabel') }),
      queueEmpty: el('p', { class: 'muted', 'data-testid': 'fishbowl-queue-empty' }, t('console.fishbowl.queueEmpty')),
      talk: el('ul', { class: 'result-bars', 'data-testid': 'fishbowl-talk', 'aria-label': t('console.fishbowl.talkLabel') }),
      talkEmpty: el('p', { class: 'muted' }, t('console.fishbowl.talkEmpty')),
      observationsHead: el('h4', { class: 'subhead', 'data-testid': 'fishbowl-observations-head' }),
      observationsHint: el('p', { class: 'hint' }),
      // Anonymous observations written while fewer than K people watched went out at once: their writers may
      // be guessable, and the facilitator should know before surfacing one (PROTOCOL.md, fishbowl).
      observationsWarning: el('p', { class: 'notice', role: 'status', 'data-testid': 'fishbowl-observations-warning', hidden: true }),
      observationsWaiting: el('p', { class: 'muted', 'data-testid': 'fishbowl-observations-waiting', hidden: true }),
      observations: el('ul', { class: 'mod-list', 'data-testid': 'fishbowl-observations' }),
      observationsEmpty: el('p', { class: 'muted' }, t('console.fishbowl.observationsEmpty')),
    };
    const seatForm = el(
      'form',
      { class: 'merge-row', 'data-testid': 'fishbowl-seat-form', 'aria-label': t('console.fishbowl.seatForm'), novalidate: true },
      el('label', { for: ui.person.id }, t('console.fishbowl.seat')),
      ui.person,
      el('label', { for: ui.seat.id }, t('console.fishbowl.in')),
      ui.seat,
      ui.seatButton,
    );
    seatForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#seatChosen();
    });
    ui.panel.append(
      el('p', { class: 'eyebrow' }, t('activity.fishbowl')),
      ui.topic,
      ui.facts,
      el('section', { class: 'board-section' }, el('h4', { class: 'subhead' }, t('console.fishbowl.inner')), ui.seats, seatForm),
      el('section', { class: 'board-section' }, ui.queueHead, ui.queueHint, ui.queue, ui.queueEmpty),
      el('section', { class: 'board-section' }, el('h4', { class: 'subhead' }, t('console.fishbowl.talk')), ui.talk, ui.talkEmpty),
      el('section', { class: 'board-section' }, ui.observationsHead, ui.observationsHint, ui.observationsWarning, ui.observationsWaiting, ui.observations, ui.observationsEmpty),
    );
    host.replaceChildren(ui.panel);
    this.#ui = ui;
    this.#ticker = new Ticker(() => this.#tick());
  }

  /** Draws the `console` topic's `fishbowl` (or hides itself for null); `people` is the roster, for the seat select. */
  update(fishbowl, people = []) {
    const ui = this.#ui;
    this.#data = fishbowl ?? null;
    this.#people = people ?? [];
    show(ui.panel, Boolean(fishbowl));
    if (!fishbowl) {
      this.#ticker.set(false);
      return;
    }
    const now = this.#serverNow();
    const seats = fishbowl.seats ?? [];
    const inner = seats.filter((s) => !s.emptyChair).length;
    const chair = seats.some((s) => s.emptyChair);
    const named = fishbowl.observations === 'named';
    const byFacilitator = fishbowl.seating === 'facilitator';
    setText(ui.topic, fishbowl.topic ?? '');
    setText(
      ui.facts,
      [
        chair ? t('console.fishbowl.seatsAndChair', { count: inner }) : t('console.fishbowl.seats', { count: inner }),
        seatingText(fishbowl.seating),
        named ? t('console.fishbowl.named') : t('console.fishbowl.anonymous'),
      ].join(' · '),
    );

    syncSeats(ui.seats, seats, now, {
      action: {
        create: (s) => el('button', { class: 'button button-small', type: 'button', 'data-testid': 'fishbowl-unseat', onClick: (event) => this.#unseat(event.currentTarget.seat) }, t('console.fishbowl.unseat')),
        update: (button, s) => {
          button.seat = s;
          show(button, Boolean(s.participantId));
          button.setAttribute('aria-label', s.participantId ? t('console.fishbowl.unseatLabel', { name: s.name ?? '', seat: seatText(s) }) : t('console.fishbowl.unseat'));
        },
      },
    });
    this.#renderSeatForm(seats);

    const queue = fishbowl.queue ?? [];
    setText(ui.queueHead, byFacilitator ? t('console.fishbowl.askedHead', { count: queue.length }) : t('console.fishbowl.queueHead', { count: queue.length }));
    setText(ui.queueHint, byFacilitator ? t('console.fishbowl.askedHint') : t('console.fishbowl.queueHint'));
    syncQueue(ui.queue, queue, {
      action: {
        create: (q) => el('button', { class: 'button button-small', type: 'button', 'data-testid': 'fishbowl-queue-seat', onClick: () => this.#seat(q.participantId, null) }, t('console.fishbowl.seat')),
        update: (button, q) => button.setAttribute('aria-label', t('console.fishbowl.seatFirstLabel', { name: q.name })),
      },
    });
    show(ui.queue, queue.length > 0);
    show(ui.queueEmpty, queue.length === 0);

    this.#renderTalk(now);

    const all = fishbowl.all ?? [];
    setText(ui.observationsHead, t('console.fishbowl.observationsHead', { count: all.length }));
    setText(ui.observationsHint, named ? t('console.fishbowl.observationsHintNamed') : t('console.fishbowl.observationsHintAnonymous'));
    syncList(
      ui.observations,
      all,
      (o) => o.observationId,
      (o) => this.#createObservation(o),
      (node, o) => this.#updateObservation(node, o),
    );
    show(ui.observationsEmpty, all.length === 0 && !fishbowl.waiting);
    setText(ui.observationsWarning, fishbowl.warning ?? '');
    show(ui.observationsWarning, Boolean(fishbowl.warning));
    const waiting = fishbowl.waiting ?? 0;
    setText(ui.observationsWaiting, t('console.fishbowl.waiting', { count: waiting, writers: fishbowl.releaseWriters ?? 3 }));
    show(ui.observationsWaiting, waiting > 0);

    this.#ticker.set(fishbowlIsLive(fishbowl));
  }

  #renderTalk(now) {
    const ui = this.#ui;
    const talk = this.#data?.talk ?? [];
    syncTalk(ui.talk, talk, now, { turns: true });
    show(ui.talk, talk.length > 0);
    show(ui.talkEmpty, talk.length === 0);
  }

  #tick() {
    if (!this.#data) return;
    const now = this.#serverNow();
    tickSeats(this.#ui.seats, now);
    this.#renderTalk(now);
  }

  /** The two selects: everyone in the roster, and every seat (with who sits there). Rebuilt only when they changed. */
  #renderSeatForm(seats) {
    const { person, seat } = this.#ui;
    const people = [...this.#people].sort((a, b) => String(a.name).localeCompare(String(b.name)));
    const peopleKey = JSON.stringify(people.map((p) => [p.id, p.name]));
    if (person.dataset.key !== peopleKey) {
      const chosen = person.value;
      person.dataset.key = peopleKey;
      person.replaceChildren(el('option', { value: '' }, t('console.fishbowl.choosePerson')), ...people.map((p) => el('option', { value: p.id }, p.name)));
      person.value = people.some((p) => p.id === chosen) ? chosen : '';
    }
    const seatsKey = JSON.stringify(seats.map((s) => [s.seat, s.emptyChair, s.name]));
    if (seat.dataset.key !== seatsKey) {
      const chosen = seat.value;
      seat.dataset.key = seatsKey;
      seat.replaceChildren(
        el('option', { value: '' }, t('console.fishbowl.firstFree')),
        ...seats.map((s) => el('option', { value: s.seat }, t('console.fishbowl.seatOption', { seat: seatText(s), who: s.participantId ? s.name : t('console.fishbowl.free') }))),
      );
      seat.value = seats.some((s) => String(s.seat) === chosen) ? chosen : '';
    }
  }

  #createObservation(o) {
    const parts = {
      flags: el('div', { class: 'card-flags' }),
      text: el('p', { id: `observation-${o.observationId}`, class: 'card-text', 'data-testid': 'observation-text', dir: 'auto' }),
      by: el('p', { class: 'muted', 'data-testid': 'observation-by' }),
      name: el('bdi', { 'data-testid': 'observation-name' }),
      surface: el('button', {
        class: 'button button-small',
        type: 'button',
        'data-testid': 'observation-surface',
        'aria-describedby': `observation-${o.observationId}`,
        onClick: () => this.#surface(parts.surface.observation),
      }),
    };
    parts.by.append('— ', parts.name);
    const node = el(
      'li',
      { class: 'mod-item', 'data-testid': 'fishbowl-observation', 'data-observation-id': o.observationId },
      parts.flags,
      parts.text,
      parts.by,
      el('div', { class: 'button-row' }, parts.surface),
    );
    node.parts = parts;
    return node;
  }

  #updateObservation(node, o) {
    const p = node.parts;
    p.surface.observation = o;
    node.dataset.surfaced = String(Boolean(o.surfaced));
    setText(p.text, o.text);
    setText(p.name, o.name ?? '');
    show(p.by, Boolean(o.name));
    const flagKey = `${Boolean(o.surfaced)}/${Boolean(o.guessable)}`;
    if (p.flags.dataset.key !== flagKey) {
      p.flags.dataset.key = flagKey;
      p.flags.replaceChildren(
        ...(o.surfaced ? [el('span', { class: 'flag flag-group', 'data-testid': 'observation-surfaced' }, t('console.fishbowl.surfaced'))] : []),
        ...(o.guessable ? [el('span', { class: 'flag', 'data-testid': 'observation-guessable' }, t('console.fishbowl.guessable'))] : []),
      );
    }
    p.flags.hidden = !o.surfaced && !o.guessable;
    setText(p.surface, o.surfaced ? t('console.fishbowl.takeDown') : t('console.fishbowl.surface'));
    p.surface.classList.toggle('button-primary', !o.surfaced);
  }

  // --- requests ---

  #nameOf(participantId) {
    return this.#people.find((p) => p.id === participantId)?.name ?? t('console.fishbowl.they');
  }

  #seatChosen() {
    const { person, seat } = this.#ui;
    if (!person.value) {
      this.#say(t('console.fishbowl.chooseFirst'));
      person.focus();
      return undefined;
    }
    return this.#seat(person.value, seat.value ? Number(seat.value) : null);
  }

  #seat(participantId, seat) {
    return this.#run(`seat:${participantId}`, async () => {
      const result = await this.#send('fishbowl.seat', seat ? { participantId, seat } : { participantId });
      const where = this.#data?.seats?.find((s) => s.seat === result?.seat);
      const name = this.#nameOf(participantId);
      this.#say(where?.emptyChair ? t('console.fishbowl.seatedChair', { name }) : t('console.fishbowl.seatedIn', { name, n: result?.seat ?? '?' }));
    });
  }

  #unseat(seat) {
    if (!seat?.participantId) return undefined;
    const { participantId, name } = seat;
    return this.#run(`unseat:${participantId}`, async () => {
      await this.#send('fishbowl.unseat', { participantId });
      this.#say(t('console.fishbowl.unseated', { name: name ?? this.#nameOf(participantId) }));
    });
  }

  #surface(observation) {
    if (!observation) return undefined;
    const surfaced = !observation.surfaced;
    return this.#run(`surface:${observation.observationId}`, async () => {
      await this.#send('fishbowl.surface', { observationId: observation.observationId, surfaced });
      this.#say(surfaced ? t('console.fishbowl.shown') : t('console.fishbowl.takenDown'));
    });
  }
}
