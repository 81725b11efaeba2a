// The console's feedback fishbowl (the `console` topic's `fishbowl`, while the current phase is one): the seats with who
// sits there, for how long, and an Unseat button each; seating anyone (a select of the roster and of the seats, for
// keyboard and screen-reader users alike); the queue in order with a Seat button per person; everyone's talk time and
// share, live; and every observation, newest first, to surface to the room or take down again. An observation carries
// its author's name only when the fishbowl's observations are named.

import { Ticker, fishbowlIsLive, syncQueue, syncSeats, syncTalk, tickSeats } from './fishbowl-view.js';
import { el, setText, show, syncList } from './dom.js';
import { requestRunner } from './status-line.js';
import { FISHBOWL_WORDED, plural, seatText, seatingText } from './words.js';

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
      seats: el('ul', { class: 'fishbowl-seats', 'data-testid': 'fishbowl-seats', 'aria-label': 'Inner circle seats' }),
      person: el('select', { id: 'fishbowl-seat-person', class: 'input input-small', 'data-testid': 'fishbowl-seat-person' }),
      seat: el('select', { id: 'fishbowl-seat-number', class: 'input input-small', 'data-testid': 'fishbowl-seat-number' }),
      seatButton: el('button', { class: 'button button-small button-primary', type: 'submit', 'data-testid': 'fishbowl-seat-button' }, 'Seat'),
      queueHead: el('h4', { class: 'subhead' }),
      queueHint: el('p', { class: 'hint' }),
      queue: el('ol', { class: 'room-members', 'data-testid': 'fishbowl-queue', 'aria-label': 'Queue, in order' }),
      queueEmpty: el('p', { class: 'muted', 'data-testid': 'fishbowl-queue-empty' }, 'Nobody is waiting.'),
      talk: el('ul', { class: 'result-bars', 'data-testid': 'fishbowl-talk', 'aria-label': 'Talk time in the inner circle' }),
      talkEmpty: el('p', { class: 'muted' }, 'Nobody has sat in the inner circle yet.'),
      observationsHead: el('h4', { class: 'subhead', 'data-testid': 'fishbowl-observations-head' }),
      observationsHint: el('p', { class: 'hint' }),
      // Anonymous observations written while fewer than K people watched went out at once: their writers may
      // be guessable, and the facilitator should know before surfacing one (PROTOCOL.md, fishbowl).
      observationsWarning: el('p', { class: 'notice', role: 'status', 'data-testid': 'fishbowl-observations-warning', hidden: true }),
      observationsWaiting: el('p', { class: 'muted', 'data-testid': 'fishbowl-observations-waiting', hidden: true }),
      observations: el('ul', { class: 'mod-list', 'data-testid': 'fishbowl-observations' }),
      observationsEmpty: el('p', { class: 'muted' }, 'No observations yet.'),
    };
    const seatForm = el(
      'form',
      { class: 'merge-row', 'data-testid': 'fishbowl-seat-form', 'aria-label': 'Seat someone', novalidate: true },
      el('label', { for: ui.person.id }, 'Seat'),
      ui.person,
      el('label', { for: ui.seat.id }, 'in'),
      ui.seat,
      ui.seatButton,
    );
    seatForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#seatChosen();
    });
    ui.panel.append(
      el('p', { class: 'eyebrow' }, 'Feedback fishbowl'),
      ui.topic,
      ui.facts,
      el('section', { class: 'board-section' }, el('h4', { class: 'subhead' }, 'The inner circle'), ui.seats, seatForm),
      el('section', { class: 'board-section' }, ui.queueHead, ui.queueHint, ui.queue, ui.queueEmpty),
      el('section', { class: 'board-section' }, el('h4', { class: 'subhead' }, 'Talk time'), ui.talk, ui.talkEmpty),
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
        `${plural(inner, 'seat', 'seats')}${chair ? ' and an empty chair' : ''}`,
        seatingText(fishbowl.seating),
        named ? 'Observations show names' : 'Observations are anonymous',
      ].join(' · '),
    );

    syncSeats(ui.seats, seats, now, {
      action: {
        create: (s) => el('button', { class: 'button button-small', type: 'button', 'data-testid': 'fishbowl-unseat', onClick: (event) => this.#unseat(event.currentTarget.seat) }, 'Unseat'),
        update: (button, s) => {
          button.seat = s;
          show(button, Boolean(s.participantId));
          button.setAttribute('aria-label', s.participantId ? `Unseat ${s.name ?? ''} from ${seatText(s).toLowerCase()}` : 'Unseat');
        },
      },
    });
    this.#renderSeatForm(seats);

    const queue = fishbowl.queue ?? [];
    setText(ui.queueHead, `${byFacilitator ? 'Asked to join' : 'Queue'} (${queue.length})`);
    setText(
      ui.queueHint,
      byFacilitator
        ? 'In the order they asked. Nobody moves by themselves: seat them into the first free seat, or pick a seat above.'
        : 'In order. The first takes the next seat that comes free; you can seat someone sooner.',
    );
    syncQueue(ui.queue, queue, {
      action: {
        create: (q) => el('button', { class: 'button button-small', type: 'button', 'data-testid': 'fishbowl-queue-seat', onClick: () => this.#seat(q.participantId, null) }, 'Seat'),
        update: (button, q) => button.setAttribute('aria-label', `Seat ${q.name} in the first free seat`),
      },
    });
    show(ui.queue, queue.length > 0);
    show(ui.queueEmpty, queue.length === 0);

    this.#renderTalk(now);

    const all = fishbowl.all ?? [];
    setText(ui.observationsHead, `Observations (${all.length})`);
    setText(
      ui.observationsHint,
      `Newest first. Surface one to show it to the room${named ? ' with its author’s name' : ', without a name'}; take it down again at any time.`,
    );
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
    setText(
      ui.observationsWaiting,
      `${waiting} ${waiting === 1 ? 'observation is' : 'observations are'} waiting: they appear together once ${fishbowl.releaseWriters ?? 3} different people have written, so none can be traced to its writer.`,
    );
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
      person.replaceChildren(el('option', { value: '' }, 'Choose a person…'), ...people.map((p) => el('option', { value: p.id }, p.name)));
      person.value = people.some((p) => p.id === chosen) ? chosen : '';
    }
    const seatsKey = JSON.stringify(seats.map((s) => [s.seat, s.emptyChair, s.name]));
    if (seat.dataset.key !== seatsKey) {
      const chosen = seat.value;
      seat.dataset.key = seatsKey;
      seat.replaceChildren(
        el('option', { value: '' }, 'the first free seat'),
        ...seats.map((s) => el('option', { value: s.seat }, `${seatText(s)} (${s.participantId ? s.name : 'free'})`)),
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
        ...(o.surfaced ? [el('span', { class: 'flag flag-group', 'data-testid': 'observation-surfaced' }, 'Shown to the room')] : []),
        ...(o.guessable ? [el('span', { class: 'flag', 'data-testid': 'observation-guessable' }, 'Writer may be guessable')] : []),
      );
    }
    p.flags.hidden = !o.surfaced && !o.guessable;
    setText(p.surface, o.surfaced ? 'Take down' : 'Surface');
    p.surface.classList.toggle('button-primary', !o.surfaced);
  }

  // --- requests ---

  #nameOf(participantId) {
    return this.#people.find((p) => p.id === participantId)?.name ?? 'They';
  }

  #seatChosen() {
    const { person, seat } = this.#ui;
    if (!person.value) {
      this.#say('Choose the person to seat first.');
      person.focus();
      return undefined;
    }
    return this.#seat(person.value, seat.value ? Number(seat.value) : null);
  }

  #seat(participantId, seat) {
    return this.#run(`seat:${participantId}`, async () => {
      const result = await this.#send('fishbowl.seat', seat ? { participantId, seat } : { participantId });
      const where = this.#data?.seats?.find((s) => s.seat === result?.seat);
      this.#say(`${this.#nameOf(participantId)} is in ${where ? seatText(where).toLowerCase() : `seat ${result?.seat}`}.`);
    });
  }

  #unseat(seat) {
    if (!seat?.participantId) return undefined;
    const { participantId, name } = seat;
    return this.#run(`unseat:${participantId}`, async () => {
      await this.#send('fishbowl.unseat', { participantId });
      this.#say(`${name ?? this.#nameOf(participantId)} is back in the outer circle.`);
    });
  }

  #surface(observation) {
    if (!observation) return undefined;
    const surfaced = !observation.surfaced;
    return this.#run(`surface:${observation.observationId}`, async () => {
      await this.#send('fishbowl.surface', { observationId: observation.observationId, surfaced });
      this.#say(surfaced ? 'Shown to the room.' : 'Taken down.');
    });
  }
}
