// Draws a poll's results (the `results` object of a poll view) the same way on the participant page, the console and
// the projector: bars with counts and percentages, the scale's average, a word cloud sized by count, open answers.

import { el, setChildren, setText } from './dom.js';
import { formatList, formatNumber, t } from './i18n.js';
import { percentText } from './words.js';

/** An average as people read it: one decimal, in the page's language ("3.5", "3,5"). */
const averageText = (value) => formatNumber(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

// Word-cloud font sizes, in em of the cloud's own font size: the rarest word at MIN, the commonest at MAX.
const CLOUD_MIN_EM = 1;
const CLOUD_MAX_EM = 3.2;

/** One bar: the label, "count · percent", and a bar whose length is the percentage (drawn, not read). */
function bar(label, count, percent, extra = {}) {
  const fill = el('span', { class: 'bar-fill' });
  // CSSOM, not a style attribute: the page's CSP (style-src 'self') allows the one and blocks the other.
  fill.style.setProperty('--share', `${Math.max(0, Math.min(100, Number(percent) || 0))}%`);
  return el(
    'li',
    { class: 'result-row', 'data-testid': 'result-row', 'data-count': count, ...extra },
    el(
      'span',
      { class: 'result-line' },
      el('bdi', { class: 'result-label', 'data-testid': 'result-label' }, label),
      el('span', { class: 'result-figures', 'data-testid': 'result-figures' }, t('results.figures', { votes: t('results.votes', { count }), percent: percentText(percent) })),
    ),
    el('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
  );
}

function optionBars(results) {
  return el(
    'ul',
    { class: 'result-bars', 'data-testid': 'result-bars' },
    (results.options ?? []).map((o) => bar(o.option, o.count, o.percent)),
  );
}

function scaleBars(poll, results) {
  const scale = poll.scale ?? {};
  const label = (value) => {
    if (value === scale.min && scale.minLabel) return t('results.scaleLabel', { value, label: scale.minLabel });
    if (value === scale.max && scale.maxLabel) return t('results.scaleLabel', { value, label: scale.maxLabel });
    return formatNumber(value);
  };
  const average = Number.isFinite(results.average) ? results.average : null;
  return [
    el(
      'p',
      { class: 'result-average', 'data-testid': 'result-average' },
      average === null ? t('results.noRatings') : t('results.average', { value: averageText(average) }),
      Number.isFinite(scale.min) && Number.isFinite(scale.max) && t('results.onScale', { min: scale.min, max: scale.max }),
    ),
    el(
      'ul',
      { class: 'result-bars result-scale', 'data-testid': 'result-bars' },
      (results.points ?? []).map((p) => bar(label(p.value), p.count, p.percent, { 'data-value': p.value })),
    ),
  ];
}

function wordCloud(results) {
  const words = results.words ?? [];
  if (!words.length) return el('p', { class: 'muted' }, t('results.noWords'));
  const counts = words.map((w) => w.count);
  const most = Math.max(...counts);
  const least = Math.min(...counts);
  const size = (count) => (most === least ? (CLOUD_MIN_EM + CLOUD_MAX_EM) / 2 : CLOUD_MIN_EM + ((count - least) / (most - least)) * (CLOUD_MAX_EM - CLOUD_MIN_EM));
  // Alphabetical, so the cloud does not jump around as counts change; size carries the ranking.
  const sorted = [...words].sort((a, b) => a.word.localeCompare(b.word));
  const cloud = el(
    'ul',
    { class: 'word-cloud', 'data-testid': 'word-cloud' },
    sorted.map((w) => {
      const item = el(
        'li',
        { class: 'cloud-word', 'data-testid': 'cloud-word', 'data-count': w.count },
        el('bdi', { 'data-testid': 'cloud-text' }, w.word),
        el('span', { class: 'visually-hidden' }, ` (${formatNumber(w.count)})`),
      );
      item.style.setProperty('--size', `${size(w.count).toFixed(2)}em`);
      item.classList.toggle('cloud-top', w.count === most);
      return item;
    }),
  );
  const other = results.otherWords > 0
    ? el('p', { class: 'muted' }, t('results.otherWords', {
      words: t('results.otherWordCount', { count: results.otherWords }),
      mentions: t('results.mentions', { count: results.otherMentions }),
    }))
    : null;
  return [cloud, other];
}

function openTexts(results) {
  const texts = results.texts ?? [];
  if (!texts.length) return el('p', { class: 'muted' }, t('results.noAnswers'));
  const list = el(
    'ul',
    { class: 'open-texts', 'data-testid': 'open-texts' },
    texts.map((text) => el('li', { class: 'open-text', 'data-testid': 'open-text', dir: 'auto' }, text)),
  );
  // A big room's answers are cut for the screen (the ones given most often, or the console's first page).
  const more = (results.textCount ?? texts.length) - texts.length;
  return more > 0
    ? [list, el('p', { class: 'muted', 'data-testid': 'open-texts-more' }, t('results.moreAnswers', { count: more }))]
    : list;
}

/** A sentence saying where the results stand, for the live region. */
function summaryText(poll, results) {
  const voters = results.voters ?? 0;
  if (!voters) return t('results.noAnswers');
  const people = t('results.answered', { count: voters });
  if ((poll.kind === 'single' || poll.kind === 'multi') && results.options?.length) {
    const top = Math.max(...results.options.map((o) => o.count));
    const leaders = results.options.filter((o) => o.count === top).map((o) => o.option);
    const lead = leaders.length === 1 ? t('results.mostPicked', { option: leaders[0] }) : t('results.tied', { options: formatList(leaders) });
    return `${people} ${lead}`;
  }
  if (poll.kind === 'scale' && Number.isFinite(results.average)) {
    return `${people} ${t('results.averageSentence', { value: averageText(results.average) })}`;
  }
  return people;
}

/**
 * The results of one poll, drawn into `host`. The summary line is a polite live region that stays in place, so a screen
 * reader hears "5 people have answered. Most picked: …" as votes come in, not the whole chart every time.
 */
export class ResultsView {
  #summary;
  #body;
  #last = '';

  constructor(host) {
    this.#summary = el('p', { class: 'results-summary', 'data-testid': 'results-summary', role: 'status', 'aria-live': 'polite' });
    this.#body = el('div', { class: 'results-body', 'data-testid': 'results-body' });
    host.replaceChildren(this.#summary, this.#body);
  }

  /** Shows the results of `poll` (a poll view whose `results` is not null), or empties itself for null. */
  update(poll) {
    const results = poll?.results ?? null;
    const key = results ? JSON.stringify([poll.pollId, poll.kind, poll.scale ?? null, results]) : '';
    if (key === this.#last) return;
    this.#last = key;
    if (!results) {
      setText(this.#summary, '');
      setChildren(this.#body);
      return;
    }
    setText(this.#summary, summaryText(poll, results));
    let content;
    switch (poll.kind) {
      case 'single':
      case 'multi':
        content = optionBars(results);
        break;
      case 'scale':
        content = scaleBars(poll, results);
        break;
      case 'wordcloud':
        content = wordCloud(results);
        break;
      case 'open':
        content = openTexts(results);
        break;
      default:
        content = el('p', { class: 'muted' }, t('results.unknownKind'));
    }
    setChildren(this.#body, content);
  }
}
