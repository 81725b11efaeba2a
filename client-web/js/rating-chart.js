// Self-ratings over a programme's sessions (the facilitator's cohort page and the programme report): one small inline
// SVG line chart per competency, the mean rating (1–5) after each session, and one table with the same figures as the
// alternative a screen reader, a printout and a person who wants the numbers read. Colours come from the stylesheet
// (classes, not style attributes: the CSP allows no inline style), so dark mode and print work as everywhere else.

import { el } from './dom.js';
import { formatNumber, t } from './i18n.js';
import { meanText } from './programme-api.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 320;
const HEIGHT = 170;
const PAD = { left: 28, right: 12, top: 12, bottom: 28 };
const MIN = 1;
const MAX = 5;

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== null && value !== undefined) node.setAttribute(key, String(value));
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

const text = (value) => document.createTextNode(String(value));

/**
 * One competency's line over `sessions` (the session numbers on the x axis, in order). Points with no rating leave a gap.
 */
function chart(rating, sessions, index) {
  const byNumber = new Map((rating.points ?? []).filter((p) => Number.isFinite(p.mean)).map((p) => [p.session, p]));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i) => PAD.left + (sessions.length <= 1 ? innerW / 2 : (i * innerW) / (sessions.length - 1));
  const y = (value) => PAD.top + ((MAX - value) * innerH) / (MAX - MIN);
  const grid = [];
  for (let v = MIN; v <= MAX; v += 1) {
    grid.push(svg('line', { class: 'chart-grid', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v) }));
    grid.push(svg('text', { class: 'chart-tick', x: PAD.left - 8, y: y(v) + 4, 'text-anchor': 'end' }, text(formatNumber(v))));
  }
  const ticks = sessions.map((n, i) => svg('text', { class: 'chart-tick', x: x(i), y: HEIGHT - 8, 'text-anchor': 'middle' }, text(formatNumber(n))));
  // Runs of consecutive rated sessions are joined by a line; a session nobody rated breaks it.
  const runs = [];
  let run = [];
  sessions.forEach((n, i) => {
    const point = byNumber.get(n);
    if (point) run.push(`${x(i).toFixed(1)},${y(point.mean).toFixed(1)}`);
    else if (run.length) {
      runs.push(run);
      run = [];
    }
  });
  if (run.length) runs.push(run);
  const lines = runs.filter((r) => r.length > 1).map((r) => svg('polyline', { class: 'chart-line', points: r.join(' ') }));
  const dots = sessions.flatMap((n, i) => {
    const point = byNumber.get(n);
    return point ? [svg('circle', { class: 'chart-point', cx: x(i), cy: y(point.mean), r: 4.5 })] : [];
  });
  const summary = sessions
    .map((n) => {
      const point = byNumber.get(n);
      return point ? t('programme.chart.pointSummary', { session: n, mean: meanText(point.mean) }) : t('programme.chart.pointNone', { session: n });
    })
    .join('; ');
  const titleId = `rating-chart-${index}-title`;
  const figure = el(
    'figure',
    { class: 'rating-chart', 'data-testid': 'rating-chart', 'data-competency': rating.competency },
    el('figcaption', { id: titleId, class: 'rating-chart-title', dir: 'auto' }, rating.competency),
  );
  figure.append(
    svg(
      'svg',
      {
        class: 'rating-chart-svg',
        viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
        role: 'img',
        'aria-label': t('programme.chart.label', { competency: rating.competency, summary }),
        'data-points': dots.length,
      },
      grid,
      ticks,
      lines,
      dots,
    ),
  );
  return figure;
}

/**
 * The charts and the table for `ratings` ([{competency, points:[{session, mean, count}]}]) over `sessions`
 * ([{session, title}]). `caption` names the table. Returns one element, or a "no ratings yet" line.
 */
export function ratingCharts(ratings, sessions, { caption, testid = 'rating-charts' } = {}) {
  const rated = (ratings ?? []).filter((r) => r && typeof r.competency === 'string');
  if (!rated.length) return el('p', { class: 'muted', 'data-testid': `${testid}-empty` }, t('programme.chart.empty'));
  // The x axis: every session some rating belongs to, and the sessions given, in order.
  const numbers = [...new Set([...(sessions ?? []).map((s) => s.session), ...rated.flatMap((r) => (r.points ?? []).map((p) => p.session))])]
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const titles = new Map((sessions ?? []).map((s) => [s.session, s.title]));
  const table = el(
    'table',
    { class: 'table report-table rating-table', 'data-testid': `${testid}-table` },
    el('caption', { class: 'rating-table-caption' }, caption ?? t('programme.chart.caption')),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, t('programme.chart.competency')),
        numbers.map((n) => el('th', { scope: 'col', class: 'num', title: titles.get(n) ?? null }, t('programme.chart.sessionColumn', { session: n }))),
      ),
    ),
    el(
      'tbody',
      {},
      rated.map((r) => {
        const byNumber = new Map((r.points ?? []).map((p) => [p.session, p]));
        return el(
          'tr',
          { 'data-testid': `${testid}-row`, 'data-competency': r.competency },
          el('th', { scope: 'row', class: 'report-row-head', dir: 'auto' }, r.competency),
          numbers.map((n) => {
            const point = byNumber.get(n);
            return el(
              'td',
              { class: 'num', 'data-session': n },
              point && Number.isFinite(point.mean)
                ? [meanText(point.mean), el('span', { class: 'muted rating-count' }, ` ${t('programme.chart.count', { count: point.count ?? 0 })}`)]
                : el('span', { class: 'muted' }, '—'),
            );
          }),
        );
      }),
    ),
  );
  return el(
    'div',
    { class: 'rating-charts', 'data-testid': testid },
    el('div', { class: 'rating-chart-grid' }, rated.map((r, i) => chart(r, numbers, `${testid}-${i}`))),
    el('p', { class: 'hint' }, t('programme.chart.hint')),
    el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption ?? t('programme.chart.caption') }, table),
  );
}
