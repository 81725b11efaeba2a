// The console's card board (the `console` topic's `board`): release waiting cards, the approval queue, per-card
// moderation (pin, addressed, hide, merge), hidden cards, and naming the theme groups. No card ever carries a name.

import { el, setText, show, syncList } from './dom.js';
import { releaseExplainer, sortCards, waitingText } from './card-board.js';
import { t } from './i18n.js';
import { errorText } from './words.js';

// What the filter offers: which lists it shows and which of their cards. Waiting = the approval queue, released = on
// the board, hidden = taken off it.
const FILTERS = {
  all: { lists: ['queue', 'cards', 'hidden'] },
  waiting: { lists: ['queue'] },
  released: { lists: ['cards'] },
  grouped: { lists: ['cards'], keep: (c) => Boolean(c.group) },
  ungrouped: { lists: ['cards'], keep: (c) => !c.group },
  pinned: { lists: ['cards'], keep: (c) => Boolean(c.pinned) },
  open: { lists: ['cards'], keep: (c) => !c.addressed },
  addressed: { lists: ['cards'], keep: (c) => Boolean(c.addressed) },
  hidden: { lists: ['hidden'] },
};

/** The words a search looks in: the card's own text and the texts merged into it, folded for case. */
function haystack(card) {
  return [card.text, ...(card.merged ?? []).map((m) => m.text)].join('\n').toLocaleLowerCase();
}

/** A card's text cut to fit a select option (the full text stays on the card itself). */
function short(text, max = 60) {
  const chars = Array.from(String(text));
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}


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
      release: el('button', { class: 'button button-small button-primary', type: 'button', 'data-testid': 'card-release', onClick: () => this.#release(false) }, t('console.board.release')),
      force: el('button', { class: 'button button-small button-danger', type: 'button', 'data-testid': 'card-force-release', onClick: () => this.#release(true) }, t('console.board.force')),
      // 50+ cards stay workable: a search over the texts, a filter by where a card stands, and the order.
      search: el('input', { id: 'card-search', class: 'input input-small', type: 'search', autocomplete: 'off', 'data-testid': 'card-search', dir: 'auto' }),
      filter: el(
        'select',
        { id: 'card-filter', class: 'input input-small', 'data-testid': 'card-filter' },
        Object.keys(FILTERS).map((f) => el('option', { value: f }, t(`console.board.filter.${f}`))),
      ),
      sort: el(
        'select',
        { id: 'card-sort', class: 'input input-small', 'data-testid': 'card-sort' },
        el('option', { value: 'votes' }, t('console.board.sort.votes')),
        el('option', { value: 'newest' }, t('console.board.sort.newest')),
      ),
      shown: el('p', { class: 'hint board-shown', 'data-testid': 'card-shown', role: 'status', 'aria-live': 'polite' }),
      cardsBox: el('section', { class: 'board-section' }),
      queueBox: el('section', { class: 'board-section', hidden: true }),
      queueHead: el('h4', { class: 'subhead' }),
      queue: el('ul', { class: 'mod-list', 'data-testid': 'approval-queue' }),
      cardsHead: el('h4', { class: 'subhead' }),
      cards: el('ul', { class: 'mod-list', 'data-testid': 'console-cards' }),
      cardsEmpty: el('p', { class: 'muted', 'data-testid': 'console-cards-empty' }, t('console.board.empty')),
      hiddenBox: el('section', { class: 'board-section', hidden: true }),
      hiddenHead: el('h4', { class: 'subhead' }),
      hidden: el('ul', { class: 'mod-list', 'data-testid': 'hidden-cards' }),
      groupsBox: el('section', { class: 'board-section', hidden: true }),
      groups: el('ul', { class: 'group-list', 'data-testid': 'card-groups' }),
    };
    ui.queueBox.append(ui.queueHead, el('p', { class: 'hint' }, t('console.board.queueHint')), ui.queue);
    ui.hiddenBox.append(ui.hiddenHead, ui.hidden);
    ui.groupsBox.append(
      el('h4', { class: 'subhead' }, t('console.board.themes')),
      el('p', { class: 'hint' }, t('console.board.themesHint')),
      ui.groups,
    );
    ui.cardsBox.append(ui.cardsHead, ui.cards, ui.cardsEmpty);
    const redraw = () => this.update(this.#board);
    ui.search.addEventListener('input', redraw);
    ui.filter.addEventListener('change', redraw);
    ui.sort.addEventListener('change', redraw);
    ui.tools = el(
      'div',
      { class: 'board-tools', role: 'search', 'data-testid': 'card-tools' },
      el('div', { class: 'field' }, el('label', { for: ui.search.id }, t('console.board.search')), ui.search),
      el('div', { class: 'field' }, el('label', { for: ui.filter.id }, t('console.board.filter')), ui.filter),
      el('div', { class: 'field' }, el('label', { for: ui.sort.id }, t('console.board.sort')), ui.sort),
      ui.shown,
    );
    ui.panel.append(
      el('p', { class: 'eyebrow' }, t('console.board.eyebrow')),
      ui.prompt,
      ui.explainer,
      el('div', { class: 'release-row' }, ui.waiting, el('div', { class: 'button-row' }, ui.release, ui.force)),
      ui.tools,
      ui.queueBox,
      ui.cardsBox,
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
    setText(ui.explainer, board.open ? releaseExplainer(board) : t('console.board.closed', { explainer: releaseExplainer(board) }));
    setText(ui.waiting, waitingText(board));
    ui.waiting.dataset.count = String(board.waiting ?? 0);
    ui.release.disabled = !(board.waiting > 0);
    ui.force.disabled = !(board.waiting > 0);

    const filter = FILTERS[ui.filter.value] ?? FILTERS.all;
    const query = ui.search.value.trim().toLocaleLowerCase();
    const pick = (list) => list.filter((c) => (!filter.keep || filter.keep(c)) && (!query || haystack(c).includes(query)));
    const narrowed = filter !== FILTERS.all || query !== '';

    const queueAll = board.approvalQueue ?? [];
    const queue = filter.lists.includes('queue') ? pick(queueAll) : [];
    show(ui.queueBox, filter.lists.includes('queue') && (board.moderated || queueAll.length > 0));
    setText(ui.queueHead, t('console.board.queueHead', { count: queueAll.length }));
    syncList(ui.queue, queue, (c) => c.id, (c) => this.#createQueued(c), (node, c) => this.#updateText(node, c));

    const all = sortCards(board.cards, ui.sort.value === 'newest' ? 'newest' : 'votes');
    const cards = filter.lists.includes('cards') ? pick(all) : [];
    show(ui.cardsBox, filter.lists.includes('cards'));
    setText(ui.cardsHead, t('console.board.cardsHead', { count: all.length }));
    setText(ui.cardsEmpty, all.length === 0 ? t('console.board.empty') : t('console.board.noMatch'));
    show(ui.cardsEmpty, cards.length === 0);
    syncList(ui.cards, cards, (c) => c.id, (c) => this.#createCard(c), (node, c) => this.#updateCard(node, c, all));

    const hiddenAll = board.hidden ?? [];
    const hidden = filter.lists.includes('hidden') ? pick(hiddenAll) : [];
    show(ui.hiddenBox, filter.lists.includes('hidden') && (hiddenAll.length > 0 || filter === FILTERS.hidden));
    setText(ui.hiddenHead, t('console.board.hiddenHead', { count: hiddenAll.length }));
    syncList(ui.hidden, hidden, (c) => c.id, (c) => this.#createHidden(c), (node, c) => this.#updateText(node, c));

    // The toolbar matters once there are cards to look through; "12 of 60 shown" says a filter or search is on.
    const total = queueAll.length + all.length + hiddenAll.length;
    show(ui.tools, total > 0 || narrowed);
    const shownCount = queue.length + cards.length + hidden.length;
    setText(ui.shown, narrowed ? t('console.board.shown', { count: shownCount, total }) : '');

    const groups = board.groups ?? [];
    show(ui.groupsBox, groups.length > 0);
    syncList(ui.groups, groups, (g) => g.id, (g) => this.#createGroup(g), (node, g) => this.#updateGroup(node, g));
  }

  // --- one card in each list ---

  #textParts() {
    return {
      text: el('p', { class: 'card-text', 'data-testid': 'card-text', dir: 'auto' }),
      merged: el('ul', { class: 'merged', 'aria-label': t('console.board.mergedLabel'), hidden: true }),
    };
  }

  #updateText(node, card) {
    const { text, merged } = node.parts;
    setText(text, card.text);
    const list = card.merged ?? [];
    const key = JSON.stringify(list);
    if (merged.dataset.key !== key) {
      merged.dataset.key = key;
      merged.replaceChildren(...list.map((m) => el('li', { dir: 'auto' }, t('console.board.also'), el('bdi', {}, m.text))));
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
      el('div', { class: 'button-row' }, this.#action(card.id, 'approve', t('console.board.approve'), 'card-approve', { class: 'button button-small button-primary' }), this.#action(card.id, 'hide', t('console.board.hide'), 'card-reject')),
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
      el('div', { class: 'button-row' }, this.#action(card.id, 'unhide', t('console.board.unhide'), 'card-unhide')),
    );
    node.parts = parts;
    return node;
  }

  #createCard(card) {
    const parts = this.#textParts();
    parts.flags = el('div', { class: 'card-flags' });
    parts.votes = el('span', { class: 'vote-chip', 'data-testid': 'card-votes' });
    parts.pin = this.#action(card.id, 'pin', t('console.board.pin'), 'card-pin');
    parts.addressed = this.#action(card.id, 'addressed', t('console.board.addressed'), 'card-addressed-toggle');
    const selectId = `merge-${card.id}`;
    parts.select = el('select', { id: selectId, class: 'input input-small', 'data-testid': 'card-merge-select' });
    parts.mergeButton = el('button', { class: 'button button-small', type: 'button', 'data-testid': 'card-merge', onClick: () => this.#merge(card.id, parts.select) }, t('console.board.merge'));
    parts.mergeRow = el(
      'div',
      { class: 'merge-row' },
      el('label', { for: selectId, class: 'visually-hidden' }, t('console.board.mergeLabel')),
      parts.select,
      parts.mergeButton,
    );
    const node = el(
      'li',
      { class: 'mod-item mod-compact', 'data-testid': 'console-card', 'data-card-id': card.id },
      parts.votes,
      el('div', { class: 'mod-body' }, parts.flags, parts.text, parts.merged),
      el('div', { class: 'button-row mod-actions' }, parts.pin, parts.addressed, this.#action(card.id, 'hide', t('console.board.hide'), 'card-hide'), parts.mergeRow),
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
          card.pinned && el('span', { class: 'flag flag-pinned' }, t('console.board.pinned')),
          card.addressed && el('span', { class: 'flag flag-addressed' }, t('console.board.isAddressed')),
          card.group && el('span', { class: 'flag flag-group' }, t('console.board.theme'), el('bdi', {}, card.group.name)),
        ].filter(Boolean),
      );
    }
    p.flags.hidden = !card.pinned && !card.addressed && !card.group;
    setText(p.votes, t('console.board.votes', { count: card.votes ?? 0 }));
    p.pin.dataset.action = card.pinned ? 'unpin' : 'pin';
    setText(p.pin, card.pinned ? t('console.board.unpin') : t('console.board.pin'));
    p.addressed.dataset.action = card.addressed ? 'unaddressed' : 'addressed';
    setText(p.addressed, card.addressed ? t('console.board.notAddressed') : t('console.board.addressed'));

    // The merge targets: every other card on the board. Rebuilt only when that set changed, keeping the choice made.
    const others = all.filter((c) => c.id !== card.id);
    const key = JSON.stringify(others.map((c) => [c.id, c.text]));
    if (p.select.dataset.key !== key) {
      const chosen = p.select.value;
      p.select.dataset.key = key;
      p.select.replaceChildren(
        el('option', { value: '' }, t('console.board.mergeInto')),
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
      el('label', { for: inputId, class: 'visually-hidden' }, t('console.board.renameLabel')),
      parts.input,
      el('button', { class: 'button button-small', type: 'submit', 'data-testid': 'group-rename' }, t('console.board.rename')),
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
    const cards = group.cardIds?.length ?? 0;
    setText(count, group.renamed ? t('console.board.groupCount', { count: cards }) : t('console.board.groupCountKeyword', { count: cards, keyword: group.keyword }));
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
      this.#say(t('console.board.pickMerge'));
      select.focus();
      return undefined;
    }
    return this.#run(`${cardId}:merge`, async () => {
      await this.#send('card.merge', { cardId, intoId });
      this.#say(t('console.board.merged'));
    });
  }

  #rename(groupId, input) {
    const name = input.value.trim();
    if (!name) {
      this.#say(t('console.board.nameFirst'));
      input.focus();
      return undefined;
    }
    return this.#run(`${groupId}:rename`, async () => {
      await this.#send('card.group.rename', { groupId, name });
      this.#say(t('console.board.renamed', { name }));
    });
  }

  #release(force) {
    if (force && !this.#confirm(t('console.board.forceWarning'))) return undefined;
    return this.#run(`release:${force}`, async () => {
      const result = await this.#send('card.release', { force });
      this.#say(t('console.board.released', { count: result?.released ?? 0 }));
    });
  }
}
