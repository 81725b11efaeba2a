// The participant's breakout room (the `room` topic, pushed while the current phase is a role-play): the situation;
// waiting for rooms or picking one; then the room itself: my role and MY private brief, the round and step with a
// countdown to the server's deadline, the timeline, my room mates and their roles, the video call, asking for help,
// the observer's checklist when I observe this round, and what the observers saved. The topic carries only my own
// role's brief, so nothing here can show another role's. In a peer pod (no facilitator) every member starts the
// role-play and adds time to the room's clock from here; there is nobody to ask for help.

import {
  durationText,
  peopleText,
  renderMembers,
  renderObservations,
  renderTimeline,
  roundText,
  stepCountdown,
  setVideoLink,
  stepText,
} from './breakout-parts.js';
import { Countdown, deadlinePhase } from './countdown.js';
import { attachCounter, el, setChildren, setText, show, syncList } from './dom.js';
import { requestRunner } from './status-line.js';

const NOTE_MAX = 2000;

/** The one sentence on where the room stands, or '' while the clock says it all. */
function statusText(data, pod) {
  const room = data.room;
  if (pod) {
    if (data.status === 'finished') return 'The role-play is over. Anyone can start it again, or move on with Next phase.';
    if (room?.clock?.done) return 'All rounds played';
    if (data.status !== 'running') return 'When everyone in your pod is here, anyone can start the role-play. Huddle then hands out the roles.';
    return '';
  }
  if (data.status === 'finished') return 'Rooms are closed';
  if (data.roomCount === undefined) return 'Waiting for the facilitator to form rooms';
  if (!room) return data.choosing ? 'Pick a room to join.' : 'You are not in a room yet. The facilitator will put you in one.';
  if (room.clock?.done) return 'All rounds played';
  if (data.status === 'forming') {
    return data.choosing
      ? 'You can still change rooms until the role-play starts.'
      : 'Read your brief. The role-play starts when the facilitator starts the rounds.';
  }
  return '';
}

export class BreakoutRoom {
  #send;
  #say;
  #run;
  #ui;
  #clock;
  #callBack;
  #data = null;
  // The observer's checklist as last put in the form: which round, and whether the person changed it since. A push
  // (someone else's help request, a tick of the clock) must not wipe ticks that are not saved yet.
  #checklist = { round: null, dirty: false };
  #renderNoteCounter;

  /**
   * @param {HTMLElement} host the section the room is drawn into (hidden while there is no role-play)
   * @param {{send: Function, say: (text: string) => void, serverNow: () => number}} options
   */
  constructor(host, { send, say, serverNow }) {
    this.#send = send;
    this.#say = say;
    this.#run = requestRunner(say);
    const noteId = 'checklist-note';
    const ui = {
      host,
      heading: el('h2', { id: 'room-heading', class: 'phase-title', 'data-testid': 'room-heading' }),
      status: el('p', { class: 'room-status', 'data-testid': 'room-status', role: 'status', 'aria-live': 'polite' }),
      callBackBox: el('div', { class: 'callback-box', 'data-testid': 'callback-box', hidden: true }),
      callBackTimer: el('div', { class: 'countdown-host', 'data-testid': 'callback-timer' }),
      choices: el('ul', { class: 'room-choices', 'data-testid': 'room-choices', 'aria-label': 'Rooms' }),
      clockBox: el('div', { class: 'room-clock', hidden: true }),
      round: el('p', { class: 'eyebrow', 'data-testid': 'room-round' }),
      step: el('p', { class: 'room-step', 'data-testid': 'room-step' }),
      prompt: el('p', { class: 'room-prompt', 'data-testid': 'room-prompt', dir: 'auto' }),
      timer: el('div', { class: 'countdown-host', 'data-testid': 'room-timer' }),
      timeline: el('ol', { class: 'timeline', 'data-testid': 'room-timeline', 'aria-label': 'Timeline of a round' }),
      actions: el('div', { class: 'button-row room-actions', hidden: true }),
      podActions: el('div', { class: 'button-row pod-room-actions', 'data-testid': 'pod-room-actions', hidden: true }),
      podStart: el(
        'button',
        { class: 'button button-primary', type: 'button', 'data-testid': 'pod-room-start', onClick: () => this.#startRounds() },
        'Start the role-play',
      ),
      podTime: el(
        'button',
        { class: 'button', type: 'button', 'data-testid': 'pod-room-time', 'aria-label': 'Add one minute to this step', onClick: () => this.#addMinute() },
        '+1 min',
      ),
      video: el('span', { class: 'video-slot' }),
      help: el('button', { class: 'button', type: 'button', 'data-testid': 'help-button', onClick: () => this.#askForHelp() }, 'Ask for help'),
      // A live region that stays in the page (empty until help is asked), so the answer to the press is read out.
      helpStatus: el('p', { class: 'help-status', 'data-testid': 'help-status', role: 'status', 'aria-live': 'polite' }),
      situation: el('p', { class: 'room-situation', 'data-testid': 'room-situation', dir: 'auto' }),
      roleBox: el('section', { class: 'role-brief', 'data-testid': 'my-role', 'aria-labelledby': 'my-role-name', hidden: true }),
      roleName: el('h3', { id: 'my-role-name', class: 'role-name', 'data-testid': 'my-role-name' }),
      brief: el('p', { class: 'brief-text', 'data-testid': 'my-role-brief', dir: 'auto' }),
      membersBox: el('section', { class: 'room-part', hidden: true }),
      members: el('ul', { class: 'room-members', 'data-testid': 'room-members', 'aria-label': 'People in your room' }),
      checkForm: el('form', { class: 'checklist-form room-part', 'data-testid': 'checklist-form', novalidate: true, hidden: true }),
      checkLegend: el('legend', { 'data-testid': 'checklist-title' }),
      checkItems: el('div', { class: 'checklist-items' }),
      note: el('textarea', { id: noteId, class: 'input textarea', rows: 3, maxlength: NOTE_MAX, 'data-testid': 'checklist-note', dir: 'auto' }),
      noteCounter: el('p', { class: 'counter', 'data-testid': 'checklist-note-counter' }),
      save: el('button', { class: 'button button-primary', type: 'submit', 'data-testid': 'checklist-save' }, 'Save checklist'),
      observationsBox: el('section', { class: 'room-part', hidden: true }),
      observations: el('ul', { class: 'observations', 'data-testid': 'room-observations' }),
    };
    ui.callBackBox.append(el('p', { class: 'callback-lead' }, 'Back to the main room in'), ui.callBackTimer);
    ui.clockBox.append(ui.round, ui.step, ui.prompt, ui.timer, ui.timeline);
    ui.actions.append(ui.video, ui.help, ui.helpStatus);
    ui.podActions.append(ui.podStart, ui.podTime);
    ui.roleBox.append(
      el('p', { class: 'eyebrow' }, 'Your role'),
      ui.roleName,
      ui.brief,
      el('p', { class: 'hint' }, 'This brief is yours alone: the others in your room each read their own.'),
    );
    ui.membersBox.append(el('h3', { class: 'section-title' }, 'In your room'), ui.members);
    ui.checkForm.append(
      el('fieldset', { class: 'fieldset' }, ui.checkLegend, el('p', { class: 'hint' }, 'Tick what you see as it happens. Your room sees what you save.'), ui.checkItems),
      el('div', { class: 'field' }, el('label', { for: noteId }, 'Your notes: the exact words of a moment that mattered'), ui.note, ui.noteCounter),
      el('div', { class: 'poll-actions' }, ui.save),
    );
    ui.checkForm.addEventListener('input', () => {
      this.#checklist.dirty = true;
    });
    ui.checkForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#saveChecklist();
    });
    this.#renderNoteCounter = attachCounter(ui.note, ui.noteCounter);
    ui.observationsBox.append(el('h3', { class: 'section-title' }, 'What the observers saw'), ui.observations);

    host.replaceChildren(
      el('p', { class: 'eyebrow' }, 'Role-play'),
      ui.heading,
      ui.status,
      ui.podActions,
      ui.callBackBox,
      ui.choices,
      ui.clockBox,
      ui.actions,
      el('section', { class: 'room-part' }, el('h3', { class: 'section-title' }, 'The situation'), ui.situation),
      ui.roleBox,
      ui.membersBox,
      ui.checkForm,
      ui.observationsBox,
    );
    host.setAttribute('aria-labelledby', ui.heading.id);
    this.#ui = ui;
    this.#clock = new Countdown(ui.timer, { serverNow, testid: 'room-countdown' });
    this.#callBack = new Countdown(ui.callBackTimer, { serverNow, testid: 'callback-countdown' });
  }

  /**
   * Draws the `room` topic's data, or hides the room for null (no role-play now, or the session is not running).
   * `pod`: the session is a peer pod, so its members start the rounds and add time themselves.
   */
  update(data, { pod = false } = {}) {
    const ui = this.#ui;
    this.#data = data ?? null;
    show(ui.host, Boolean(data));
    if (!data) {
      this.#clock.clear();
      this.#callBack.clear();
      return;
    }
    const room = data.room ?? null;
    const finished = data.status === 'finished';
    setText(ui.heading, pod ? 'Your pod’s role-play' : room ? `Room ${room.number}` : 'Breakout rooms');
    setText(ui.status, statusText(data, pod));
    setText(ui.situation, data.situation ?? '');

    this.#callBack.update(finished ? null : deadlinePhase(`call back ${data.phase}`, data.callBackAt, null));
    show(ui.callBackBox, !finished && Number.isFinite(data.callBackAt));

    this.#renderChoices(data, room);

    // The clock: only once the rounds run (while forming every room waits on round 1, step 1).
    const clock = room?.clock ?? null;
    const playing = Boolean(clock) && data.status === 'running' && !clock.done;
    show(ui.clockBox, playing);
    if (playing) {
      setText(ui.round, roundText(clock, data.rounds));
      const step = data.timeline?.[clock.step];
      setText(ui.step, `${stepText(data.timeline, clock)} · ${durationText(step?.seconds)}`);
      setText(ui.prompt, step?.prompt ?? '');
      show(ui.prompt, Boolean(step?.prompt));
      renderTimeline(ui.timeline, data.timeline, clock);
    }
    this.#clock.update(playing ? stepCountdown(room.number, clock, data.timeline, data.rounds) : null);

    // A pod's own controls: start the rounds while they are not running; a minute more while they are.
    const startable = data.status === 'forming' || finished || !room;
    show(ui.podStart, pod && startable);
    show(ui.podTime, pod && playing);
    show(ui.podActions, pod && (startable || playing));

    show(ui.actions, Boolean(room) && !finished && (!pod || Boolean(room.videoLink)));
    setVideoLink(ui.video, room?.videoLink, 'room-video');
    show(ui.help, !pod && Boolean(room) && !room.help);
    setText(ui.helpStatus, room?.help ? 'Help is on the way' : '');

    show(ui.roleBox, Boolean(room));
    setText(ui.roleName, room?.role?.name ?? 'No role this round');
    setText(ui.brief, room?.role?.brief ?? '');
    show(ui.brief, Boolean(room?.role?.brief));

    show(ui.membersBox, Boolean(room));
    renderMembers(ui.members, room?.members);

    this.#renderChecklist(room);

    const observations = room?.observations ?? [];
    show(ui.observationsBox, observations.length > 0);
    renderObservations(ui.observations, observations);
  }

  /** While the rooms are open for choosing: each room with its size and a Join button. */
  #renderChoices(data, room) {
    const ui = this.#ui;
    const choosing = data.status === 'forming' && Boolean(data.choosing);
    show(ui.choices, choosing);
    const rooms = choosing ? Array.from({ length: data.roomCount ?? 0 }, (_, i) => ({ number: i + 1, size: data.roomSizes?.[i] ?? 0 })) : [];
    syncList(
      ui.choices,
      rooms,
      (r) => r.number,
      (r) => {
        const node = el(
          'li',
          { class: 'room-choice', 'data-testid': 'room-choice', 'data-room': r.number },
          el('span', { class: 'room-choice-name' }, `Room ${r.number}`),
          el('span', { class: 'muted', 'data-testid': 'room-choice-size' }),
          el('button', { class: 'button button-small', type: 'button', 'data-testid': 'room-choose', onClick: () => this.#choose(r.number) }),
        );
        node.parts = { size: node.children[1], button: node.children[2] };
        return node;
      },
      (node, r) => {
        const mine = room?.number === r.number;
        setText(node.parts.size, peopleText(r.size));
        setText(node.parts.button, mine ? 'You are here' : 'Join');
        node.parts.button.setAttribute('aria-label', mine ? `You are in room ${r.number}` : `Join room ${r.number}`);
        node.parts.button.disabled = mine;
        node.dataset.mine = String(mine);
      },
    );
  }

  /** The observer's checklist for the current round: the saved ticks and note, unless the person is changing them. */
  #renderChecklist(room) {
    const ui = this.#ui;
    const checklist = room?.checklist ?? null;
    show(ui.checkForm, Boolean(checklist));
    if (!checklist) {
      this.#checklist = { round: null, dirty: false };
      return;
    }
    const round = room.clock?.round ?? 1;
    setText(ui.checkLegend, `Your observer checklist · round ${round}`);
    const itemsKey = JSON.stringify(checklist.items);
    const newItems = ui.checkItems.dataset.key !== itemsKey;
    if (newItems) {
      ui.checkItems.dataset.key = itemsKey;
      setChildren(
        ui.checkItems,
        checklist.items.map((item, index) =>
          el(
            'label',
            { class: 'check', 'data-testid': 'checklist-item' },
            el('input', { type: 'checkbox', 'data-index': index, 'data-testid': 'checklist-box' }),
            ' ',
            el('span', { dir: 'auto' }, item),
          ),
        ),
      );
    }
    if (newItems || round !== this.#checklist.round || !this.#checklist.dirty) {
      const ticked = new Set(checklist.ticked ?? []);
      for (const box of ui.checkItems.querySelectorAll('input')) box.checked = ticked.has(Number(box.dataset.index));
      ui.note.value = checklist.note ?? '';
      this.#renderNoteCounter();
      this.#checklist = { round, dirty: false };
    }
  }

  #startRounds() {
    return this.#run('start', async () => {
      await this.#send('breakout.start', {});
      this.#say('The role-play has started. Read your brief.');
    });
  }

  #addMinute() {
    return this.#run('time', async () => {
      await this.#send('breakout.time', { seconds: 60 });
      this.#say('One minute added to this step.');
    });
  }

  #askForHelp() {
    return this.#run('help', () => this.#send('breakout.help', {}));
  }

  #choose(number) {
    return this.#run('choose', async () => {
      await this.#send('breakout.choose', { room: number });
      this.#say(`You are in room ${number}.`);
    });
  }

  async #saveChecklist() {
    const room = this.#data?.room;
    if (!room?.checklist) return;
    const ui = this.#ui;
    const round = room.clock?.round ?? 1;
    const ticked = [...ui.checkItems.querySelectorAll('input:checked')].map((box) => Number(box.dataset.index));
    const note = ui.note.value.trim();
    ui.save.disabled = true;
    const saved = await this.#run('checklist', () => this.#send('breakout.checklist', { round, ticked, note }));
    ui.save.disabled = false;
    if (saved) {
      this.#checklist.dirty = false;
      this.#say(`Checklist saved for round ${round}. Your room can see it.`);
    }
  }
}
