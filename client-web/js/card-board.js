// The participant's confusion-card board (`activity.board`): write a card (card.submit), see the released cards, and
// say "me too" (card.vote). Cards carry no author; they arrive in shuffled batches once K people have written.

import { attachCounter, el, setText, show, syncList } from './dom.js';
import { formatNumber, t } from './i18n.js';
import { errorText } from './words.js';

// A long board shows this many cards and a "Show more" button that adds as many again (issue 16 item 8): on a phone
// fifty cards would bury the form and everything below it.
export const CARDS_PER_PAGE = 10;
// The status-line tag of "your card is in, it appears once enough people have written": taken back at the release.
const WAITING_TAG = 'card-waiting';

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
  const text = k <= 1 ? t('participant.board.explainSoon') : t('participant.board.explainK', { k });
  return board.moderated ? `${text} ${t('participant.board.moderated')}` : text;
}

/** "No cards waiting" / "2 cards waiting". */
export function waitingText(board) {
  const waiting = board.waiting ?? 0;
  return waiting ? t('participant.board.waiting', { count: waiting }) : t('participant.board.noneWaiting');
}

const SORTS = [
  { id: 'votes', label: 'participant.board.sortVotes' },
  { id: 'newest', label: 'participant.board.sortNewest' },
];

/** Whether a card with `text` is on `board`, its own or merged into another. */
function onBoard(board, text) {
  return (board?.cards ?? []).some((card) => card.text === text || (card.merged ?? []).some((m) => m.text === text));
}

export class CardBoard {
  #send;
  #say;
  #unsay;
  #board = null;
  #shownCount = CARDS_PER_PAGE;
  #waitingText = null; // the text of this person's card while "it appears once enough people have written" is said
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
  constructor(host, { send, say, unsay = () => false }) {
    this.#send = send;
    this.#say = say;
    this.#unsay = unsay;
    const textId = 'card-text';
    const ui = {
      prompt: el('h2', { class: 'board-prompt', 'data-testid': 'board-prompt', dir: 'auto' }),
      explainer: el('p', { class: 'hint', 'data-testid': 'board-explainer' }),
      waiting: el('p', { class: 'board-waiting', 'data-testid': 'board-waiting', role: 'status', 'aria-live': 'polite' }),
      text: el('textarea', { id: textId, class: 'input textarea', rows: 3, 'data-testid': 'card-input', dir: 'auto' }),
      counter: el('p', { class: 'counter', id: `${textId}-counter`, 'data-testid': 'card-counter' }),
      left: el('p', { class: 'hint', id: `${textId}-left`, 'data-testid': 'cards-left' }),
      submit: el('button', { class: 'button button-primary', type: 'submit', 'data-testid': 'card-submit' }, t('participant.board.add')),
      closed: el('p', { class: 'notice', 'data-testid': 'board-closed', hidden: true }, t('participant.board.closed')),
      sortGroup: el('div', { class: 'segmented', role: 'group', 'aria-label': t('participant.board.sortBy'), 'data-testid': 'board-sort' }),
      list: el('ul', { class: 'board-list', 'data-testid': 'board-cards', 'aria-label': t('participant.board.list') }),
      empty: el('p', { class: 'muted', 'data-testid': 'board-empty' }, t('participant.board.empty')),
      more: el('button', { class: 'button button-quiet show-more', type: 'button', 'data-testid': 'board-more', hidden: true, onClick: () => this.#showMore() }),
    };
    ui.text.setAttribute('aria-describedby', ui.left.id);
    ui.text.maxLength = this.#maxLength;
    this.#renderCounter = attachCounter(ui.text, ui.counter);
    ui.form = el(
      'form',
      { class: 'card-form', 'data-testid': 'card-form', novalidate: true },
      el('div', { class: 'field' }, el('label', { for: textId }, t('participant.board.write')), ui.text, ui.counter),
      ui.left,
      el('div', { class: 'poll-actions' }, ui.submit),
    );
    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#write();
    });
    ui.sortButtons = SORTS.map((sort) =>
      el('button', { class: 'segment', type: 'button', 'data-sort': sort.id, 'aria-pressed': 'false', onClick: () => this.#setSort(sort.id) }, t(sort.label)),
    );
    ui.sortGroup.append(...ui.sortButtons);
    host.replaceChildren(
      el('p', { class: 'eyebrow' }, t('participant.board.eyebrow')),
      ui.prompt,
      ui.explainer,
      ui.waiting,
      ui.form,
      ui.closed,
      el('div', { class: 'board-head' }, el('h3', { class: 'section-title' }, t('participant.board.onTheBoard')), ui.sortGroup),
      ui.list,
      ui.more,
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
      this.#shownCount = CARDS_PER_PAGE;
      this.#waitingText = null;
    }
    this.#takeBackWaiting(board);
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
          ? t('participant.board.spent', { count: board.maxPerPerson ?? 0 })
          : t('participant.board.left', { count: left }),
    );
    ui.text.disabled = spent;
    ui.submit.disabled = spent || this.#busy;
    setText(ui.submit, this.#busy ? t('participant.sending') : t('participant.board.add'));
  }

  #renderCards() {
    const ui = this.#ui;
    const board = this.#board;
    const mine = new Set(this.#me?.meToo ?? []);
    const cards = sortCards(board.cards, this.#sort);
    for (const button of ui.sortButtons) button.setAttribute('aria-pressed', String(button.dataset.sort === this.#sort));
    show(ui.empty, cards.length === 0);
    show(ui.list, cards.length > 0);
    const shown = cards.slice(0, this.#shownCount);
    const hidden = cards.length - shown.length;
    show(ui.more, hidden > 0);
    setText(ui.more, t('participant.board.showMore', { count: Math.min(hidden, CARDS_PER_PAGE) }));
    ui.list.dataset.total = String(cards.length);
    syncList(
      ui.list,
      shown,
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
      el('span', { class: 'me-too-label' }, t('participant.board.meToo')),
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
          card.pinned && el('span', { class: 'flag flag-pinned', 'data-testid': 'card-pinned' }, t('participant.board.pinned')),
          card.addressed && el('span', { class: 'flag flag-addressed', 'data-testid': 'card-addressed' }, t('participant.board.addressed')),
          card.group && el('span', { class: 'flag flag-group', 'data-testid': 'card-group' }, t('participant.board.theme'), ' ', el('bdi', {}, card.group.name)),
        ].filter(Boolean),
      );
    }
    flags.hidden = flags.childElementCount === 0;
    setText(votes, formatNumber(card.votes ?? 0));
    votes.setAttribute('aria-label', t('participant.board.votes', { count: card.votes ?? 0 }));
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

  /** "Show more": the next page of cards; the focus moves to the first card it added, so a keyboard user reads on there. */
  #showMore() {
    const before = this.#shownCount;
    this.#shownCount += CARDS_PER_PAGE;
    if (!this.#board) return;
    this.#renderCards();
    const first = this.#ui.list.children[before];
    if (first) {
      first.tabIndex = -1;
      first.focus();
    }
  }

  /**
   * Replaces "your card appears once enough people have written" once it did (a card with its text is on the board).
   * (Cards carry no author; the text is what this page knows of its own card.)
   */
  #takeBackWaiting(board) {
    if (this.#waitingText === null || !onBoard(board, this.#waitingText)) return;
    this.#waitingText = null;
    // Said again as it is now (not just cleared): the person who wrote the last card needed sees it confirmed too.
    if (this.#unsay(WAITING_TAG)) this.#say(t('participant.board.released'));
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
      this.#say(t('participant.board.writeFirst'));
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
      const left = Number.isFinite(result?.cardsLeft) ? ` ${t('participant.board.left', { count: result.cardsLeft })}` : '';
      // Held back until enough people wrote (unless this card was the one that released them, and is out already).
      if (k > 1 && !onBoard(this.#board, text)) {
        this.#waitingText = text;
        this.#say(`${t('participant.board.inWaiting')}${left}`, WAITING_TAG);
      } else {
        this.#say(`${t('participant.board.in')}${left}`);
      }
    } catch (error) {
      // "Too many cards" comes back as rate_limited; the server's own sentence says which limit it was.
      this.#say(error?.code === 'rate_limited' && error.message && error.message !== error.code ? error.message : errorText(error));
    } finally {
      this.#busy = false;
      if (this.#board) this.#renderForm();
    }
  }
}
