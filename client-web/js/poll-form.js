// The participant's ballot form for the poll on screen (`activity.poll`): one form per poll kind, refilled from the
// participant's own ballot (`me.ballot`) so a reload or a second tab shows what they answered, and poll.vote /
// poll.withdraw to send or take back an answer.

import { attachCounter, charCount, el, setText, show } from './dom.js';
import { t } from './i18n.js';
import { errorText, pollKindText } from './words.js';

let formCount = 0;

// From this many options on, the choices are drawn compact (smaller rows, two columns where they fit), so on a phone
// the question, every option and the Send button fit the first screen (issue 16 item 8).
const COMPACT_FROM = 7;

/** What of a poll decides the form's fields: rebuilt when this changes, never just because a count changed. */
function shapeOf(poll) {
  return JSON.stringify([poll.pollId, poll.kind, poll.question, poll.options, poll.maxChoices, poll.scale, poll.maxEntries, poll.maxLength]);
}

export class PollForm {
  #host;
  #send;
  #say;
  #shape = null;
  #poll = null;
  #ballot = null; // the ballot the server holds for this person in this poll, or null
  #applied = 'null'; // JSON of the last ballot written into the fields
  #busy = false;
  #form;
  #fieldset;
  #fields; // kind-specific: {read(): vote | string (a problem), fill(ballot), clear(), sync()}
  #note;
  #submit;
  #withdraw;
  #closedNote;
  #privacy;

  /**
   * @param {HTMLElement} host an element the form is drawn into
   * @param {{send: (type: string, fields: object) => Promise<object>, say: (text: string) => void}} options
   *   `send` makes a request; `say` puts a sentence in the page's polite status line.
   */
  constructor(host, { send, say }) {
    this.#host = host;
    this.#send = send;
    this.#say = say;
  }

  /** Shows `poll` (activity.poll, or null) with `mine` (me.ballot, or null). */
  update(poll, mine) {
    if (!poll) {
      this.#host.replaceChildren();
      this.#shape = null;
      this.#poll = null;
      return;
    }
    const shape = shapeOf(poll);
    if (shape !== this.#shape) {
      this.#shape = shape;
      this.#build(poll);
      this.#applied = 'null';
    }
    this.#poll = poll;
    this.#ballot = mine && mine.pollId === poll.pollId ? mine.ballot ?? null : null;
    // Refill only when the stored ballot changed, so a push about something else never wipes what is being typed.
    const json = JSON.stringify(this.#ballot);
    if (json !== this.#applied) {
      if (this.#ballot) this.#fields.fill(this.#ballot);
      else if (this.#applied !== 'null') this.#fields.clear();
      this.#applied = json;
    }
    this.#render();
  }

  #render() {
    const open = this.#poll.status === 'open';
    const answered = Boolean(this.#ballot);
    // Not disabled while sending: that would throw the focus out of a text field someone just pressed Enter in.
    this.#fieldset.disabled = !open;
    this.#fields.sync();
    show(this.#note, answered && open);
    show(this.#closedNote, !open);
    setText(this.#closedNote, answered ? t('participant.poll.closedCounted') : t('participant.poll.closed'));
    // Said every time, since the facilitator may switch a poll between named and anonymous before anyone votes.
    setText(
      this.#privacy,
      this.#poll.anonymous ? t('participant.poll.anonymous') : t('participant.poll.named'),
    );
    this.#form.dataset.answered = String(answered);
    setText(this.#submit, this.#busy ? t('participant.sending') : answered ? t('participant.poll.change') : t('participant.poll.send'));
    show(this.#submit, open);
    this.#submit.disabled = this.#busy;
    show(this.#withdraw, open && answered);
    this.#withdraw.disabled = this.#busy;
  }

  #build(poll) {
    const n = ++formCount;
    const legendId = `poll-${n}-question`;
    const hintId = `poll-${n}-hint`;
    const hint = el('p', { id: hintId, class: 'hint poll-hint', 'data-testid': 'poll-hint' });
    this.#fields = buildFields(poll, n, hint);
    this.#note = el('p', { class: 'ballot-note', 'data-testid': 'ballot-note', hidden: true }, t('participant.poll.ballotNote'));
    this.#closedNote = el('p', { class: 'notice poll-closed', 'data-testid': 'poll-closed', hidden: true });
    this.#privacy = el('p', { class: 'poll-privacy', 'data-testid': 'poll-privacy' });
    this.#submit = el('button', { class: 'button button-primary', type: 'submit', 'data-testid': 'poll-submit' }, t('participant.poll.send'));
    this.#withdraw = el(
      'button',
      { class: 'button button-quiet', type: 'button', 'data-testid': 'poll-withdraw', hidden: true, onClick: () => this.#takeBack() },
      t('participant.poll.withdraw'),
    );
    this.#fieldset = el(
      'fieldset',
      { class: 'poll-fieldset', 'aria-describedby': hintId },
      el('legend', { id: legendId, class: 'poll-question', 'data-testid': 'poll-question' }, el('bdi', {}, poll.question)),
      hint,
      this.#privacy,
      this.#fields.node,
    );
    this.#form = el(
      'form',
      { class: 'poll-form', 'data-testid': 'poll-form', 'data-kind': poll.kind, 'data-poll-id': poll.pollId, novalidate: true },
      el('p', { class: 'eyebrow' }, pollKindText(poll.kind)),
      this.#fieldset,
      this.#note,
      this.#closedNote,
      el('div', { class: 'poll-actions' }, this.#submit, this.#withdraw),
    );
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#vote();
    });
    this.#host.replaceChildren(this.#form);
  }

  async #vote() {
    if (this.#busy || !this.#poll) return;
    const vote = this.#fields.read();
    if (typeof vote === 'string') {
      this.#say(vote);
      return;
    }
    const { pollId } = this.#poll;
    await this.#run(async () => {
      await this.#send('poll.vote', { pollId, vote });
      this.#say(this.#ballot ? t('participant.poll.changed') : t('participant.poll.in'));
    });
  }

  async #takeBack() {
    if (this.#busy || !this.#poll) return;
    const { pollId } = this.#poll;
    await this.#run(async () => {
      await this.#send('poll.withdraw', { pollId });
      this.#fields.clear();
      // The withdraw button goes away with the ballot; keep keyboard focus in the form rather than on the page body.
      this.#fieldset.querySelector('input, textarea')?.focus();
      this.#say(t('participant.poll.takenBack'));
    });
  }

  async #run(work) {
    this.#busy = true;
    this.#render();
    try {
      await work();
    } catch (error) {
      // The per-person pace (rate_limited) says how fast one may change an answer.
      this.#say(errorText(error, ['rate_limited']));
    } finally {
      this.#busy = false;
      if (this.#poll) this.#render();
    }
  }
}

// --- the fields of each kind ---

function buildFields(poll, n, hint) {
  switch (poll.kind) {
    case 'single':
      return choiceFields(poll, n, hint, false);
    case 'multi':
      return choiceFields(poll, n, hint, true);
    case 'scale':
      return scaleFields(poll, n, hint);
    case 'wordcloud':
      return textFields(poll, n, hint, false);
    case 'open':
      return textFields(poll, n, hint, true);
    default:
      setText(hint, t('participant.poll.unknownKind'));
      return { node: el('div'), read: () => t('participant.poll.cannotAnswer'), fill() {}, clear() {}, sync() {} };
  }
}

function choiceFields(poll, n, hint, multi) {
  const options = poll.options ?? [];
  const max = multi ? Math.min(poll.maxChoices ?? options.length, options.length) : 1;
  setText(hint, multi ? (max < options.length ? t('participant.poll.pickUpTo', { count: max }) : t('participant.poll.pickAll')) : t('participant.poll.pickOne'));
  const inputs = options.map((_, i) =>
    el('input', { type: multi ? 'checkbox' : 'radio', name: `poll-${n}-choice`, value: i, id: `poll-${n}-option-${i}`, 'data-testid': 'poll-option-input' }),
  );
  const node = el(
    'div',
    { class: `choices${options.length >= COMPACT_FROM ? ' choices-compact' : ''}`, 'data-count': options.length },
    options.map((option, i) =>
      el('label', { class: 'choice', for: `poll-${n}-option-${i}`, 'data-testid': 'poll-option' }, inputs[i], el('bdi', { class: 'choice-text' }, option)),
    ),
  );
  const chosen = () => inputs.filter((input) => input.checked).map((input) => Number(input.value));
  // A checkbox beyond maxChoices is switched off, not refused after the fact, so nobody is surprised on submit.
  const sync = () => {
    if (!multi) return;
    const full = chosen().length >= max;
    for (const input of inputs) input.disabled = full && !input.checked;
  };
  node.addEventListener('change', sync);
  return {
    node,
    read() {
      const picked = chosen();
      if (!picked.length) return multi ? t('participant.poll.pickSomeFirst') : t('participant.poll.pickOneFirst');
      return multi ? { choices: picked } : { choice: picked[0] };
    },
    fill(ballot) {
      const picked = new Set(multi ? ballot.choices ?? [] : [ballot.choice]);
      inputs.forEach((input, i) => {
        input.checked = picked.has(i);
      });
      sync();
    },
    clear() {
      for (const input of inputs) input.checked = false;
      sync();
    },
    sync,
  };
}

function scaleFields(poll, n, hint) {
  const { min = 1, max = 5, minLabel = '', maxLabel = '' } = poll.scale ?? {};
  setText(hint, t('participant.poll.scaleHint', { min, max, minLabel, maxLabel }));
  const values = [];
  for (let v = min; v <= max; v += 1) values.push(v);
  const inputs = values.map((v) => el('input', { type: 'radio', name: `poll-${n}-scale`, value: v, id: `poll-${n}-point-${v}`, 'data-testid': 'poll-option-input' }));
  const node = el(
    'div',
    { class: 'scale' },
    el(
      'div',
      { class: 'scale-row' },
      values.map((v, i) =>
        el(
          'label',
          { class: 'scale-point', for: `poll-${n}-point-${v}`, 'data-testid': 'poll-option' },
          inputs[i],
          el('span', { class: 'scale-value' }, String(v)),
          // The end labels are read with their number, so "1, I put it off" is one choice to a screen reader.
          v === min && minLabel && el('span', { class: 'visually-hidden' }, `, ${minLabel}`),
          v === max && maxLabel && el('span', { class: 'visually-hidden' }, `, ${maxLabel}`),
        ),
      ),
    ),
    el('div', { class: 'scale-ends', 'aria-hidden': 'true' }, el('span', {}, minLabel), el('span', {}, maxLabel)),
  );
  return {
    node,
    read() {
      const picked = inputs.find((input) => input.checked);
      return picked ? { value: Number(picked.value) } : t('participant.poll.pickNumberFirst');
    },
    fill(ballot) {
      for (const input of inputs) input.checked = Number(input.value) === ballot.value;
    },
    clear() {
      for (const input of inputs) input.checked = false;
    },
    sync() {},
  };
}

function textFields(poll, n, hint, long) {
  const entries = Math.max(1, poll.maxEntries ?? 1);
  const maxLength = poll.maxLength ?? (long ? 280 : 25);
  setText(
    hint,
    long
      ? entries > 1 ? t('participant.poll.answersHint', { count: entries, max: maxLength }) : t('participant.poll.answerHint', { max: maxLength })
      : entries > 1 ? t('participant.poll.wordsHint', { count: entries, max: maxLength }) : t('participant.poll.wordHint', { max: maxLength }),
  );
  const rows = [];
  for (let i = 0; i < entries; i += 1) {
    const id = `poll-${n}-entry-${i}`;
    const label = entries > 1
      ? t(long ? 'participant.poll.answerN' : 'participant.poll.wordN', { n: i + 1 })
      : t(long ? 'participant.poll.yourAnswer' : 'participant.poll.yourWord');
    // Several answers get two rows each, so the Send button stays near on a phone.
    const input = long
      ? el('textarea', { id, class: 'input textarea', rows: entries > 1 ? 2 : 3, maxlength: maxLength, 'data-testid': 'poll-text-input', dir: 'auto' })
      : el('input', { id, class: 'input', type: 'text', maxlength: maxLength, autocomplete: 'off', 'data-testid': 'poll-text-input', dir: 'auto' });
    const counter = el('p', { class: 'counter', id: `${id}-counter`, 'data-testid': 'poll-text-counter' });
    const render = attachCounter(input, counter);
    rows.push({ input, render, node: el('div', { class: 'field' }, el('label', { for: id }, label), input, counter) });
  }
  const set = (values) => {
    rows.forEach((row, i) => {
      row.input.value = values[i] ?? '';
      row.render();
    });
  };
  return {
    node: el('div', { class: 'text-entries' }, rows.map((row) => row.node)),
    read() {
      const values = rows.map((row) => row.input.value.trim()).filter(Boolean);
      if (!values.length) return t(long ? 'participant.poll.writeAnswerFirst' : 'participant.poll.writeWordFirst');
      if (values.some((v) => charCount(v) > maxLength)) return t(long ? 'participant.poll.answerTooLong' : 'participant.poll.wordTooLong', { max: maxLength });
      return long ? { texts: values } : { words: values };
    },
    fill(ballot) {
      set(long ? ballot.texts ?? (ballot.text !== undefined ? [ballot.text] : []) : ballot.words ?? []);
    },
    clear() {
      set([]);
    },
    sync() {},
  };
}
