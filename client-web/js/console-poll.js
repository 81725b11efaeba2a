// The console's poll panel (the `console` topic's `poll` and `polls`): results at all times, the live controls
// (poll.control), each voter's answer for a named poll, and the list of every poll of the session.

import { el, setChildren, setText, show, syncList } from './dom.js';
import { ResultsView } from './poll-results.js';
import { formatNumber, t } from './i18n.js';
import { errorText, pollKindText } from './words.js';

/** A ballot as words, e.g. "An observation" or "trust, time", for the named-answers table. */
export function ballotText(poll, ballot) {
  if (!ballot) return '';
  const option = (i) => poll.options?.[i] ?? t('console.poll.option', { n: i + 1 });
  if (Number.isInteger(ballot.choice)) return option(ballot.choice);
  if (Array.isArray(ballot.choices)) return ballot.choices.map(option).join(', ');
  if (Number.isFinite(ballot.value)) return String(ballot.value);
  if (Array.isArray(ballot.words)) return ballot.words.join(', ');
  if (Array.isArray(ballot.texts)) return ballot.texts.join(' / ');
  if (typeof ballot.text === 'string') return ballot.text;
  return '';
}

/** One line on where a poll stands, as the facilitator needs it at a glance. */
function factsText(poll) {
  return [
    poll.status === 'open' ? t('console.poll.votingOpen') : t('console.poll.votingClosed'),
    poll.resultsVisible ? t('console.poll.resultsShown') : t('console.poll.resultsHidden'),
    poll.resultsLive ? t('console.poll.live') : null,
    poll.anonymous ? t('console.poll.anonymous') : t('console.poll.named'),
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * Each control is one button whose label and action follow the poll's state ("Reveal results" / "Hide results"), so
 * keyboard focus stays on it when the state flips.
 */
const CONTROLS = [
  { id: 'status', state: (p) => (p.status === 'open' ? ['close', t('console.poll.close')] : ['open', t('console.poll.reopen')]) },
  { id: 'reveal', state: (p) => ((p.revealed ?? p.resultsVisible) ? ['hide', t('console.poll.hide')] : ['reveal', t('console.poll.reveal')]) },
  { id: 'live', state: (p) => (p.resultsLive ? ['unlive', t('console.poll.unlive')] : ['live', t('console.poll.goLive')]) },
  {
    id: 'anonymity',
    // `named` is refused once anyone voted anonymously, so it is offered only before the first vote.
    state: (p) => (p.anonymous ? (p.voterCount === 0 ? ['named', t('console.poll.recordNames')] : null) : ['anonymous', t('console.poll.makeAnonymous')]),
  },
  { id: 'dismiss', state: (p, quick) => (quick ? ['dismiss', t('console.poll.dismiss')] : null) },
];

const CONFIRM = {
  anonymous: 'console.poll.confirmAnonymous',
  named: 'console.poll.confirmNamed',
};

export class ConsolePoll {
  #send;
  #say;
  #confirm;
  #poll = null;
  #busy = false;
  #ui;
  #results;
  #pagedPoll = null; // the poll whose answers ui.moreList holds
  #pagedTo = 0; // open answers shown so far: the pushed page, then the pages fetched

  /**
   * @param {HTMLElement} host where the poll on screen is drawn
   * @param {HTMLElement} listHost where the list of all polls is drawn
   * @param {{send: Function, say: (text: string) => void, confirm?: (text: string) => boolean}} options
   */
  constructor(host, listHost, { send, say, confirm = (text) => window.confirm(text) }) {
    this.#send = send;
    this.#say = say;
    this.#confirm = confirm;
    const ui = {
      panel: el('div', { class: 'console-poll', 'data-testid': 'console-poll', hidden: true }),
      eyebrow: el('p', { class: 'eyebrow' }),
      question: el('h3', { class: 'panel-question', 'data-testid': 'console-poll-question', dir: 'auto' }),
      votes: el('p', { class: 'vote-count', 'data-testid': 'console-vote-count' }),
      facts: el('p', { class: 'muted', 'data-testid': 'console-poll-facts' }),
      controls: el('div', { class: 'poll-controls', role: 'group', 'aria-label': t('console.poll.controls') }),
      results: el('div', { class: 'results-box', 'data-testid': 'console-results' }),
      more: el('div', { class: 'answers-more', hidden: true }),
      moreList: el('ul', { class: 'open-texts', 'data-testid': 'console-more-texts' }),
      answersBox: el('div', { class: 'answers', hidden: true }),
      answers: el('tbody', { 'data-testid': 'console-answers' }),
      answersMore: el('p', { class: 'muted', 'data-testid': 'console-answers-more', hidden: true }),
      empty: el('p', { class: 'muted', 'data-testid': 'console-poll-empty' }, t('console.poll.none')),
      list: el('tbody', { 'data-testid': 'poll-list' }),
      listEmpty: el('p', { class: 'muted', 'data-testid': 'poll-list-empty' }, t('console.poll.noPolls')),
    };
    ui.buttons = CONTROLS.map((control) =>
      el('button', {
        class: 'button button-small',
        type: 'button',
        'data-testid': `poll-control-${control.id}`,
        hidden: true,
        onClick: (event) => this.#control(event.currentTarget.dataset.action),
      }),
    );
    ui.controls.append(...ui.buttons);
    ui.answersBox.append(
      el('h4', { class: 'subhead' }, t('console.poll.whoHead')),
      el('p', { class: 'hint' }, t('console.poll.whoHint')),
      el('table', { class: 'table' }, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('console.poll.name')), el('th', { scope: 'col' }, t('console.poll.answer')))), ui.answers),
      ui.answersMore,
    );
    // The console's push carries the first 200 open answers and named answers; poll.results pages on.
    ui.moreButton = el(
      'button',
      { class: 'button button-small', type: 'button', 'data-testid': 'console-more-answers', onClick: () => this.#more() },
      t('console.poll.more'),
    );
    ui.more.append(ui.moreList, ui.moreButton);
    ui.panel.append(ui.eyebrow, ui.question, ui.votes, ui.facts, ui.controls, ui.results, ui.more, ui.answersBox);
    host.replaceChildren(ui.panel, ui.empty);
    this.#results = new ResultsView(ui.results);
    listHost.replaceChildren(
      ui.listEmpty,
      el(
        'table',
        { class: 'table poll-table' },
        el(
          'thead',
          {},
          el('tr', {}, ...['question', 'kind', 'status', 'votes'].map((h) => el('th', { scope: 'col' }, t(`console.poll.col.${h}`)))),
        ),
        ui.list,
      ),
    );
    this.#ui = ui;
  }

  /** Draws the `console` topic's data (or nothing for null). */
  update(data) {
    const ui = this.#ui;
    const poll = data?.poll ?? null;
    const polls = data?.polls ?? [];
    this.#poll = poll;
    show(ui.panel, Boolean(poll));
    show(ui.empty, !poll);
    if (poll) {
      const quick = polls.find((p) => p.pollId === poll.pollId)?.quick ?? false;
      setText(ui.eyebrow, `${quick ? t('console.poll.quick') : t('console.poll.onScreen')} · ${pollKindText(poll.kind)}`);
      setText(ui.question, poll.question);
      setText(ui.votes, t('console.poll.votes', { count: poll.voterCount ?? 0 }));
      ui.votes.dataset.count = String(poll.voterCount ?? 0);
      setText(ui.facts, factsText(poll));
      ui.panel.dataset.status = poll.status;
      ui.panel.dataset.revealed = String(Boolean(poll.revealed ?? poll.resultsVisible));
      CONTROLS.forEach((control, i) => {
        const button = ui.buttons[i];
        const state = control.state(poll, quick);
        show(button, Boolean(state));
        if (!state) return;
        button.dataset.action = state[0];
        setText(button, state[1]);
        button.classList.toggle('button-danger', state[0] === 'dismiss');
      });
      this.#results.update(poll.results ? poll : null);
      this.#updateMore(poll);
      const named = !poll.anonymous && Array.isArray(poll.answers);
      show(ui.answersBox, named);
      if (named) {
        setChildren(
          ui.answers,
          poll.answers.length
            ? poll.answers.map((a) =>
                el('tr', { 'data-testid': 'console-answer' }, el('td', {}, el('bdi', {}, a.name)), el('td', { dir: 'auto' }, ballotText(poll, a.ballot))),
              )
            : el('tr', {}, el('td', { colspan: 2, class: 'muted' }, t('console.poll.noAnswers'))),
        );
        // The push lists the first 200 by name; the report has every one.
        const more = (poll.answerCount ?? poll.answers.length) - poll.answers.length;
        setText(ui.answersMore, more > 0 ? t('console.poll.moreAnswers', { count: more }) : '');
        show(ui.answersMore, more > 0);
      }
    } else {
      this.#results.update(null);
    }
    this.#renderList(polls);
  }

  #renderList(polls) {
    const ui = this.#ui;
    show(ui.listEmpty, polls.length === 0);
    show(ui.list.parentElement, polls.length > 0);
    syncList(
      ui.list,
      polls,
      (p) => p.pollId,
      () =>
        el(
          'tr',
          { 'data-testid': 'poll-list-item' },
          el('td', {}, el('bdi', { class: 'poll-list-question' }), el('span', { class: 'tag', hidden: true })),
          el('td', {}),
          el('td', {}),
          el('td', { class: 'num' }),
        ),
      (row, p) => {
        const [q, kind, status, votes] = row.children;
        setText(q.firstChild, p.question);
        const tags = [p.quick && t('console.poll.tagQuick'), p.active && t('console.poll.tagOnScreen')].filter(Boolean).join(' · ');
        setText(q.lastChild, tags);
        show(q.lastChild, Boolean(tags));
        setText(kind, pollKindText(p.kind));
        setText(status, p.status === 'open' ? t('console.poll.open') : t('console.poll.closed'));
        setText(votes, formatNumber(p.voterCount ?? 0));
        row.classList.toggle('row-current', Boolean(p.active));
        row.dataset.pollId = p.pollId;
      },
    );
  }

  /** Offers the open answers beyond the pushed page; a new poll on screen starts the paging over. */
  #updateMore(poll) {
    const ui = this.#ui;
    const pushed = poll.results?.texts?.length ?? 0;
    if (this.#pagedPoll !== poll.pollId) {
      this.#pagedPoll = poll.pollId;
      this.#pagedTo = pushed;
      setChildren(ui.moreList, []);
    }
    this.#pagedTo = Math.max(this.#pagedTo, pushed);
    const total = poll.kind === 'open' ? (poll.results?.textCount ?? pushed) : 0;
    show(ui.more, total > pushed);
    show(ui.moreButton, total > this.#pagedTo);
  }

  async #more() {
    const poll = this.#poll;
    if (!poll || this.#busy) return;
    this.#busy = true;
    try {
      const page = await this.#send('poll.results', { pollId: poll.pollId, offset: this.#pagedTo, limit: 200 });
      if (this.#pagedPoll !== page.pollId) return;
      const texts = page.texts ?? [];
      this.#ui.moreList.append(...texts.map((text) => el('li', { class: 'open-text', 'data-testid': 'console-more-text', dir: 'auto' }, text)));
      this.#pagedTo += texts.length;
      show(this.#ui.moreButton, texts.length > 0 && (page.textCount ?? 0) > this.#pagedTo);
    } catch (error) {
      this.#say(errorText(error));
    } finally {
      this.#busy = false;
    }
  }

  async #control(action) {
    const poll = this.#poll;
    if (!poll || !action || this.#busy) return;
    if (CONFIRM[action] && !this.#confirm(t(CONFIRM[action]))) return;
    this.#busy = true;
    try {
      await this.#send('poll.control', { pollId: poll.pollId, action });
    } catch (error) {
      this.#say(errorText(error));
    } finally {
      this.#busy = false;
    }
  }
}
