// Keeps a page's connection status line (an aria-live region) in step with the Connection.

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
