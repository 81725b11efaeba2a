// A scenario's text as people read it: the small subset scenarios/README.md promises (paragraphs split by a blank line,
// lines starting "- " as a bullet list, **bold**), built as DOM nodes. Everything else, HTML included, stays literal
// text: the text comes from a file a facilitator may have copied from anywhere, so it is never parsed as markup.

import { el } from './dom.js';

/** `**bold**` runs inside one line, as text nodes and <strong>; an unmatched ** stays as written. */
function inline(line) {
  const parts = [];
  const pattern = /\*\*(.+?)\*\*/g;
  let at = 0;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
    if (match.index > at) parts.push(line.slice(at, match.index));
    parts.push(el('strong', {}, match[1]));
    at = pattern.lastIndex;
  }
  if (at < line.length) parts.push(line.slice(at));
  return parts;
}

/** The blocks of `text`: [{kind: 'p', lines: [...]}, {kind: 'ul', items: [...]}]. Exported for the page tests. */
export function scenarioBlocks(text) {
  const blocks = [];
  for (const chunk of String(text ?? '').replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    let paragraph = null;
    let list = null;
    for (const raw of chunk.split('\n')) {
      const line = raw.trimEnd();
      if (!line.trim()) continue;
      const item = /^\s*[-•]\s+(.*)$/.exec(line);
      if (item) {
        paragraph = null;
        if (!list) blocks.push((list = { kind: 'ul', items: [] }));
        list.items.push(item[1]);
      } else {
        list = null;
        if (!paragraph) blocks.push((paragraph = { kind: 'p', lines: [] }));
        paragraph.lines.push(line.trim());
      }
    }
  }
  return blocks;
}

/**
 * Nodes for `text`: <p> per paragraph (a single line break inside one stays a break), <ul> per run of "- " lines.
 * `lang`, when the scenario names its language, is set on every block so screen readers pronounce it right.
 */
export function scenarioText(text, { lang = null } = {}) {
  return scenarioBlocks(text).map((block) =>
    block.kind === 'ul'
      ? el('ul', { class: 'scenario-list-text', lang, dir: 'auto' }, block.items.map((item) => el('li', {}, inline(item))))
      : el('p', { lang, dir: 'auto' }, block.lines.flatMap((line, i) => (i === 0 ? inline(line) : [el('br'), ...inline(line)]))),
  );
}

/** Shows an info phase's text in `node` (hidden for other phases); redraws only when the text changed. */
export function showPhaseText(node, phase, options = {}) {
  const text = phase?.text ?? '';
  if (node.dataset.source !== text) {
    node.replaceChildren(...scenarioText(text, options));
    node.dataset.source = text;
  }
  node.hidden = !text;
}

/** Marks `node` as showing the scenario's own words in `lang` (or lifts the mark with null), for screen readers. */
export function markScenarioLanguage(node, lang) {
  if (lang) node.lang = lang;
  else node.removeAttribute('lang');
}
