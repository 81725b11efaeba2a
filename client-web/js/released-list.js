// Anonymous texts released in batches (task reflections, answers to refresher cards), per session, each with a toggle
// that shows it to the cohort on their pages, and a named programme's reflections with their writers: the cohort page
// and the live console's cohort panel draw the same lists. Anonymous texts come without authors and in no order of
// writing (the server keeps none), so nothing here can link them.

import { el } from './dom.js';
import { t } from './i18n.js';

/**
 * `groups`: [{session, released: [{id, text, surfaced}], waiting}], as the cohort's facilitator view gives them.
 * `onSurface(id, surfaced, button)` is called when the facilitator toggles one. Returns the nodes to put on the page.
 */
export function releasedList(groups, { testid, waitingKey, emptyKey, onSurface }) {
  const withAny = (groups ?? []).filter((g) => (g.released ?? []).length || g.waiting);
  if (!withAny.length) return el('p', { class: 'muted', 'data-testid': `${testid}-empty` }, t(emptyKey));
  return withAny.map((g) =>
    el(
      'div',
      { class: 'prog-released', 'data-testid': testid, 'data-session': g.session },
      el('h3', { class: 'subhead' }, t('programme.afterSession', { n: g.session })),
      (g.released ?? []).length > 0 &&
        el(
          'ul',
          { class: 'prog-quotes' },
          g.released.map((r) =>
            el(
              'li',
              { class: 'prog-quote', 'data-testid': `${testid}-item`, 'data-surfaced': String(Boolean(r.surfaced)) },
              el('p', { dir: 'auto', 'data-testid': `${testid}-text` }, r.text),
              el(
                'button',
                {
                  class: `button button-small ${r.surfaced ? 'button-primary' : ''}`.trim(),
                  type: 'button',
                  'aria-pressed': String(Boolean(r.surfaced)),
                  'data-testid': `${testid}-surface`,
                  onClick: (event) => onSurface(r.id, !r.surfaced, event.currentTarget),
                },
                t('programme.surface.toggle'),
              ),
            ),
          ),
        ),
      g.waiting > 0 && el('p', { class: 'hint' }, t(waitingKey, { count: g.waiting })),
    ),
  );
}

/**
 * A cohort's task reflections as its facilitator view gives them, with the hint that says how they arrive: a named
 * programme's with their writers, else the anonymous ones released so far (releasedList, `testid`).
 */
export function reflectionsView(cohort, { testid, onSurface }) {
  const named = cohort.namedReflections;
  if (Array.isArray(named) && named.length) {
    return [
      el('p', { class: 'hint' }, t('programme.reflections.namedHint')),
      el(
        'ul',
        { class: 'prog-quotes' },
        named.map((r) =>
          el('li', { class: 'prog-quote', 'data-testid': 'named-reflection' }, el('p', { dir: 'auto' }, r.text), el('p', { class: 'muted' }, el('bdi', {}, r.name), ` · ${t('programme.afterSession', { n: r.session })}`)),
        ),
      ),
    ];
  }
  return [
    el('p', { class: 'hint' }, t('programme.reflections.hint')),
    releasedList(cohort.reflections, { testid, waitingKey: 'programme.reflections.waiting', emptyKey: 'programme.reflections.none', onSurface }),
  ];
}
