// The participant's confusion-card board (`activity.board`): write a card (card.submit), see the released cards, and
// say "me too" (card.vote). Cards carry no author; they arrive in shuffled batches once K people have written.

import { attachCounter, el, setText, show, syncList } from './dom.js';
import { errorText, plural } from './words.js';

/**
 * The board's cards in display order: pinned first, then by "me too" votes (most first) or by release batch (newest
 * batch first). Stable: ties keep the server's order, which within a batch is the batch's shuffle, never writing order.
 */
export function sortCards(cards, order = 'votes') {
  return (cards ?? [])
    .map((card, index) => ({ card, index }))
    .sort((a, b) => {
      const pinned = Number(Boolean(b.card.pinned)) - Number(Boolean(a.card.pinned));
      if (pinned) return pinned;
      const by = order === 'newest' ? (b.card.batch ?? 0) - (a.card.batch ?? 0) : (b.card.votes ?? 0) - (a.card.votes ?? 0);
      return by || a.index - b.index;
    })
    .map(({ card }) => card);
}

/** The words under a board's title that say how cards reach the room (the K rule), before anyone wonders why it is empty. */
export function releaseExplainer(board) {
  const k = board.releaseThreshold ?? 1;
  const moderated = board.moderated ? ' The facilitator reviews each card before the room sees it.' : '';
  if (k <= 1) return `Cards appear on the board soon after they are written, with no name on them.${moderated}`;
  return `Cards carry no names. They stay hidden until ${k} different people have written, then appear together in shuffled order, so nobody can tell who wrote which.${moderated}`;
}

/** "No cards waiting" / "2 cards waiting". */
export function waitingText(board) {
  const waiting = board.waiting ?? 0;
  return waiting ? `${plural(waiting, 'card', 'cards')} waiting` : 'No cards waiting';
}

const SORTS = [
  { id: 'votes', label: 'Most “me too”' },
  { id: 'newest', label: 'Newest' },
];

export class CardBoard {
  #send;
  #say;
  #board = null;
  #me = null;
  #sort = 'votes';
  #prompt = null;
  #busy = false;
  #pendingVotes = new Set();
  #maxLength = 280;
  #ui;
  #renderCounter;

  /**
   * @param {HTMLElement} host the element the board is drawn into
   * @param {{send: (type: string, fields: object) => Promise<object>, say: (text: string) => void}} options
   */
  constructor(host, { send, say }) {
    this.#send = send;
    this.#say = say;
    const textId = 'card-text';
    const ui = {
      prompt: el('h2', { class: 'board-prompt', 'data-testid': 'board-prompt', dir: 'auto' }),
      explainer: el('p', { class: 'hint', 'data-testid': 'board-explainer' }),
      waiting: el('p', { class: 'board-waiting', 'data-testid': 'board-waiting', role: 'status', 'aria-live': 'polite' }),
      text: el('textarea', { id: textId, class: 'input textarea', rows: 3, 'data-testid': 'card-input', dir: 'auto' }),
      counter: el('p', { class: 'counter', id: `${textId}-counter`, 'data-testid': 'card-counter' }),
      left: el('p', { class: 'hint', id: `${textId}-left`, 'data-testid': 'cards-left' }),
      submit: el('button', { class: 'button button-primary', type: 'submit', 'data-testid': 'card-submit' }, 'Add my card'),
      closed: el('p', { class: 'notice', 'data-testid': 'board-closed', hidden: true }, 'This board takes no more cards.'),
      sortGroup: el('div', { class: 'segmented', role: 'group', 'aria-label': 'Sort cards by', 'data-testid': 'board-sort' }),
      list: el('ul', { class: 'board-list', 'data-testid': 'board-cards', 'aria-label': 'Cards on the board' }),
      empty: el('p', { class: 'muted', 'data-testid': 'board-empty' }, 'No cards on the board yet.'),
    };
    ui.text.setAttribute('aria-describedby', ui.left.id);
    ui.text.maxLength = this.#maxLength;
    this.#renderCounter = attachCounter(ui.text, ui.counter);
    ui.form = el(
      'form',
      { class: 'card-form', 'data-testid': 'card-form', novalidate: true },
      el('div', { class: 'field' }, el('label', { for: textId }, 'Write a card'), ui.text, ui.counter),
      ui.left,
      el('div', { class: 'poll-actions' }, ui.submit),
    );
    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#write();
    });
    ui.sortButtons = SORTS.map((sort) =>
      el('button', { class: 'segment', type: 'button', 'data-sort': sort.id, 'aria-pressed': 'false', onClick: () => this.#setSort(sort.id) }, sort.label),
    );
    ui.sortGroup.append(...ui.sortButtons);
    host.replaceChildren(
      el('p', { class: 'eyebrow' }, 'Question cards'),
      ui.prompt,
      ui.explainer,
      ui.waiting,
      ui.form,
      ui.closed,
      el('div', { class: 'board-head' }, el('h3', { class: 'section-title' }, 'On the board'), ui.sortGroup),
      ui.list,
      ui.empty,
    );
    this.#ui = ui;
  }

  /** Shows `board` (activity.board, or null) for the person `me` (the `me` topic). */
  update(board, me) {
    this.#board = board;
    this.#me = me ?? null;
    if (!board) return;
    const ui = this.#ui;
    if (board.prompt !== this.#prompt) {
      // Another board (a new phase): a draft written for the last prompt does not belong here.
      if (this.#prompt !== null) ui.text.value = '';
      this.#prompt = board.prompt;
    }
    setText(ui.prompt, board.prompt);
    setText(ui.explainer, releaseExplainer(board));
    setText(ui.waiting, waitingText(board));
    if (board.maxLength && board.maxLength !== this.#maxLength) {
      this.#maxLength = board.maxLength;
      ui.text.maxLength = board.maxLength;
      this.#renderCounter();
    }
    this.#renderForm();
    this.#renderCards();
  }

  #renderForm() {
    const ui = this.#ui;
    const board = this.#board;
    const left = this.#me?.cardsLeft;
    const spent = left === 0;
    show(ui.form, board.open);
    show(ui.closed, !board.open);
    setText(
      ui.left,
      left === null || left === undefined
        ? ''
        : spent
          ? `You have written all ${plural(board.maxPerPerson ?? 0, 'card', 'cards')} you can in this phase.`
          : `You can write ${plural(left, 'more card', 'more cards')}.`,
    );
    ui.text.disabled = spent;
    ui.submit.disabled = spent || this.#busy;
    setText(ui.submit, this.#busy ? 'Sending…' : 'Add my card');
  }

  #renderCards() {
    const ui = this.#ui;
    const board = this.#board;
    const mine = new Set(this.#me?.meToo ?? []);
    const cards = sortCards(board.cards, this.#sort);
    for (const button of ui.sortButtons) button.setAttribute('aria-pressed', String(button.dataset.sort === this.#sort));
    show(ui.empty, cards.length === 0);
    show(ui.list, cards.length > 0);
    syncList(
      ui.list,
      cards,
      (card) => card.id,
      (card) => this.#createCard(card),
      (node, card) => this.#updateCard(node, card, mine.has(card.id), board.votesEnabled !== false),
    );
  }

  #createCard(card) {
    const parts = {
      flags: el('div', { class: 'card-flags' }),
      text: el('p', { class: 'card-text', 'data-testid': 'card-text', dir: 'auto' }),
      votes: el('span', { class: 'me-too-count', 'data-testid': 'card-votes' }),
    };
    parts.button = el(
      'button',
      { class: 'me-too', type: 'button', 'data-testid': 'me-too', 'aria-pressed': 'false', onClick: () => this.#toggleMeToo(card.id, parts.button) },
      el('span', { class: 'me-too-label' }, 'Me too'),
      parts.votes,
    );
    const node = el('li', { class: 'board-item', 'data-testid': 'board-card', 'data-card-id': card.id }, parts.flags, parts.text, parts.button);
    node.parts = parts;
    return node;
  }

  #updateCard(node, card, pressed, votesEnabled) {
    const { flags, text, votes, button } = node.parts;
    node.dataset.pinned = String(Boolean(card.pinned));
    node.dataset.addressed = String(Boolean(card.addressed));
    node.dataset.batch = String(card.batch ?? '');
    setText(text, card.text);
    const flagKey = JSON.stringify([card.pinned, card.addressed, card.group]);
    if (flags.dataset.key !== flagKey) {
      flags.dataset.key = flagKey;
      flags.replaceChildren(
        ...[
          card.pinned && el('span', { class: 'flag flag-pinned', 'data-testid': 'card-pinned' }, 'Pinned'),
          card.addressed && el('span', { class: 'flag flag-addressed', 'data-testid': 'card-addressed' }, 'Addressed'),
          card.group && el('span', { class: 'flag flag-group', 'data-testid': 'card-group' }, 'Theme: ', el('bdi', {}, card.group.name)),
        ].filter(Boolean),
      );
    }
    flags.hidden = flags.childElementCount === 0;
    setText(votes, String(card.votes ?? 0));
    votes.setAttribute('aria-label', plural(card.votes ?? 0, 'person', 'people'));
    button.setAttribute('aria-pressed', String(pressed));
    show(button, votesEnabled);
  }

  async #toggleMeToo(cardId, button) {
    // While one toggle is on its way a second click would race it; the button keeps focus (no `disabled`).
    if (this.#pendingVotes.has(cardId)) return;
    const vote = button.getAttribute('aria-pressed') !== 'true';
    this.#pendingVotes.add(cardId);
    button.setAttribute('aria-busy', 'true');
    try {
      await this.#send('card.vote', { cardId, vote });
    } catch (error) {
      this.#say(errorText(error));
    } finally {
      this.#pendingVotes.delete(cardId);
      button.removeAttribute('aria-busy');
    }
  }

  #setSort(sort) {
    if (sort === this.#sort) return;
    this.#sort = sort;
    if (this.#board) this.#renderCards();
  }

  async #write() {
    const ui = this.#ui;
    if (this.#busy || !this.#board) return;
    const text = ui.text.value.trim();
    if (!text) {
      this.#say('Write something on the card first.');
      ui.text.focus();
      return;
    }
    this.#busy = true;
    this.#renderForm();
    try {
      const result = await this.#send('card.submit', { text });
      ui.text.value = '';
      this.#renderCounter();
      const k = this.#board?.releaseThreshold ?? 1;
      const left = Number.isFinite(result?.cardsLeft) ? ` You can write ${plural(result.cardsLeft, 'more card', 'more cards')}.` : '';
      this.#say(`${k > 1 ? 'Your card is in. It appears once enough people have written.' : 'Your card is in.'}${left}`);
    } catch (error) {
      // "Too many cards" comes back as rate_limited; the server's own sentence says which limit it was.
      this.#say(error?.code === 'rate_limited' && error.message && error.message !== error.code ? error.message : errorText(error));
    } finally {
      this.#busy = false;
      if (this.#board) this.#renderForm();
    }
  }
}
