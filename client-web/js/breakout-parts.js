// Pieces of a breakout room drawn the same way on a participant's room screen (breakout-room.js) and in the console's
// "View as room N" (console-breakouts.js): where the room's clock stands, the timeline, the members, the observer notes.
// Rooms and rounds are numbered from 1 on the wire; a clock's `step` indexes the timeline from 0.

import { deadlinePhase } from './countdown.js';
import { el, setChildren } from './dom.js';
import { plural } from './words.js';

const STEP_WORDS = { prepare: 'Prepare', play: 'Play', feedback: 'Feedback', reflect: 'Reflect' };

/** A step's name: its label, or its kind in words when the scenario gave no label (the server then sends the kind). */
export function stepLabel(step) {
  if (!step) return '';
  const label = String(step.label ?? '').trim();
  return label && label !== step.kind ? label : STEP_WORDS[step.kind] ?? label ?? '';
}

/** "2 min", "45 s", "1 min 30 s": a step's planned length. */
export function durationText(seconds) {
  const total = Math.max(0, Math.round(Number(seconds) || 0));
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (!m) return `${s} s`;
  return s ? `${m} min ${s} s` : `${m} min`;
}

/** "Round 2 of 3". */
export function roundText(clock, rounds) {
  return `Round ${clock.round} of ${rounds}`;
}

/** "Step 2 of 3: Conversation", or '' when the clock points outside the timeline. */
export function stepText(timeline, clock) {
  const step = timeline?.[clock.step];
  if (!step) return '';
  return `Step ${clock.step + 1} of ${timeline.length}: ${stepLabel(step)}`;
}

/**
 * The room's clock in the shape Countdown draws, or null when it is not counting down (rounds not started, all done,
 * rooms closed). `room` keeps two rooms' clocks apart; a new round or step starts the countdown fresh.
 */
export function stepCountdown(room, clock, timeline, rounds) {
  const step = timeline?.[clock?.step];
  if (!clock || clock.done || !step) return null;
  const lastStep = clock.step >= timeline.length - 1;
  // The server moves the room on by itself: to the next step, to the next round's first step, or to "done".
  const next = !lastStep ? 'step' : clock.round < rounds ? 'round' : null;
  return deadlinePhase(`room ${room} round ${clock.round} step ${clock.step}`, clock.deadline, step.seconds, next);
}

/** Draws the whole timeline into the <ol> `list`, the step the clock is on marked as the current one. */
export function renderTimeline(list, timeline, clock) {
  const current = clock && !clock.done ? clock.step : -1;
  setChildren(
    list,
    (timeline ?? []).map((step, index) =>
      el(
        'li',
        {
          class: `timeline-step${index === current ? ' timeline-current' : ''}${index < current ? ' timeline-done' : ''}`,
          'data-testid': 'timeline-step',
          'data-current': String(index === current),
          'aria-current': index === current ? 'step' : null,
        },
        el('span', { class: 'timeline-label' }, stepLabel(step)),
        el('span', { class: 'timeline-time' }, durationText(step.seconds), index === current ? ' · now' : ''),
      ),
    ),
  );
}

/** Draws the room's members into the <ul> `list`: name, role name, and "(you)" for the reader. */
export function renderMembers(list, members) {
  setChildren(
    list,
    (members ?? []).map((m) =>
      el(
        'li',
        { class: `room-member${m.you ? ' room-member-me' : ''}`, 'data-testid': 'room-member' },
        el('bdi', { class: 'room-member-name', 'data-testid': 'room-member-name' }, m.name),
        m.you && el('span', { class: 'you' }, ' (you)'),
        el('span', { class: 'room-member-role', 'data-testid': 'room-member-role' }, m.role || 'No role'),
      ),
    ),
  );
}

/** Draws the observers' saved checklists into the <ul> `list` (newest round first). */
export function renderObservations(list, observations) {
  const sorted = [...(observations ?? [])].sort((a, b) => b.round - a.round);
  setChildren(
    list,
    sorted.map((o) =>
      el(
        'li',
        { class: 'observation', 'data-testid': 'room-observation' },
        el('p', { class: 'observation-head' }, `Round ${o.round} · `, el('bdi', {}, o.observer)),
        o.ticked?.length
          ? el('ul', { class: 'observation-ticked', 'aria-label': 'Seen' }, o.ticked.map((item) => el('li', { dir: 'auto' }, item)))
          : el('p', { class: 'muted' }, 'Nothing ticked.'),
        o.note && el('p', { class: 'observation-note', 'data-testid': 'observation-note', dir: 'auto' }, o.note),
      ),
    ),
  );
}

/** "3 people" for a room's size. */
export function peopleText(n) {
  return plural(n, 'person', 'people');
}

/**
 * Puts a link to the room's video call in `slot` (empty when the room has none). Only web addresses become links: the
 * address comes from the scenario's template, and a `javascript:` one must never be clickable. The link is rebuilt only
 * when the address changed, so a push does not take the keyboard focus off it.
 */
export function setVideoLink(slot, url, testid) {
  const href = typeof url === 'string' && /^https?:\/\//i.test(url) ? url : '';
  if (slot.dataset.href === href) return;
  slot.dataset.href = href;
  setChildren(
    slot,
    href && el('a', { class: 'button button-small video-link', href, target: '_blank', rel: 'noopener', 'data-testid': testid }, 'Open the room’s video call'),
  );
}
