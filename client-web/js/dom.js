// Tiny DOM helpers so every page builds elements the same safe way: strings always become text nodes, never HTML.

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
