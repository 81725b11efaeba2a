// The console's breakout rooms (the `console` topic's `breakouts`, while the current phase is a role-play): form the
// rooms, start the rounds, watch every room's clock and help requests, add time, call everyone back, move people
// between rooms (drag a person onto a room, or the per-person "Move to room…" select for keyboard and screen-reader
// users), look at a room as its members see it, and the observers' checklist roll-up.

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
import { el, setChildren, setText, show, syncList } from './dom.js';
import { requestRunner } from './status-line.js';
import { plural, timeOfDay } from './words.js';

const FORMING_WORDS = {
  auto: 'Balanced groups',
  'new-partners': 'New partners: fewest repeat pairs',
  reuse: 'Same rooms as last time',
  manual: 'Empty rooms: I place people',
  choose: 'Empty rooms: people pick one',
};

const STATUS_WORDS = { forming: 'Forming rooms', running: 'Rounds running', finished: 'Rooms closed' };

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
      form: el('button', { class: 'button button-small', type: 'button', 'data-testid': 'breakout-form', onClick: () => this.#form() }, 'Form rooms'),
      start: el('button', { class: 'button button-small button-primary', type: 'button', 'data-testid': 'breakout-start', onClick: () => this.#start() }, 'Start rounds'),
      plusAll: el('button', { class: 'button button-small', type: 'button', 'data-testid': 'breakout-plus-all', onClick: () => this.#addTime(60, 0) }, '+1 min all rooms'),
      callBackSeconds: el('input', { id: 'callback-seconds', class: 'input input-small', type: 'number', min: 0, max: 600, step: 1, value: 60, 'data-testid': 'callback-seconds' }),
      callBack: el('button', { class: 'button button-small', type: 'submit', 'data-testid': 'callback-button' }, 'Call everyone back'),
      callBackStatus: el('p', { class: 'callback-status', 'data-testid': 'callback-status' }),
      // One live region for every room's help request (it stays in the page, empty while nobody asks), so the
      // facilitator hears a request wherever they are in the console; the room's card shows it too.
      helpSummary: el('p', { class: 'room-help', 'data-testid': 'breakout-help-summary', role: 'status', 'aria-live': 'polite' }),
      rooms: el('ul', { class: 'room-grid', 'data-testid': 'breakout-rooms', 'aria-label': 'Rooms' }),
      noRooms: el('p', { class: 'muted', 'data-testid': 'breakout-no-rooms' }, 'No rooms yet. Form them when everyone is here.'),
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
      el('label', { for: ui.callBackSeconds.id }, 'Call back in (seconds, 0 = now)'),
      ui.callBackSeconds,
      ui.callBack,
    );
    callBackForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#callBack();
    });
    ui.unassignedBox.append(
      ui.unassignedHead,
      el('p', { class: 'hint' }, 'Drag a person onto a room, or use “Move to room…” next to their name.'),
      ui.unassigned,
    );
    this.#dropTarget(ui.unassignedBox, 0);
    ui.summaryBox.append(
      el('h4', { class: 'subhead' }, 'Observer checklists, all rooms'),
      el('p', { class: 'hint' }, 'How many saved checklists ticked each item, over every room and round.'),
      el('div', { class: 'table-wrap' }, el('table', { class: 'table' }, el('thead', {}, el('tr', {}, el('th', {}, 'Seen'), el('th', { class: 'num' }, 'Ticked'))), ui.summary)),
    );
    ui.panel.append(
      el('p', { class: 'eyebrow' }, 'Breakout rooms'),
      ui.facts,
      el('details', { class: 'fold' }, el('summary', {}, 'The situation'), ui.situation),
      el(
        'div',
        { class: 'merge-row', role: 'group', 'aria-label': 'Forming rooms' },
        el('label', { for: ui.forming.id, class: 'visually-hidden' }, 'How to form the rooms'),
        ui.forming,
        ui.form,
        ui.start,
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

  /** Draws the `console` topic's `breakouts` (or hides itself for null). */
  update(breakouts) {
    const ui = this.#ui;
    const data = breakouts ?? null;
    this.#data = data;
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
    setText(
      ui.facts,
      [STATUS_WORDS[data.status] ?? data.status, `groups of ${data.groupSize}`, `${plural(data.rounds, 'round', 'rounds')} of ${plural(steps.length, 'step', 'steps')} (${roundLength} each)`].join(' · '),
    );
    ui.panel.dataset.status = data.status;
    setText(ui.situation, data.situation ?? '');

    this.#renderFormingChoice(data.forming);
    ui.form.disabled = running;
    setText(ui.form, rooms.length ? 'Form rooms again' : 'Form rooms');
    ui.start.disabled = data.status !== 'forming' || rooms.length === 0;
    ui.plusAll.disabled = !running;
    ui.callBack.disabled = !running;

    const asking = rooms.filter((r) => r.help).map((r) => r.number);
    setText(ui.helpSummary, asking.length ? `Help asked in ${asking.length === 1 ? 'room' : 'rooms'} ${asking.join(', ')}` : '');
    show(ui.noRooms, rooms.length === 0);
    syncList(ui.rooms, rooms, (r) => r.number, (r) => this.#createRoom(r), (node, r) => this.#updateRoom(node, r, data));

    const unassigned = data.unassigned ?? [];
    setText(ui.unassignedHead, `Not in a room (${unassigned.length})`);
    syncList(
      ui.unassigned,
      unassigned,
      (p) => p.id,
      (p) => this.#createPerson(p),
      (node, p) => this.#updatePerson(node, { ...p, role: null, online: null }, 0, rooms.length),
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
      el('option', { value: '' }, `Scenario default: ${FORMING_WORDS[scenarioDefault] ?? scenarioDefault}`),
      ...Object.entries(FORMING_WORDS).map(([value, words]) => el('option', { value }, words)),
    );
    select.value = chosen;
  }

  // --- one room ---

  #createRoom(room) {
    const n = room.number;
    const parts = {
      help: el('p', { class: 'room-help', 'data-testid': 'room-help' }),
      clear: el('button', { class: 'button button-small', type: 'button', 'data-testid': 'help-clear', onClick: () => this.#clearHelp(n) }, 'Clear'),
      clock: el('p', { class: 'room-clock-line', 'data-testid': 'room-clock' }),
      minus: el('button', { class: 'button button-small', type: 'button', 'data-testid': 'room-minus', 'aria-label': `−1 min, room ${n}`, onClick: () => this.#addTime(-60, n) }, '−1 min'),
      plus: el('button', { class: 'button button-small', type: 'button', 'data-testid': 'room-plus', 'aria-label': `+1 min, room ${n}`, onClick: () => this.#addTime(60, n) }, '+1 min'),
      viewAs: el('button', { class: 'button button-small button-quiet', type: 'button', 'data-testid': 'view-as', 'aria-pressed': 'false', onClick: () => this.#toggleView(n) }, `View as room ${n}`),
      video: el('span', { class: 'video-slot' }),
      members: el('ul', { class: 'room-people', 'data-testid': 'room-members', 'aria-label': `People in room ${n}` }),
      empty: el('p', { class: 'muted' }, 'Nobody here yet. Drag people onto this room.'),
      obsBox: el('details', { class: 'fold', hidden: true }),
      obsHead: el('summary', {}),
      observations: el('ul', { class: 'observations' }),
    };
    parts.obsBox.append(parts.obsHead, parts.observations);
    const node = el(
      'li',
      { class: 'room-card drop-zone', 'data-testid': 'breakout-room', 'data-room': n },
      el('div', { class: 'room-card-head' }, el('h4', { class: 'room-card-title', 'data-testid': 'room-title' }, `Room ${n}`), parts.viewAs),
      el('div', { class: 'room-help-row' }, parts.help, parts.clear),
      parts.clock,
      el('div', { class: 'button-row', role: 'group', 'aria-label': `Time in room ${n}` }, parts.minus, parts.plus, parts.video),
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
    setText(p.help, room.help ? `Asked for help${Number.isFinite(room.helpSince) ? ` at ${timeOfDay(room.helpSince, this.#serverNow() - Date.now())}` : ''}` : '');
    show(p.clear, Boolean(room.help));
    p.clear.setAttribute('aria-label', `Clear room ${room.number}'s help request`);
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
    setText(p.obsHead, `Observer notes (${observations.length})`);
    renderObservations(p.observations, observations);
  }

  /** Where a room's clock stands, as one line: "Round 1 of 3 · Read your brief · 1:45 left". */
  #clockLine(room, data) {
    const clock = room.clock;
    if (data.status === 'finished') return 'Closed';
    if (!clock) return '';
    if (clock.done) return 'All rounds played';
    const step = data.timeline?.[clock.step];
    if (data.status === 'forming') return `Waiting to start · ${peopleText(room.members?.length ?? 0)}`;
    const left = Number.isFinite(clock.deadline) ? `${clockText(clock.deadline - this.#serverNow())} left` : '';
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
    setText(this.#ui.callBackStatus, callBack ? `Rooms close in ${clockText(data.callBackAt - this.#serverNow())}` : '');
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
    p.online.setAttribute('title', person.online ? 'online' : 'away');
    setChildren(p.online, el('span', { class: 'visually-hidden' }, person.online ? 'online' : 'away'));
    node.dataset.online = String(person.online !== false);
    setText(p.label, `Move ${person.name} to`);
    const targets = Array.from({ length: count }, (_, i) => i + 1).filter((n) => n !== room);
    const key = JSON.stringify([room, targets]);
    if (p.select.dataset.key !== key) {
      p.select.dataset.key = key;
      p.select.replaceChildren(
        el('option', { value: '' }, 'Move to room…'),
        ...targets.map((n) => el('option', { value: n }, `Room ${n}`)),
        room !== 0 && el('option', { value: 0 }, 'Out of every room'),
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
    const timeline = el('ol', { class: 'timeline', 'aria-label': 'Timeline of a round' });
    renderTimeline(timeline, data.timeline, data.status === 'running' ? clock : null);
    const memberList = el('ul', { class: 'room-members' });
    renderMembers(memberList, members);
    const observations = el('ul', { class: 'observations' });
    renderObservations(observations, room.observations);
    const video = el('span', { class: 'video-slot' });
    setVideoLink(video, room.videoLink, 'room-preview-video');
    setChildren(
      ui.preview,
      el(
        'div',
        { class: 'room-card-head' },
        el('h4', { id: 'room-preview-title', class: 'subhead', 'data-testid': 'room-preview-title' }, `What room ${room.number} sees`),
        el('button', { class: 'button button-small button-quiet', type: 'button', onClick: () => this.#toggleView(room.number) }, 'Close'),
      ),
      el('p', { class: 'hint' }, 'Each member sees only their own role’s brief; all of this room’s briefs are shown here.'),
      this.#previewClock,
      clock && !clock.done && data.status === 'running' && el('p', { class: 'room-step' }, stepText(data.timeline, clock)),
      step?.prompt && data.status === 'running' && el('p', { class: 'room-prompt', dir: 'auto' }, step.prompt),
      timeline,
      video,
      el('h5', { class: 'subhead' }, 'In the room'),
      memberList,
      roleIds.map((id) => {
        const role = data.roles?.find((r) => r.id === id);
        if (!role) return null;
        const who = (room.members ?? []).filter((m) => m.role === id).map((m) => m.name).join(', ');
        return el(
          'section',
          { class: 'role-brief', 'data-testid': 'preview-brief', 'data-role': id },
          el('p', { class: 'eyebrow' }, `Brief for ${who}`),
          el('h5', { class: 'role-name' }, role.name),
          el('p', { class: 'brief-text', dir: 'auto' }, role.brief),
          role.checklist?.length > 0 &&
            el('ul', { class: 'checklist-list', 'aria-label': 'Observer checklist' }, role.checklist.map((item) => el('li', { dir: 'auto' }, item))),
        );
      }),
      room.observations?.length > 0 && [el('h5', { class: 'subhead' }, 'What the observers saw'), observations],
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
        byRole.size > 1 && el('tr', {}, el('th', { colspan: 2, scope: 'colgroup' }, this.#roleName(role) || role)),
        items.map((row) => el('tr', { 'data-testid': 'summary-row' }, el('td', { dir: 'auto' }, row.item), el('td', { class: 'num' }, String(row.ticked)))),
      ]),
    );
  }

  // --- requests ---

  #form() {
    const forming = this.#ui.forming.value;
    return this.#run('form', async () => {
      await this.#send('breakout.form', forming ? { forming } : {});
      this.#say('Rooms formed. Check them, then start the rounds.');
    });
  }

  #start() {
    return this.#run('start', async () => {
      await this.#send('breakout.start', {});
      this.#say('Rounds started in every room.');
    });
  }

  #addTime(seconds, room) {
    return this.#run(`time:${room}:${seconds}`, () => this.#send('breakout.time', room ? { seconds, room } : { seconds }));
  }

  #callBack() {
    const input = this.#ui.callBackSeconds;
    const seconds = Number(input.value);
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 600) {
      this.#say('Call back in 0 to 600 seconds.');
      input.focus();
      return undefined;
    }
    return this.#run('callback', async () => {
      await this.#send('breakout.callback', { seconds });
      this.#say(seconds === 0 ? 'Rooms closed.' : `Rooms close in ${clockText(seconds * 1000)}.`);
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
