// Tiny DOM helpers so every page builds elements the same safe way: strings always become text nodes, never HTML.

import { formatNumber, t } from './i18n.js';

/**
 * Creates an element. `attrs` keys:
 *  - `class`: className; `text`: textContent
 *  - `on<Event>` with a function value: addEventListener(event)
 *  - `true` sets a boolean attribute, `false` / null / undefined leaves it out
 *  - anything else: setAttribute(key, String(value))
 * Children may be strings or numbers (become text nodes), Nodes, arrays of those, or null/false (skipped).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (key === 'innerHTML' || key === 'outerHTML') throw new Error('el(): HTML strings are not allowed');
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (value === true) {
      node.setAttribute(key, '');
    } else {
      node.setAttribute(key, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces every child of `node` with `children` (same rules as el()). */
export function setChildren(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** Sets the text of `node` only when it changed, so screen readers in live regions are not re-notified for nothing. */
export function setText(node, text) {
  const value = String(text ?? '');
  if (node.textContent !== value) node.textContent = value;
  return node;
}

/** The element with id `id`; throws when the page lacks it, which is a bug in the page. */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing element #${id}`);
  return node;
}

/** Shows or hides an element with the `hidden` attribute. */
export function show(node, visible) {
  node.hidden = !visible;
  return node;
}

/**
 * Makes `container`'s children exactly one element per item, in the items' order. An element already made for an
 * item's key is kept and only updated, so a push that changes a count does not take away keyboard focus, a
 * half-typed rename or an open select. `create(item)` builds a new element; `update(node, item)` refreshes it.
 */
export function syncList(container, items, keyOf, create, update) {
  const existing = new Map();
  for (const child of [...container.children]) {
    if (child.dataset.key === undefined) child.remove();
    else existing.set(child.dataset.key, child);
  }
  const wanted = items.map((item) => {
    const key = String(keyOf(item));
    let node = existing.get(key);
    if (node) {
      existing.delete(key);
    } else {
      node = create(item);
      node.dataset.key = key;
    }
    update(node, item);
    return node;
  });
  for (const stale of existing.values()) stale.remove();
  // Move only what is out of place: moving an element that holds focus would blur it.
  wanted.forEach((node, index) => {
    const at = container.children[index];
    if (at !== node) container.insertBefore(node, at ?? null);
  });
}

/** Number of characters as people count them (code points, so an emoji is one), as the server counts them too. */
export function charCount(text) {
  let n = 0;
  for (const _ of String(text ?? '')) n += 1;
  return n;
}

/**
 * A "12 / 280" counter for a text field, out of the field's own maxLength (read on every update, so a field whose limit
 * changes needs no second counter). The field gets aria-describedby pointing at it; the counter is no live region (it
 * would speak on every keystroke). Returns a function that redraws it after the value was set from code.
 */
export function attachCounter(field, counter) {
  if (!counter.id) counter.id = `${field.id || 'field'}-counter`;
  const describedBy = new Set((field.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
  describedBy.add(counter.id);
  field.setAttribute('aria-describedby', [...describedBy].join(' '));
  const render = () => {
    const used = charCount(field.value);
    const max = field.maxLength > 0 ? field.maxLength : null;
    setText(counter, max ? t('common.counter', { used, max }) : formatNumber(used));
    counter.dataset.state = !max ? 'ok' : used > max ? 'over' : used >= max * 0.9 ? 'near' : 'ok';
  };
  field.addEventListener('input', render);
  render();
  return render;
}
