// Pieces of a breakout room drawn the same way on a participant's room screen (breakout-room.js) and in the console's
// "View as room N" (console-breakouts.js): where the room's clock stands, the timeline, the members, the observer notes.
// Rooms and rounds are numbered from 1 on the wire; a clock's `step` indexes the timeline from 0.

import { deadlinePhase } from './countdown.js';
import { el, setChildren } from './dom.js';
import { t } from './i18n.js';

const STEP_KINDS = new Set(['prepare', 'play', 'feedback', 'reflect']);

/** Whether a step's name is the scenario's own label (scenario text, in the scenario's language) or our word for its kind. */
export function stepLabelIsScenarioText(step) {
  const label = String(step?.label ?? '').trim();
  return Boolean(label) && label !== step.kind;
}

/** A step's name: its label, or its kind in words when the scenario gave no label (the server then sends the kind). */
export function stepLabel(step) {
  if (!step) return '';
  if (stepLabelIsScenarioText(step)) return String(step.label).trim();
  return STEP_KINDS.has(step.kind) ? t(`pods.step.${step.kind}`) : String(step.label ?? '').trim();
}

/** "2 min", "45 s", "1 min 30 s": a step's planned length. */
export function durationText(seconds) {
  const total = Math.max(0, Math.round(Number(seconds) || 0));
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  if (!minutes) return t('pods.duration.seconds', { seconds: rest });
  return rest ? t('pods.duration.minutesSeconds', { minutes, seconds: rest }) : t('pods.duration.minutes', { minutes });
}

/** "Round 2 of 3". */
export function roundText(clock, rounds) {
  return t('pods.round', { round: clock.round, rounds });
}

/** "Step 2 of 3: Conversation", or '' when the clock points outside the timeline. */
export function stepText(timeline, clock) {
  const step = timeline?.[clock.step];
  if (!step) return '';
  return t('pods.stepOf', { step: clock.step + 1, steps: timeline.length, label: stepLabel(step) });
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

/**
 * Draws the whole timeline into the <ol> `list`, the step the clock is on marked as the current one. `lang` is the
 * scenario's language (the `session` topic's `language`), set on the scenario's own step labels.
 */
export function renderTimeline(list, timeline, clock, lang = null) {
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
        el('span', { class: 'timeline-label', lang: stepLabelIsScenarioText(step) ? lang : null }, stepLabel(step)),
        el('span', { class: 'timeline-time' }, durationText(step.seconds), index === current ? t('pods.timelineNow') : ''),
      ),
    ),
  );
}

/** Draws the room's members into the <ul> `list`: name, role name (scenario text, in `lang`), and "(you)" for the reader. */
export function renderMembers(list, members, lang = null) {
  setChildren(
    list,
    (members ?? []).map((m) =>
      el(
        'li',
        { class: `room-member${m.you ? ' room-member-me' : ''}`, 'data-testid': 'room-member' },
        el('bdi', { class: 'room-member-name', 'data-testid': 'room-member-name' }, m.name),
        m.you && el('span', { class: 'you' }, t('pods.you')),
        m.role
          ? el('span', { class: 'room-member-role', 'data-testid': 'room-member-role', lang }, m.role)
          : el('span', { class: 'room-member-role', 'data-testid': 'room-member-role' }, t('pods.noRole')),
      ),
    ),
  );
}

/** Draws the observers' saved checklists into the <ul> `list` (newest round first); checklist items are in `lang`. */
export function renderObservations(list, observations, lang = null) {
  const sorted = [...(observations ?? [])].sort((a, b) => b.round - a.round);
  setChildren(
    list,
    sorted.map((o) =>
      el(
        'li',
        { class: 'observation', 'data-testid': 'room-observation' },
        el('p', { class: 'observation-head' }, t('pods.observationRound', { round: o.round }), el('bdi', {}, o.observer)),
        o.ticked?.length
          ? el('ul', { class: 'observation-ticked', 'aria-label': t('pods.seen') }, o.ticked.map((item) => el('li', { dir: 'auto', lang }, item)))
          : el('p', { class: 'muted' }, t('pods.nothingTicked')),
        o.note && el('p', { class: 'observation-note', 'data-testid': 'observation-note', dir: 'auto' }, o.note),
      ),
    ),
  );
}

/** "3 people" for a room's size. */
export function peopleText(n) {
  return t('pods.people', { count: n });
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
    href && el('a', { class: 'button button-small video-link', href, target: '_blank', rel: 'noopener', 'data-testid': testid }, t('pods.videoCall')),
  );
}
