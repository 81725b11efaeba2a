// The console's "Projector on another computer": the projector link (and its projector code, to type instead) that
// opens the session's projector view on the room's PC. The link opens the wall view only: the server lets a projector
// connection see the public topics and refuses everything else. The code sits in the link's #fragment, which browsers
// never send to a server or in a Referer, and the projector page takes it out of its address at once.
// Folded away by default, so a console shared on screen does not show the code by accident.

import { el, setText, show } from './dom.js';
import { t } from './i18n.js';

/** The projector link for a session: this server's projector page with the grant in the fragment. */
export function projectorLink(code, projectorCode) {
  const grant = new URLSearchParams({ session: code, projector: projectorCode });
  return `${location.origin}/projector.html#${grant}`;
}

/**
 * Mounts the share box into `host` and keeps it for the session `conn` runs: asks for the projector code
 * (`projector.link`) whenever the console is attached to a session it has not asked for yet.
 */
export function mountProjectorShare(host, conn) {
  const link = el('a', { class: 'projector-share-link', 'data-testid': 'projector-link', target: '_blank', rel: 'noopener' });
  const copy = el('button', { class: 'button button-quiet button-small', type: 'button', 'data-testid': 'projector-link-copy' }, t('projector.share.copy'));
  const copyStatus = el('span', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  const code = el('span', { class: 'projector-share-code', 'data-testid': 'projector-share-code' });
  const orType = el('p', { class: 'hint' });
  const problem = el('p', { class: 'hint', 'data-testid': 'projector-share-problem', hidden: true });
  const body = el(
    'div',
    { class: 'projector-share-body' },
    el('p', { class: 'hint' }, t('projector.share.hint')),
    el('p', { class: 'projector-share-row' }, el('span', { class: 'visually-hidden' }, t('projector.share.link')), link),
    el('p', { class: 'projector-share-row' }, copy, copyStatus),
    orType,
    el('p', { class: 'projector-share-row' }, el('span', { class: 'muted' }, `${t('projector.share.code')}: `), code),
  );
  const box = el(
    'details',
    { class: 'projector-share', 'data-testid': 'projector-share', hidden: true },
    el('summary', { 'data-testid': 'projector-share-toggle' }, t('projector.share.heading')),
    body,
    problem,
  );
  host.replaceChildren(box);

  let askedFor = null;
  async function ask(sessionCode) {
    askedFor = sessionCode;
    try {
      const result = await conn.request('projector.link');
      if (askedFor !== sessionCode) return;
      const href = projectorLink(result.code, result.projectorCode);
      link.href = href;
      setText(link, href.replace(/^https?:\/\//, ''));
      setText(code, result.projectorCode);
      setText(orType, t('projector.share.orType', { address: `${location.host}/projector.html` }));
      show(body, true);
      show(problem, false);
    } catch (error) {
      if (askedFor !== sessionCode) return;
      if (error.code === 'disconnected') {
        askedFor = null;  // the next push after the reconnect asks again
        return;
      }
      setText(problem, t('projector.share.unavailable'));
      show(problem, true);
      show(body, false);
    }
    show(box, true);
  }

  // The `facilitator` topic comes only to an attached console, once per session: the moment to ask.
  conn.onTopic('facilitator', (data) => {
    if (data?.code && data.code !== askedFor) ask(data.code);
  });
  conn.addEventListener('reset', () => {
    askedFor = null;
    show(box, false);
  });

  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(link.href);
      setText(copyStatus, t('projector.share.copied'));
    } catch {
      // No clipboard (insecure origin, denied): select the link so the facilitator can copy it by hand.
      const range = document.createRange();
      range.selectNodeContents(link);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      setText(copyStatus, t('projector.share.copyByHand'));
    }
  });
}
