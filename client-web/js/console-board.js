// The console's card board (the `console` topic's `board`): release waiting cards, the approval queue, per-card
// moderation (pin, addressed, hide, merge), hidden cards, and naming the theme groups. No card ever carries a name.

import { el, setText, show, syncList } from './dom.js';
import { releaseExplainer, sortCards, waitingText } from './card-board.js';
import { errorText, plural } from './words.js';

/** A card's text cut to fit a select option (the full text stays on the card itself). */
function short(text, max = 60) {
  const chars = Array.from(String(text));
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

const FORCE_WARNING =
  'Release the waiting cards now, before cards from enough different people are waiting?\n\n' +
  'With so few writers, people in the room may be able to tell who wrote which card. Only do this if the group agreed.';

export class ConsoleBoard {
  #send;
  #say;
  #confirm;
  #board = null;
  #busy = new Set(); // "<card id>:<action>" on its way, so a double click sends once
  #ui;

  /**
   * @param {HTMLElement} host where the board is drawn
   * @param {{send: Function, say: (text: string) => void, confirm?: (text: string) => boolean}} options
   */
  constructor(host, { send, say, confirm = (text) => window.confirm(text) }) {
    this.#send = send;
    this.#say = say;
    this.#confirm = confirm;
    const ui = {
      panel: el('div', { class: 'console-board', 'data-testid': 'console-board', hidden: true }),
      prompt: el('h3', { class: 'panel-question', 'data-testid': 'console-board-prompt', dir: 'auto' }),
      explainer: el('p', { class: 'hint', 'data-testid': 'console-board-explainer' }),
      waiting: el('p', { class: 'vote-count', 'data-testid': 'console-waiting' }),
      release: el('button', { class: 'button button-small button-primary', type: 'button', 'data-testid': 'card-release', onClick: () => this.#release(false) }, 'Release now'),
      force: el('button', { class: 'button button-small button-danger', type: 'button', 'data-testid': 'card-force-release', onClick: () => this.#release(true) }, 'Force release…'),
      queueBox: el('section', { class: 'board-section', hidden: true }),
      queueHead: el('h4', { class: 'subhead' }),
      queue: el('ul', { class: 'mod-list', 'data-testid': 'approval-queue' }),
      cardsHead: el('h4', { class: 'subhead' }),
      cards: el('ul', { class: 'mod-list', 'data-testid': 'console-cards' }),
      cardsEmpty: el('p', { class: 'muted' }, 'No cards on the board yet.'),
      hiddenBox: el('section', { class: 'board-section', hidden: true }),
      hiddenHead: el('h4', { class: 'subhead' }),
      hidden: el('ul', { class: 'mod-list', 'data-testid': 'hidden-cards' }),
      groupsBox: el('section', { class: 'board-section', hidden: true }),
      groups: el('ul', { class: 'group-list', 'data-testid': 'card-groups' }),
    };
    ui.queueBox.append(ui.queueHead, el('p', { class: 'hint' }, 'The room sees a card only once you approve it.'), ui.queue);
    ui.hiddenBox.append(ui.hiddenHead, ui.hidden);
    ui.groupsBox.append(
      el('h4', { class: 'subhead' }, 'Themes'),
      el('p', { class: 'hint' }, 'Cards that share a keyword are grouped. Give a theme a clearer name; the room sees it on each card.'),
      ui.groups,
    );
    ui.panel.append(
      el('p', { class: 'eyebrow' }, 'Card board'),
      ui.prompt,
      ui.explainer,
      el('div', { class: 'release-row' }, ui.waiting, el('div', { class: 'button-row' }, ui.release, ui.force)),
      ui.queueBox,
      el('section', { class: 'board-section' }, ui.cardsHead, ui.cards, ui.cardsEmpty),
      ui.hiddenBox,
      ui.groupsBox,
    );
    host.replaceChildren(ui.panel);
    this.#ui = ui;
  }

  /** Draws the `console` topic's `board` (or hides itself for null). */
  update(board) {
    const ui = this.#ui;
    this.#board = board ?? null;
    show(ui.panel, Boolean(board));
    if (!board) return;
    setText(ui.prompt, board.prompt);
    setText(ui.explainer, `${releaseExplainer(board)}${board.open ? '' : ' The board is closed for new cards.'}`);
    setText(ui.waiting, waitingText(board));
    ui.waiting.dataset.count = String(board.waiting ?? 0);
    ui.release.disabled = !(board.waiting > 0);
    ui.force.disabled = !(board.waiting > 0);

    const queue = board.approvalQueue ?? [];
    show(ui.queueBox, board.moderated || queue.length > 0);
    setText(ui.queueHead, `Waiting for your approval (${queue.length})`);
    syncList(ui.queue, queue, (c) => c.id, (c) => this.#createQueued(c), (node, c) => this.#updateText(node, c));

    const cards = sortCards(board.cards, 'votes');
    setText(ui.cardsHead, `On the board (${cards.length})`);
    show(ui.cardsEmpty, cards.length === 0);
    syncList(ui.cards, cards, (c) => c.id, (c) => this.#createCard(c), (node, c) => this.#updateCard(node, c, cards));

    const hidden = board.hidden ?? [];
    show(ui.hiddenBox, hidden.length > 0);
    setText(ui.hiddenHead, `Hidden (${hidden.length})`);
    syncList(ui.hidden, hidden, (c) => c.id, (c) => this.#createHidden(c), (node, c) => this.#updateText(node, c));

    const groups = board.groups ?? [];
    show(ui.groupsBox, groups.length > 0);
    syncList(ui.groups, groups, (g) => g.id, (g) => this.#createGroup(g), (node, g) => this.#updateGroup(node, g));
  }

  // --- one card in each list ---

  #textParts() {
    return {
      text: el('p', { class: 'card-text', 'data-testid': 'card-text', dir: 'auto' }),
      merged: el('ul', { class: 'merged', 'aria-label': 'Merged into this card', hidden: true }),
    };
  }

  #updateText(node, card) {
    const { text, merged } = node.parts;
    setText(text, card.text);
    const list = card.merged ?? [];
    const key = JSON.stringify(list);
    if (merged.dataset.key !== key) {
      merged.dataset.key = key;
      merged.replaceChildren(...list.map((m) => el('li', { dir: 'auto' }, 'Also: ', el('bdi', {}, m.text))));
    }
    show(merged, list.length > 0);
  }

  #action(cardId, action, label, testid, extra = {}) {
    return el(
      'button',
      { class: 'button button-small', type: 'button', 'data-testid': testid, onClick: (event) => this.#moderate(cardId, event.currentTarget.dataset.action ?? action), ...extra },
      label,
    );
  }

  #createQueued(card) {
    const parts = this.#textParts();
    const node = el(
      'li',
      { class: 'mod-item', 'data-testid': 'queued-card', 'data-card-id': card.id },
      parts.text,
      parts.merged,
      el('div', { class: 'button-row' }, this.#action(card.id, 'approve', 'Approve', 'card-approve', { class: 'button button-small button-primary' }), this.#action(card.id, 'hide', 'Hide', 'card-reject')),
    );
    node.parts = parts;
    return node;
  }

  #createHidden(card) {
    const parts = this.#textParts();
    const node = el(
      'li',
      { class: 'mod-item mod-hidden', 'data-testid': 'hidden-card', 'data-card-id': card.id },
      parts.text,
      parts.merged,
      el('div', { class: 'button-row' }, this.#action(card.id, 'unhide', 'Unhide', 'card-unhide')),
    );
    node.parts = parts;
    return node;
  }

  #createCard(card) {
    const parts = this.#textParts();
    parts.flags = el('div', { class: 'card-flags' });
    parts.votes = el('span', { class: 'vote-chip', 'data-testid': 'card-votes' });
    parts.pin = this.#action(card.id, 'pin', 'Pin', 'card-pin');
    parts.addressed = this.#action(card.id, 'addressed', 'Mark addressed', 'card-addressed-toggle');
    const selectId = `merge-${card.id}`;
    parts.select = el('select', { id: selectId, class: 'input input-small', 'data-testid': 'card-merge-select' });
    parts.mergeButton = el('button', { class: 'button button-small', type: 'button', 'data-testid': 'card-merge', onClick: () => this.#merge(card.id, parts.select) }, 'Merge');
    parts.mergeRow = el(
      'div',
      { class: 'merge-row' },
      el('label', { for: selectId, class: 'visually-hidden' }, 'Merge this card into'),
      parts.select,
      parts.mergeButton,
    );
    const node = el(
      'li',
      { class: 'mod-item', 'data-testid': 'console-card', 'data-card-id': card.id },
      el('div', { class: 'mod-head' }, parts.flags, parts.votes),
      parts.text,
      parts.merged,
      el('div', { class: 'button-row' }, parts.pin, parts.addressed, this.#action(card.id, 'hide', 'Hide', 'card-hide')),
      parts.mergeRow,
    );
    node.parts = parts;
    return node;
  }

  #updateCard(node, card, all) {
    this.#updateText(node, card);
    const p = node.parts;
    node.dataset.pinned = String(Boolean(card.pinned));
    node.dataset.addressed = String(Boolean(card.addressed));
    const flagKey = JSON.stringify([card.pinned, card.addressed, card.group]);
    if (p.flags.dataset.key !== flagKey) {
      p.flags.dataset.key = flagKey;
      p.flags.replaceChildren(
        ...[
          card.pinned && el('span', { class: 'flag flag-pinned' }, 'Pinned'),
          card.addressed && el('span', { class: 'flag flag-addressed' }, 'Addressed'),
          card.group && el('span', { class: 'flag flag-group' }, 'Theme: ', el('bdi', {}, card.group.name)),
        ].filter(Boolean),
      );
    }
    setText(p.votes, plural(card.votes ?? 0, 'me too', 'me too'));
    p.pin.dataset.action = card.pinned ? 'unpin' : 'pin';
    setText(p.pin, card.pinned ? 'Unpin' : 'Pin');
    p.addressed.dataset.action = card.addressed ? 'unaddressed' : 'addressed';
    setText(p.addressed, card.addressed ? 'Mark not addressed' : 'Mark addressed');

    // The merge targets: every other card on the board. Rebuilt only when that set changed, keeping the choice made.
    const others = all.filter((c) => c.id !== card.id);
    const key = JSON.stringify(others.map((c) => [c.id, c.text]));
    if (p.select.dataset.key !== key) {
      const chosen = p.select.value;
      p.select.dataset.key = key;
      p.select.replaceChildren(
        el('option', { value: '' }, 'Merge into…'),
        ...others.map((c) => el('option', { value: c.id }, short(c.text))),
      );
      p.select.value = others.some((c) => c.id === chosen) ? chosen : '';
    }
    show(p.mergeRow, others.length > 0);
  }

  #createGroup(group) {
    const inputId = `group-${group.id}`;
    const parts = {
      name: el('bdi', { class: 'group-name', 'data-testid': 'group-name' }),
      count: el('span', { class: 'muted' }),
      input: el('input', { id: inputId, class: 'input input-small', type: 'text', maxlength: 60, autocomplete: 'off', 'data-testid': 'group-rename-input', dir: 'auto' }),
    };
    const form = el(
      'form',
      { class: 'merge-row', novalidate: true },
      el('label', { for: inputId, class: 'visually-hidden' }, 'New name for this theme'),
      parts.input,
      el('button', { class: 'button button-small', type: 'submit', 'data-testid': 'group-rename' }, 'Rename'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#rename(group.id, parts.input);
    });
    const node = el('li', { class: 'group-item', 'data-testid': 'card-group-item', 'data-group-id': group.id }, el('p', {}, parts.name, ' ', parts.count), form);
    node.parts = parts;
    return node;
  }

  #updateGroup(node, group) {
    const { name, count, input } = node.parts;
    setText(name, group.name);
    setText(count, `(${plural(group.cardIds?.length ?? 0, 'card', 'cards')}${group.renamed ? '' : `, keyword “${group.keyword}”`})`);
    // A name being typed (the field differs from what was last put in it) is left alone; otherwise it follows the name.
    const untouched = input.value === (input.dataset.applied ?? '');
    if (input.value === group.name || (untouched && document.activeElement !== input)) {
      input.value = group.name;
      input.dataset.applied = group.name;
    }
  }

  // --- requests ---

  async #run(key, work) {
    if (this.#busy.has(key)) return;
    this.#busy.add(key);
    try {
      await work();
    } catch (error) {
      this.#say(errorText(error));
    } finally {
      this.#busy.delete(key);
    }
  }

  #moderate(cardId, action) {
    return this.#run(`${cardId}:${action}`, () => this.#send('card.moderate', { cardId, action }));
  }

  #merge(cardId, select) {
    const intoId = select.value;
    if (!intoId) {
      this.#say('Pick the card to merge this one into first.');
      select.focus();
      return undefined;
    }
    return this.#run(`${cardId}:merge`, async () => {
      await this.#send('card.merge', { cardId, intoId });
      this.#say('Merged. Its “me too”s now count on the other card.');
    });
  }

  #rename(groupId, input) {
    const name = input.value.trim();
    if (!name) {
      this.#say('Type a name for the theme first.');
      input.focus();
      return undefined;
    }
    return this.#run(`${groupId}:rename`, async () => {
      await this.#send('card.group.rename', { groupId, name });
      this.#say(`Theme renamed to “${name}”.`);
    });
  }

  #release(force) {
    if (force && !this.#confirm(FORCE_WARNING)) return undefined;
    return this.#run(`release:${force}`, async () => {
      const result = await this.#send('card.release', { force });
      this.#say(`Released ${plural(result?.released ?? 0, 'card', 'cards')}.`);
    });
  }
}
