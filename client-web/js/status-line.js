// Status lines: the connection's (kept in step with the Connection) and the one-sentence messages a page says politely.

import { describeStatus } from './connection.js';
import { setText } from './dom.js';

/** Mirrors `connection`'s status into `node` (text plus a data-status attribute the CSS colours). */
export function bindStatusLine(connection, node) {
  const render = () => {
    node.dataset.status = connection.status;
    setText(node, describeStatus(connection.status));
  };
  connection.addEventListener('status', render);
  render();
}

const pendingSay = new WeakMap();

/**
 * Puts `text` in the status line `node`, a polite live region that stays in the page (an empty one takes no room, see
 * .status-message:empty): a region shown only when it gets text is often not announced. The old text is cleared first
 * and the new one set a moment later, so the same sentence twice in a row is announced twice.
 */
export function sayIn(node, text) {
  clearTimeout(pendingSay.get(node));
  setText(node, '');
  if (text) pendingSay.set(node, setTimeout(() => setText(node, text), 30));
}
