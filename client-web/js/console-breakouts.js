// The console's breakout rooms (the `console` topic's `breakouts`, while the current phase is a role-play): form the
// rooms, start the rounds, watch every room's clock and help requests, add time, call everyone back, move people
// between rooms (drag a person onto a room, or the per-person "Move to room…" select for keyboard and screen-reader
// users), look at a room as its members see it, and the observers' checklist roll-up. Rooms are formed with the
// people online; "Include people who are away" places the away too. Rounds interrupted by leaving the phase carry on
// with "Carry on the rounds"; "Start again from round 1" is asked for by name.

import { clockText } from './countdown.js';
import {
  durationText,
  peopleText,
  renderMembers,
  renderObservations,
  renderTimeline,
  roundText,
  stepLabel,
  setVideoLink,
  stepText,
} from './breakout-parts.js';
import { confirmDialog } from './confirm-dialog.js';
import { el, setChildren, setText, show, syncList } from './dom.js';
import { formatNumber, t } from './i18n.js';
import { requestRunner } from './status-line.js';
import { timeOfDay } from './words.js';

const FORMING_WAYS = ['auto', 'new-partners', 'reuse', 'manual', 'choose'];
const formingText = (way) => (FORMING_WAYS.includes(way) ? t(`pods.console.forming.${way}`) : way);
const statusText = (status) => (['forming', 'running', 'finished'].includes(status) ? t(`pods.console.status.${status}`) : status);

// What a dragged person carries: their id under a type of our own, so a drop of some text from elsewhere is ignored.
const DRAG_TYPE = 'application/x-huddle-participant';
// How often the rooms' clocks are redrawn; each redraw is computed from the deadline, so a late tick never drifts.
const TICK_MS = 500;

export class ConsoleBreakouts {
  #send;
  #say;
  #run;
  #serverNow;
  #data = null;
  #lang = null; // the scenario's language, for its own text (situation, roles, briefs, checklists)
  #viewAs = null; // the room number shown as its members see it, or null
  #ticker = null;
  #previewClock = null; // the ticking clock line in "View as room N"
  #ui;

  /**
   * @param {HTMLElement} host where the panel is drawn
   * @param {{send: Function, say: (text: string) => void, serverNow: () => number}} options
   */
  constructor(host, { send, say, serverNow }) {
    this.#send = send;
    this.#say = say;
    this.#run = requestRunner(say);
    this.#serverNow = serverNow;
    const ui = {
      panel: el('div', { class: 'console-breakouts', 'data-testid': 'console-breakouts', hidden: true }),
      facts: el('p', { class: 'muted', 'data-testid': 'breakout-facts' }),
      situation: el('p', { class: 'room-situation', dir: 'auto', 'data-testid': 'breakout-situation' }),
      forming: el('select', { id: 'breakout-forming', class: 'input input-small', 'data-testid': 'breakout-forming' }),
      includeAway: el('input', { id: 'breakout-include-away', type: 'checkbox', 'data-testid': 'breakout-include-away' }),
      form: el('button', { class: 'button button-small', type: 'button', 'data-testid': 'breakout-form', onClick: () => this.#form() }, t('pods.console.form')),
      start: el('button', { class: 'button button-small button-primary', type: 'button', 'data-testid': 'breakout-start', onClick: () => this.#start(false) }, t('pods.console.start')),
      restart: el('button', { class: 'button button-small', type: 'button', 'data-testid': 'breakout-restart', hidden: true, onClick: () => this.#start(true) }, t('pods.console.restart')),
      plusAll: el('button', { class: 'button button-small', type: 'button', 'data-testid': 'breakout-plus-all', onClick: () => this.#addTime(60, 0) }, t('pods.console.plusAll')),
      callBackSeconds: el('input', { id: 'callback-seconds', class: 'input input-small', type: 'number', min: 0, max: 600, step: 1, value: 60, 'data-testid': 'callback-seconds' }),
      callBack: el('button', { class: 'button button-small', type: 'submit', 'data-testid': 'callback-button' }, t('pods.console.callBack')),
      callBackStatus: el('p', { class: 'callback-status', 'data-testid': 'callback-status' }),
      // One live region for every room's help request (it stays in the page, empty while nobody asks), so the
      // facilitator hears a request wherever they are in the console; the room's card shows it too.
      helpSummary: el('p', { class: 'room-help', 'data-testid': 'breakout-help-summary', role: 'status', 'aria-live': 'polite' }),
      rooms: el('ul', { class: 'room-grid', 'data-testid': 'breakout-rooms', 'aria-label': t('pods.room.rooms') }),
      noRooms: el('p', { class: 'muted', 'data-testid': 'breakout-no-rooms' }, t('pods.console.noRooms')),
      unassignedBox: el('section', { class: 'unassigned drop-zone', 'data-testid': 'breakout-unassigned', 'data-room': 0 }),
      unassignedHead: el('h4', { class: 'subhead' }),
      unassigned: el('ul', { class: 'room-people' }),
      preview: el('section', { class: 'room-preview', 'data-testid': 'room-preview', 'aria-labelledby': 'room-preview-title', hidden: true }),
      summaryBox: el('section', { class: 'board-section', hidden: true }),
      summary: el('tbody', { 'data-testid': 'checklist-summary' }),
    };
    const callBackForm = el(
      'form',
      { class: 'merge-row', novalidate: true },
      el('label', { for: ui.callBackSeconds.id }, t('pods.console.callBackIn')),
      ui.callBackSeconds,
      ui.callBack,
    );
    callBackForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#callBack();
    });
    ui.unassignedBox.append(
      ui.unassignedHead,
      el('p', { class: 'hint' }, t('pods.console.dragHint')),
      ui.unassigned,
    );
    this.#dropTarget(ui.unassignedBox, 0);
    ui.summaryBox.append(
      el('h4', { class: 'subhead' }, t('pods.console.summaryTitle')),
      el('p', { class: 'hint' }, t('pods.console.summaryHint')),
      el('div', { class: 'table-wrap' }, el('table', { class: 'table' }, el('thead', {}, el('tr', {}, el('th', {}, t('pods.seen')), el('th', { class: 'num' }, t('pods.console.ticked')))), ui.summary)),
    );
    ui.panel.append(
      el('p', { class: 'eyebrow' }, t('pods.room.breakoutRooms')),
      ui.facts,
      el('details', { class: 'fold' }, el('summary', {}, t('pods.room.situation')), ui.situation),
      el(
        'div',
        { class: 'merge-row', role: 'group', 'aria-label': t('pods.console.formingGroup') },
        el('label', { for: ui.forming.id, class: 'visually-hidden' }, t('pods.console.formingLabel')),
        ui.forming,
        ui.form,
        ui.start,
        ui.restart,
      ),
      el(
        'p',
        { class: 'check-row breakout-include-away' },
        ui.includeAway,
        ' ',
        el('label', { for: ui.includeAway.id }, t('pods.console.includeAway')),
      ),
      el('div', { class: 'button-row' }, ui.plusAll),
      callBackForm,
      ui.callBackStatus,
      ui.helpSummary,
      ui.rooms,
      ui.noRooms,
      ui.unassignedBox,
      ui.preview,
      ui.summaryBox,
    );
    host.replaceChildren(ui.panel);
    this.#ui = ui;
  }

  /**
   * Draws the `console` topic's `breakouts` (or hides itself for null). `lang`: the scenario's language (the `session`
   * topic's `language`), set on the scenario's own text.
   */
  update(breakouts, { lang = null } = {}) {
    const ui = this.#ui;
    const data = breakouts ?? null;
    this.#data = data;
    this.#lang = lang || null;
    if (this.#lang) ui.situation.setAttribute('lang', this.#lang);
    else ui.situation.removeAttribute('lang');
    show(ui.panel, Boolean(data));
    if (!data) {
      this.#viewAs = null;
      this.#tick(false);
      return;
    }
    const running = data.status === 'running';
    const rooms = data.rooms ?? [];
    const steps = data.timeline ?? [];
    const roundLength = durationText(steps.reduce((sum, s) => sum + (s.seconds ?? 0), 0));
    const stopped = data.status === 'finished' && Boolean(data.interrupted);
    setText(
      ui.facts,
      [
        stopped ? t('pods.console.status.interrupted') : statusText(data.status),
        t('pods.console.groupsOf', { size: data.groupSize }),
        t('pods.console.roundsOfSteps', { count: data.rounds, rounds: t('pods.console.rounds', { count: data.rounds }), steps: t('pods.console.steps', { count: steps.length }), length: roundLength }),
      ].join(' · '),
    );
    ui.panel.dataset.status = data.status;
    setText(ui.situation, data.situation ?? '');

    this.#renderFormingChoice(data.forming);
    ui.form.disabled = running;
    ui.includeAway.disabled = running;
    setText(ui.form, rooms.length ? t('pods.console.formAgain') : t('pods.console.form'));
    // Interrupted rounds (the session left the phase while they ran) carry on; starting again is the other button.
    setText(ui.start, stopped ? t('pods.console.carryOn') : t('pods.console.start'));
    ui.start.disabled = !(data.status === 'forming' || stopped) || rooms.length === 0;
    show(ui.restart, stopped);
    ui.plusAll.disabled = !running;
    ui.callBack.disabled = !running;

    const asking = rooms.filter((r) => r.help).map((r) => r.number);
    setText(ui.helpSummary, asking.length ? t('pods.console.helpAsked', { count: asking.length, rooms: asking.join(', ') }) : '');
    show(ui.noRooms, rooms.length === 0);
    syncList(ui.rooms, rooms, (r) => r.number, (r) => this.#createRoom(r), (node, r) => this.#updateRoom(node, r, data));

    const unassigned = data.unassigned ?? [];
    setText(ui.unassignedHead, t('pods.console.notInRoom', { count: unassigned.length }));
    // Someone away shows as away here too: forming left them out, and they join a room when they come back.
    syncList(
      ui.unassigned,
      unassigned,
      (p) => p.id,
      (p) => this.#createPerson(p),
      (node, p) => this.#updatePerson(node, { ...p, role: null, online: typeof p.online === 'boolean' ? p.online : null }, 0, rooms.length),
    );

    if (this.#viewAs !== null && !rooms.some((r) => r.number === this.#viewAs)) this.#viewAs = null;
    this.#renderPreview();
    this.#renderSummary(data);
    this.#renderClocks();
    this.#tick(Number.isFinite(data.callBackAt) || rooms.some((r) => Number.isFinite(r.clock?.deadline)));
  }

  #roleName(roleId) {
    return this.#data?.roles?.find((r) => r.id === roleId)?.name ?? '';
  }

  #renderFormingChoice(scenarioDefault) {
    const select = this.#ui.forming;
    if (select.dataset.key === scenarioDefault) return;
    const chosen = select.value;
    select.dataset.key = scenarioDefault;
    select.replaceChildren(
      el('option', { value: '' }, t('pods.console.scenarioDefault', { way: formingText(scenarioDefault) })),
      ...FORMING_WAYS.map((value) => el('option', { value }, formingText(value))),
    );
    select.value = chosen;
  }

  // --- one room ---

  #createRoom(room) {
    const n = room.number;
    const parts = {
      help: el('p', { class: 'room-help', 'data-testid': 'room-help' }),
      clear: el('button', { class: 'button button-small', type: 'button', 'data-testid': 'help-clear', onClick: () => this.#clearHelp(n) }, t('pods.console.clear')),
      clock: el('p', { class: 'room-clock-line', 'data-testid': 'room-clock' }),
      minus: el('button', { class: 'button button-small', type: 'button', 'data-testid': 'room-minus', 'aria-label': t('pods.console.minusLabel', { number: n }), onClick: () => this.#addTime(-60, n) }, t('pods.console.minus')),
      plus: el('button', { class: 'button button-small', type: 'button', 'data-testid': 'room-plus', 'aria-label': t('pods.console.plusLabel', { number: n }), onClick: () => this.#addTime(60, n) }, t('pods.room.addMinute')),
      viewAs: el('button', { class: 'button button-small button-quiet', type: 'button', 'data-testid': 'view-as', 'aria-pressed': 'false', onClick: () => this.#toggleView(n) }, t('pods.console.viewAs', { number: n })),
      video: el('span', { class: 'video-slot' }),
      members: el('ul', { class: 'room-people', 'data-testid': 'room-members', 'aria-label': t('pods.console.peopleInRoom', { number: n }) }),
      empty: el('p', { class: 'muted' }, t('pods.console.emptyRoom')),
      obsBox: el('details', { class: 'fold', hidden: true }),
      obsHead: el('summary', {}),
      observations: el('ul', { class: 'observations' }),
    };
    parts.obsBox.append(parts.obsHead, parts.observations);
    const node = el(
      'li',
      { class: 'room-card drop-zone', 'data-testid': 'breakout-room', 'data-room': n },
      el('div', { class: 'room-card-head' }, el('h4', { class: 'room-card-title', 'data-testid': 'room-title' }, t('pods.room.roomNumber', { number: n })), parts.viewAs),
      el('div', { class: 'room-help-row' }, parts.help, parts.clear),
      parts.clock,
      el('div', { class: 'button-row', role: 'group', 'aria-label': t('pods.console.timeInRoom', { number: n }) }, parts.minus, parts.plus, parts.video),
      parts.members,
      parts.empty,
      parts.obsBox,
    );
    node.parts = parts;
    this.#dropTarget(node, n);
    return node;
  }

  #updateRoom(node, room, data) {
    const p = node.parts;
    node.room = room;
    node.dataset.help = String(Boolean(room.help));
    setText(
      p.help,
      !room.help ? '' : Number.isFinite(room.helpSince) ? t('pods.console.helpAt', { time: timeOfDay(room.helpSince, this.#serverNow() - Date.now()) }) : t('pods.console.helpAsk'),
    );
    show(p.clear, Boolean(room.help));
    p.clear.setAttribute('aria-label', t('pods.console.clearLabel', { number: room.number }));
    const counting = data.status === 'running' && Number.isFinite(room.clock?.deadline);
    p.minus.disabled = !counting;
    p.plus.disabled = !counting;
    setVideoLink(p.video, room.videoLink, 'room-video');
    p.viewAs.setAttribute('aria-pressed', String(this.#viewAs === room.number));
    const count = data.rooms.length;
    syncList(
      p.members,
      room.members ?? [],
      (m) => m.id,
      (m) => this.#createPerson(m),
      (item, m) => this.#updatePerson(item, m, room.number, count),
    );
    show(p.empty, (room.members ?? []).length === 0);
    const observations = room.observations ?? [];
    show(p.obsBox, observations.length > 0);
    setText(p.obsHead, t('pods.console.observerNotes', { count: observations.length }));
    renderObservations(p.observations, observations, this.#lang);
  }

  /** Where a room's clock stands, as one line: "Round 1 of 3 · Read your brief · 1:45 left". */
  #clockLine(room, data) {
    const clock = room.clock;
    if (data.status === 'finished' && data.interrupted && clock && !clock.done) {
      return t('pods.console.stoppedAt', { round: roundText(clock, data.rounds), step: stepLabel(data.timeline?.[clock.step]) });
    }
    if (data.status === 'finished') return t('pods.console.closed');
    if (!clock) return '';
    if (clock.done) return t('pods.room.allRounds');
    const step = data.timeline?.[clock.step];
    if (data.status === 'forming') return t('pods.console.waitingToStart', { people: peopleText(room.members?.length ?? 0) });
    const left = Number.isFinite(clock.deadline) ? t('pods.console.left', { time: clockText(clock.deadline - this.#serverNow()) }) : '';
    return [roundText(clock, data.rounds), stepLabel(step), left].filter(Boolean).join(' · ');
  }

  #renderClocks() {
    const data = this.#data;
    if (!data) return;
    for (const node of this.#ui.rooms.children) {
      if (node.room) setText(node.parts.clock, this.#clockLine(node.room, data));
    }
    if (this.#previewClock) setText(this.#previewClock, this.#clockLine(this.#previewClock.room, data));
    const callBack = Number.isFinite(data.callBackAt) && data.status === 'running';
    setText(this.#ui.callBackStatus, callBack ? t('pods.console.closeIn', { time: clockText(data.callBackAt - this.#serverNow()) }) : '');
  }

  /** Redraws the clocks every TICK_MS while any of them counts down; stops when none does. */
  #tick(on) {
    if (on) this.#ticker ??= setInterval(() => this.#renderClocks(), TICK_MS);
    else if (this.#ticker !== null) {
      clearInterval(this.#ticker);
      this.#ticker = null;
    }
  }

  // --- one person (in a room, or not in one) ---

  #createPerson(person) {
    const selectId = `move-${person.id}`;
    const parts = {
      name: el('bdi', { class: 'member-name', 'data-testid': 'member-name' }),
      role: el('span', { class: 'member-role', 'data-testid': 'member-role' }),
      online: el('span', { class: 'online-dot', 'data-testid': 'member-online' }),
      label: el('label', { for: selectId, class: 'visually-hidden' }),
      select: el('select', { id: selectId, class: 'input input-small', 'data-testid': 'move-select' }),
    };
    parts.select.addEventListener('change', () => {
      const value = parts.select.value;
      parts.select.value = '';
      if (value !== '') this.#move(person.id, Number(value));
    });
    const node = el(
      'li',
      { class: 'room-person', 'data-testid': 'room-member', 'data-participant-id': person.id, draggable: 'true' },
      el('span', { class: 'room-person-text' }, parts.online, parts.name, parts.role),
      el('span', { class: 'room-person-move' }, parts.label, parts.select),
    );
    node.addEventListener('dragstart', (event) => {
      event.dataTransfer.setData(DRAG_TYPE, person.id);
      event.dataTransfer.setData('text/plain', person.name);
      event.dataTransfer.effectAllowed = 'move';
      node.dataset.dragging = 'true';
    });
    node.addEventListener('dragend', () => delete node.dataset.dragging);
    node.parts = parts;
    return node;
  }

  /** `room` is the room the person is in (0: none); the select offers every other room of `count`, and "no room". */
  #updatePerson(node, person, room, count) {
    const p = node.parts;
    setText(p.name, person.name);
    setText(p.role, person.role ? this.#roleName(person.role) : '');
    show(p.role, Boolean(person.role));
    show(p.online, person.online !== null);
    p.online.dataset.online = String(Boolean(person.online));
    p.online.setAttribute('title', person.online ? t('pods.console.online') : t('pods.console.away'));
    setChildren(p.online, el('span', { class: 'visually-hidden' }, person.online ? t('pods.console.online') : t('pods.console.away')));
    node.dataset.online = String(person.online !== false);
    setText(p.label, t('pods.console.moveLabel', { name: person.name }));
    const targets = Array.from({ length: count }, (_, i) => i + 1).filter((n) => n !== room);
    const key = JSON.stringify([room, targets]);
    if (p.select.dataset.key !== key) {
      p.select.dataset.key = key;
      p.select.replaceChildren(
        el('option', { value: '' }, t('pods.console.moveTo')),
        ...targets.map((n) => el('option', { value: n }, t('pods.room.roomNumber', { number: n }))),
        room !== 0 && el('option', { value: 0 }, t('pods.console.outOfRooms')),
      );
    }
    show(p.select, targets.length > 0 || room !== 0);
  }

  /** Makes `node` take people dropped on it, into room `room` (0: out of every room). */
  #dropTarget(node, room) {
    const carries = (event) => event.dataTransfer?.types?.includes(DRAG_TYPE);
    node.addEventListener('dragover', (event) => {
      if (!carries(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      node.dataset.dropping = 'true';
    });
    node.addEventListener('dragleave', (event) => {
      if (!node.contains(event.relatedTarget)) delete node.dataset.dropping;
    });
    node.addEventListener('drop', (event) => {
      delete node.dataset.dropping;
      if (!carries(event)) return;
      event.preventDefault();
      const id = event.dataTransfer.getData(DRAG_TYPE);
      if (id) this.#move(id, room);
    });
  }

  // --- "View as room N" ---

  #toggleView(number) {
    const ui = this.#ui;
    // Closed from its own Close button: the focus goes back to the room's toggle instead of being lost with the preview.
    const refocus = ui.preview.contains(document.activeElement);
    this.#viewAs = this.#viewAs === number ? null : number;
    for (const node of ui.rooms.children) {
      node.parts?.viewAs.setAttribute('aria-pressed', String(this.#viewAs === node.room?.number));
      if (refocus && node.room?.number === number) node.parts.viewAs.focus();
    }
    this.#renderPreview();
    this.#renderClocks();
  }

  /**
   * What room N's members see on their own screens, from the console's data: the clock, the timeline, who is in the
   * room with which role, and each of those roles' briefs (every member sees only their own; here they are all).
   */
  #renderPreview() {
    const ui = this.#ui;
    const data = this.#data;
    const room = data?.rooms?.find((r) => r.number === this.#viewAs) ?? null;
    show(ui.preview, Boolean(room));
    // Redrawn only when what it shows changed: the console redraws on every push, and a rebuilt preview would lose the
    // reader's place and the focus on its Close button.
    const key = room ? JSON.stringify([room, data.status, data.rounds]) : '';
    if (ui.preview.dataset.key === key) return;
    ui.preview.dataset.key = key;
    this.#previewClock = null;
    if (!room) {
      setChildren(ui.preview);
      return;
    }
    this.#previewClock = el('p', { class: 'room-clock-line', 'data-testid': 'room-preview-clock' });
    this.#previewClock.room = room;
    const clock = room.clock;
    const step = data.timeline?.[clock?.step];
    const members = (room.members ?? []).map((m) => ({ name: m.name, role: this.#roleName(m.role) }));
    const roleIds = [...new Set((room.members ?? []).map((m) => m.role).filter(Boolean))];
    const lang = this.#lang;
    const timeline = el('ol', { class: 'timeline', 'aria-label': t('pods.room.timeline') });
    renderTimeline(timeline, data.timeline, data.status === 'running' ? clock : null, lang);
    const memberList = el('ul', { class: 'room-members' });
    renderMembers(memberList, members, lang);
    const observations = el('ul', { class: 'observations' });
    renderObservations(observations, room.observations, lang);
    const video = el('span', { class: 'video-slot' });
    setVideoLink(video, room.videoLink, 'room-preview-video');
    setChildren(
      ui.preview,
      el(
        'div',
        { class: 'room-card-head' },
        el('h4', { id: 'room-preview-title', class: 'subhead', 'data-testid': 'room-preview-title' }, t('pods.console.whatRoomSees', { number: room.number })),
        el('button', { class: 'button button-small button-quiet', type: 'button', onClick: () => this.#toggleView(room.number) }, t('pods.console.close')),
      ),
      el('p', { class: 'hint' }, t('pods.console.previewHint')),
      this.#previewClock,
      clock && !clock.done && data.status === 'running' && el('p', { class: 'room-step' }, stepText(data.timeline, clock)),
      step?.prompt && data.status === 'running' && el('p', { class: 'room-prompt', dir: 'auto', lang }, step.prompt),
      timeline,
      video,
      el('h5', { class: 'subhead' }, t('pods.console.inTheRoom')),
      memberList,
      roleIds.map((id) => {
        const role = data.roles?.find((r) => r.id === id);
        if (!role) return null;
        const who = (room.members ?? []).filter((m) => m.role === id).map((m) => m.name).join(', ');
        return el(
          'section',
          { class: 'role-brief', 'data-testid': 'preview-brief', 'data-role': id },
          el('p', { class: 'eyebrow' }, t('pods.console.briefFor', { names: who })),
          el('h5', { class: 'role-name', lang }, role.name),
          el('p', { class: 'brief-text', dir: 'auto', lang }, role.brief),
          role.checklist?.length > 0 &&
            el('ul', { class: 'checklist-list', 'aria-label': t('pods.console.observerChecklist') }, role.checklist.map((item) => el('li', { dir: 'auto', lang }, item))),
        );
      }),
      room.observations?.length > 0 && [el('h5', { class: 'subhead' }, t('pods.room.observersSaw')), observations],
    );
  }

  #renderSummary(data) {
    const ui = this.#ui;
    const rows = data.checklistSummary ?? [];
    show(ui.summaryBox, rows.length > 0);
    const byRole = new Map();
    for (const row of rows) {
      if (!byRole.has(row.role)) byRole.set(row.role, []);
      byRole.get(row.role).push(row);
    }
    setChildren(
      ui.summary,
      [...byRole].map(([role, items]) => [
        byRole.size > 1 && el('tr', {}, el('th', { colspan: 2, scope: 'colgroup', lang: this.#lang }, this.#roleName(role) || role)),
        items.map((row) => el('tr', { 'data-testid': 'summary-row' }, el('td', { dir: 'auto', lang: this.#lang }, row.item), el('td', { class: 'num' }, formatNumber(row.ticked)))),
      ]),
    );
  }

  // --- requests ---

  #form() {
    const forming = this.#ui.forming.value;
    const includeAway = this.#ui.includeAway.checked;
    return this.#run('form', async () => {
      await this.#send('breakout.form', { ...(forming ? { forming } : {}), ...(includeAway ? { includeAway } : {}) });
      this.#say(t('pods.console.formed'));
    });
  }

  /** Starts the rounds, or carries interrupted ones on; `restart` starts them again from round 1, after asking. */
  async #start(restart) {
    if (restart) {
      const sure = await confirmDialog({
        title: t('pods.room.restartTitle'),
        text: t('pods.console.restartText'),
        confirm: t('pods.room.restartConfirm'),
        cancel: t('pods.room.restartCancel'),
        testid: 'restart-confirm',
      });
      if (!sure) return undefined;
    }
    const carryOn = !restart && this.#data?.status === 'finished' && this.#data?.interrupted;
    return this.#run('start', async () => {
      await this.#send('breakout.start', restart ? { restart: true } : {});
      this.#say(carryOn ? t('pods.console.carriedOn') : t('pods.console.started'));
    });
  }

  #addTime(seconds, room) {
    return this.#run(`time:${room}:${seconds}`, () => this.#send('breakout.time', room ? { seconds, room } : { seconds }));
  }

  #callBack() {
    const input = this.#ui.callBackSeconds;
    const seconds = Number(input.value);
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 600) {
      this.#say(t('pods.console.callBackRange'));
      input.focus();
      return undefined;
    }
    return this.#run('callback', async () => {
      await this.#send('breakout.callback', { seconds });
      this.#say(seconds === 0 ? t('pods.console.roomsClosed') : t('pods.console.roomsCloseIn', { time: clockText(seconds * 1000) }));
    });
  }

  #clearHelp(room) {
    return this.#run(`help:${room}`, () => this.#send('breakout.help.clear', { room }));
  }

  #move(participantId, room) {
    const data = this.#data;
    const from = data?.rooms?.find((r) => r.members?.some((m) => m.id === participantId))?.number ?? 0;
    if (from === room) return undefined;
    return this.#run(`move:${participantId}`, () => this.#send('breakout.move', { participantId, room }));
  }
}
