// Status lines: the connection's (kept in step with the Connection), the one-sentence messages a page says politely, and
// the request runner that says a failed request there.

import { describeStatus } from './connection.js';
import { setText } from './dom.js';
import { errorText } from './words.js';

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

/**
 * A screen's way of sending requests: `run(key, work)` does nothing while work under the same key is on its way (so a
 * double click sends once) and says a failure in words through `say`. Resolves true when the work succeeded.
 * `alsoWorded`: more error codes whose server message is said as it is (see errorText).
 */
export function requestRunner(say, alsoWorded = []) {
  const busy = new Set();
  return async (key, work) => {
    if (busy.has(key)) return false;
    busy.add(key);
    try {
      await work();
      return true;
    } catch (error) {
      say(errorText(error, alsoWorded));
      return false;
    } finally {
      busy.delete(key);
    }
  };
}
