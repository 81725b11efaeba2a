// Saving a file the page made (a report's JSON or CSV): the session report, the cohort page and the programme report.

import { el } from './dom.js';

// How long an object URL lives after its download started: long enough for a slow disk, then its memory is freed.
const REVOKE_AFTER_MS = 30_000;

/** Saves `blob` as `name` through a temporary <a download>; the object URL is revoked once the browser has it. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
