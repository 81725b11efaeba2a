// The participant's breakout room (the `room` topic, pushed while the current phase is a role-play): waiting for rooms
// or picking one; then the room itself: my role and MY private brief first (on a phone the long situation would push
// them off the first screen, so the situation comes after, folded once I have a role), the round and step with a
// countdown to the server's deadline, the timeline, my room mates and their roles, the video call, asking for help,
// the observer's checklist when I observe this round, and what the observers saved. The topic carries only my own
// role's brief, so nothing here can show another role's. In a peer pod (no facilitator) every member starts the
// role-play and adds time to the room's clock from here; there is nobody to ask for help. Rounds interrupted by
// leaving the phase carry on where they stopped; starting again from round 1 is a separate, confirmed choice.
// Scenario text (situation, role, brief, prompts, checklist) carries the scenario's own language in `lang`.

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
import { t } from './i18n.js';
import { confirmDialog } from './confirm-dialog.js';
import { requestRunner } from './status-line.js';

const NOTE_MAX = 2000;
// Wider than this, the situation stays open beside everything else; narrower (a phone), it folds once there is a role.
const WIDE_QUERY = '(min-width: 720px)';

/** The one sentence on where the room stands, or '' while the clock says it all. */
function statusText(data, pod) {
  const room = data.room;
  const stopped = data.status === 'finished' && data.interrupted;
  if (stopped && room?.clock) {
    return t(pod ? 'pods.room.stoppedPod' : 'pods.room.stopped', { round: room.clock.round, rounds: data.rounds });
  }
  if (pod) {
    if (data.status === 'finished') return t('pods.room.podOver');
    if (room?.clock?.done) return t('pods.room.allRounds');
    if (data.status !== 'running') return t('pods.room.podWaiting');
    return '';
  }
  if (data.status === 'finished') return t('pods.room.closed');
  if (data.roomCount === undefined) return t('pods.room.waitingForRooms');
  if (!room) return data.choosing ? t('pods.room.pick') : t('pods.room.notPlaced');
  if (room.clock?.done) return t('pods.room.allRounds');
  if (data.status === 'forming') return data.choosing ? t('pods.room.canChange') : t('pods.room.readBrief');
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
  #lang = null;
  // Whether the person had a room at the last draw: the situation folds (on a phone) when they get one, and is left as
  // the person set it after that.
  #placed = false;
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
      choices: el('ul', { class: 'room-choices', 'data-testid': 'room-choices', 'aria-label': t('pods.room.rooms') }),
      clockBox: el('div', { class: 'room-clock', hidden: true }),
      round: el('p', { class: 'eyebrow', 'data-testid': 'room-round' }),
      step: el('p', { class: 'room-step', 'data-testid': 'room-step' }),
      prompt: el('p', { class: 'room-prompt', 'data-testid': 'room-prompt', dir: 'auto' }),
      timer: el('div', { class: 'countdown-host', 'data-testid': 'room-timer' }),
      timeline: el('ol', { class: 'timeline', 'data-testid': 'room-timeline', 'aria-label': t('pods.room.timeline') }),
      actions: el('div', { class: 'button-row room-actions', hidden: true }),
      podActions: el('div', { class: 'button-row pod-room-actions', 'data-testid': 'pod-room-actions', hidden: true }),
      podStart: el('button', { class: 'button button-primary', type: 'button', 'data-testid': 'pod-room-start', onClick: () => this.#startRounds(false) }),
      podRestart: el(
        'button',
        { class: 'button', type: 'button', 'data-testid': 'pod-room-restart', hidden: true, onClick: () => this.#startRounds(true) },
        t('pods.room.restart'),
      ),
      podTime: el(
        'button',
        { class: 'button', type: 'button', 'data-testid': 'pod-room-time', 'aria-label': t('pods.room.addMinuteLabel'), onClick: () => this.#addMinute() },
        t('pods.room.addMinute'),
      ),
      video: el('span', { class: 'video-slot' }),
      help: el('button', { class: 'button', type: 'button', 'data-testid': 'help-button', onClick: () => this.#askForHelp() }, t('pods.room.askHelp')),
      // A live region that stays in the page (empty until help is asked), so the answer to the press is read out.
      helpStatus: el('p', { class: 'help-status', 'data-testid': 'help-status', role: 'status', 'aria-live': 'polite' }),
      situationBox: el('details', { class: 'room-part room-situation-box', 'data-testid': 'room-situation-box', open: true }),
      situation: el('p', { class: 'room-situation', 'data-testid': 'room-situation', dir: 'auto' }),
      roleBox: el('section', { class: 'role-brief', 'data-testid': 'my-role', 'aria-labelledby': 'my-role-name', hidden: true }),
      roleName: el('h3', { id: 'my-role-name', class: 'role-name', 'data-testid': 'my-role-name' }),
      brief: el('p', { class: 'brief-text', 'data-testid': 'my-role-brief', dir: 'auto' }),
      membersBox: el('section', { class: 'room-part', hidden: true }),
      members: el('ul', { class: 'room-members', 'data-testid': 'room-members', 'aria-label': t('pods.room.peopleInRoom') }),
      checkForm: el('form', { class: 'checklist-form room-part', 'data-testid': 'checklist-form', novalidate: true, hidden: true }),
      checkLegend: el('legend', { 'data-testid': 'checklist-title' }),
      checkItems: el('div', { class: 'checklist-items' }),
      note: el('textarea', { id: noteId, class: 'input textarea', rows: 3, maxlength: NOTE_MAX, 'data-testid': 'checklist-note', dir: 'auto' }),
      noteCounter: el('p', { class: 'counter', 'data-testid': 'checklist-note-counter' }),
      save: el('button', { class: 'button button-primary', type: 'submit', 'data-testid': 'checklist-save' }, t('pods.room.saveChecklist')),
      observationsBox: el('section', { class: 'room-part', hidden: true }),
      observations: el('ul', { class: 'observations', 'data-testid': 'room-observations' }),
    };
    ui.callBackBox.append(el('p', { class: 'callback-lead' }, t('pods.room.backIn')), ui.callBackTimer);
    ui.clockBox.append(ui.round, ui.step, ui.prompt, ui.timer, ui.timeline);
    ui.actions.append(ui.video, ui.help, ui.helpStatus);
    ui.podActions.append(ui.podStart, ui.podRestart, ui.podTime);
    ui.roleBox.append(
      el('p', { class: 'eyebrow' }, t('pods.room.yourRole')),
      ui.roleName,
      ui.brief,
      el('p', { class: 'hint' }, t('pods.room.briefAlone')),
    );
    ui.situationBox.append(el('summary', { class: 'section-title', 'data-testid': 'room-situation-toggle' }, t('pods.room.situation')), ui.situation);
    ui.membersBox.append(el('h3', { class: 'section-title' }, t('pods.room.inYourRoom')), ui.members);
    ui.checkForm.append(
      el('fieldset', { class: 'fieldset' }, ui.checkLegend, el('p', { class: 'hint' }, t('pods.room.checklistHint')), ui.checkItems),
      el('div', { class: 'field' }, el('label', { for: noteId }, t('pods.room.noteLabel')), ui.note, ui.noteCounter),
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
    ui.observationsBox.append(el('h3', { class: 'section-title' }, t('pods.room.observersSaw')), ui.observations);

    // My role and brief before the clock and the situation: on a 390 px phone they are on the first screen.
    host.replaceChildren(
      el('p', { class: 'eyebrow' }, t('pods.room.eyebrow')),
      ui.heading,
      ui.status,
      ui.podActions,
      ui.callBackBox,
      ui.choices,
      ui.roleBox,
      ui.clockBox,
      ui.actions,
      ui.situationBox,
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
   * `pod`: the session is a peer pod, so its members start the rounds and add time themselves. `lang`: the scenario's
   * language (the `session` topic's `language`), for the elements that show the scenario's own text.
   */
  update(data, { pod = false, lang = null } = {}) {
    const ui = this.#ui;
    this.#data = data ?? null;
    show(ui.host, Boolean(data));
    if (!data) {
      this.#clock.clear();
      this.#callBack.clear();
      this.#placed = false;
      return;
    }
    this.#lang = lang || null;
    for (const node of [ui.situation, ui.roleName, ui.brief, ui.prompt, ui.checkItems]) {
      if (this.#lang) node.setAttribute('lang', this.#lang);
      else node.removeAttribute('lang');
    }
    const room = data.room ?? null;
    const finished = data.status === 'finished';
    const stopped = finished && Boolean(data.interrupted);
    setText(ui.heading, pod ? t('pods.room.podHeading') : room ? t('pods.room.roomNumber', { number: room.number }) : t('pods.room.breakoutRooms'));
    setText(ui.status, statusText(data, pod));
    setText(ui.situation, data.situation ?? '');
    show(ui.situationBox, Boolean(data.situation));
    // Folded on a phone once I have a role (my brief first); open while there is nothing else to read, or on a wide screen.
    if (Boolean(room) !== this.#placed) {
      this.#placed = Boolean(room);
      ui.situationBox.open = !room || window.matchMedia(WIDE_QUERY).matches;
    }

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
      renderTimeline(ui.timeline, data.timeline, clock, this.#lang);
    }
    this.#clock.update(playing ? stepCountdown(room.number, clock, data.timeline, data.rounds) : null);

    // A pod's own controls: start the rounds while they are not running (carry them on when they were interrupted, or
    // start them again on purpose); a minute more while they are.
    const startable = data.status === 'forming' || finished || !room;
    setText(ui.podStart, stopped ? t('pods.room.carryOn') : finished ? t('pods.room.startAgain') : t('pods.room.start'));
    show(ui.podStart, pod && startable);
    show(ui.podRestart, pod && stopped);
    show(ui.podTime, pod && playing);
    show(ui.podActions, pod && (startable || playing));

    show(ui.actions, Boolean(room) && !finished && (!pod || Boolean(room.videoLink)));
    setVideoLink(ui.video, room?.videoLink, 'room-video');
    show(ui.help, !pod && Boolean(room) && !room.help);
    setText(ui.helpStatus, room?.help ? t('pods.room.helpComing') : '');

    show(ui.roleBox, Boolean(room));
    setText(ui.roleName, room?.role?.name ?? t('pods.room.noRoleThisRound'));
    setText(ui.brief, room?.role?.brief ?? '');
    show(ui.brief, Boolean(room?.role?.brief));

    show(ui.membersBox, Boolean(room));
    renderMembers(ui.members, room?.members, this.#lang);

    this.#renderChecklist(room);

    const observations = room?.observations ?? [];
    show(ui.observationsBox, observations.length > 0);
    renderObservations(ui.observations, observations, this.#lang);
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
          el('span', { class: 'room-choice-name' }, t('pods.room.roomNumber', { number: r.number })),
          el('span', { class: 'muted', 'data-testid': 'room-choice-size' }),
          el('button', { class: 'button button-small', type: 'button', 'data-testid': 'room-choose', onClick: () => this.#choose(r.number) }),
        );
        node.parts = { size: node.children[1], button: node.children[2] };
        return node;
      },
      (node, r) => {
        const mine = room?.number === r.number;
        setText(node.parts.size, peopleText(r.size));
        setText(node.parts.button, mine ? t('pods.room.youAreHere') : t('pods.room.join'));
        node.parts.button.setAttribute('aria-label', t(mine ? 'pods.room.youAreInRoom' : 'pods.room.joinRoom', { number: r.number }));
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
    setText(ui.checkLegend, t('pods.room.checklistTitle', { round }));
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

  /** Starts the rounds, or carries interrupted ones on; `restart` starts them again from round 1, after asking. */
  async #startRounds(restart) {
    if (restart) {
      const sure = await confirmDialog({
        title: t('pods.room.restartTitle'),
        text: t('pods.room.restartText'),
        confirm: t('pods.room.restartConfirm'),
        cancel: t('pods.room.restartCancel'),
        testid: 'restart-confirm',
      });
      if (!sure) return undefined;
    }
    const carryOn = !restart && this.#data?.status === 'finished' && this.#data?.interrupted;
    return this.#run('start', async () => {
      await this.#send('breakout.start', restart ? { restart: true } : {});
      this.#say(carryOn ? t('pods.room.carriedOn') : t('pods.room.started'));
    });
  }

  #addMinute() {
    return this.#run('time', async () => {
      await this.#send('breakout.time', { seconds: 60 });
      this.#say(t('pods.room.minuteAdded'));
    });
  }

  #askForHelp() {
    return this.#run('help', () => this.#send('breakout.help', {}));
  }

  #choose(number) {
    return this.#run('choose', async () => {
      await this.#send('breakout.choose', { room: number });
      this.#say(t('pods.room.youAreInRoomNow', { number }));
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
      this.#say(t('pods.room.checklistSaved', { round }));
    }
  }
}
