// The facilitator's announcement (the `session` topic's `announcement`) as a banner on the participant page and the
// projector. The host is a polite live region that stays in the page, so a new announcement is read out when it arrives.
//
// On a participant's screen an announcement does not stay for ever (issue 16 item 7): the person may dismiss it, and
// that sticks for that announcement across reloads (remembered in this browser by its time); it expires by itself once
// the phase it was made in is over, or `lifetimeMs` after it was made. A newer announcement always shows again.

import { el, setChildren } from './dom.js';
import { t } from './i18n.js';
import { timeOfDay } from './words.js';

function readStored(key) {
  try {
    return key ? localStorage.getItem(key) : null;
  } catch {
    return null; // storage blocked: dismissing lasts for this page only
  }
}

function writeStored(key, value) {
  try {
    if (key) localStorage.setItem(key, value);
  } catch {
    // storage full or blocked: as above
  }
}

export class AnnouncementBanner {
  #host;
  #serverNow;
  #dismissible;
  #rememberKey;
  #lifetimeMs;
  #expireWithPhase;
  #shown = null; // `at` and text of the announcement on screen, so a push of the same one does not read it out again
  #dismissed = null; // `at` of the announcement this person put away; a newer one shows again
  #last = { announcement: null, phaseStartedAt: null };
  #expiryTimer = null;

  /**
   * @param {HTMLElement} host an element with role="status" that the page keeps (empty while there is no announcement)
   * @param {object} options
   * @param {() => number} options.serverNow the server's clock
   * @param {boolean} [options.dismissible] a Dismiss button
   * @param {() => (string|null)} [options.rememberKey] the localStorage key under which a dismissal is remembered (per
   *   session), or null to remember it for this page only
   * @param {number} [options.lifetimeMs] an announcement older than this is no longer shown (0: no limit)
   * @param {boolean} [options.expireWithPhase] an announcement made before the current phase started is no longer shown
   */
  constructor(host, { serverNow, dismissible = false, rememberKey = () => null, lifetimeMs = 0, expireWithPhase = false }) {
    this.#host = host;
    this.#serverNow = serverNow;
    this.#dismissible = dismissible;
    this.#rememberKey = rememberKey;
    this.#lifetimeMs = lifetimeMs;
    this.#expireWithPhase = expireWithPhase;
  }

  /**
   * Shows `announcement` ({text, at} or null). `phaseStartedAt` (server time) is when the current phase started, for
   * `expireWithPhase`.
   */
  update(announcement, { phaseStartedAt = null } = {}) {
    this.#last = { announcement, phaseStartedAt };
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = null;
    const visible = announcement && !this.#isDismissed(announcement) && !this.#isExpired(announcement, phaseStartedAt) ? announcement : null;
    if (visible && this.#lifetimeMs > 0) {
      // Comes back once the lifetime is over, to take the banner down.
      const left = visible.at + this.#lifetimeMs - this.#serverNow();
      this.#expiryTimer = setTimeout(() => this.update(this.#last.announcement, { phaseStartedAt: this.#last.phaseStartedAt }), Math.max(0, left) + 50);
    }
    const key = visible ? `${visible.at}:${visible.text}` : null;
    if (key === this.#shown) return;
    this.#shown = key;
    if (!visible) {
      setChildren(this.#host);
      return;
    }
    setChildren(
      this.#host,
      el(
        'div',
        { class: 'announcement', 'data-testid': 'announcement', 'data-at': visible.at },
        el('p', { class: 'announcement-from' }, t('announcement.from', { time: timeOfDay(visible.at, this.#serverNow() - Date.now()) })),
        el('p', { class: 'announcement-text', 'data-testid': 'announcement-text', dir: 'auto' }, visible.text),
        this.#dismissible &&
          el(
            'button',
            {
              class: 'button button-quiet button-small announcement-dismiss',
              type: 'button',
              'data-testid': 'announcement-dismiss',
              onClick: () => this.#dismiss(visible),
            },
            t('announcement.dismiss'),
          ),
      ),
    );
  }

  #isDismissed(announcement) {
    if (this.#dismissed === announcement.at) return true;
    return readStored(this.#rememberKey()) === String(announcement.at);
  }

  #isExpired(announcement, phaseStartedAt) {
    if (this.#expireWithPhase && Number.isFinite(phaseStartedAt) && phaseStartedAt > announcement.at) return true;
    return this.#lifetimeMs > 0 && this.#serverNow() >= announcement.at + this.#lifetimeMs;
  }

  #dismiss(announcement) {
    this.#dismissed = announcement.at;
    // Only the newest dismissal is kept: announcements replace each other, so an older one never comes back.
    writeStored(this.#rememberKey(), String(announcement.at));
    this.update(this.#last.announcement, { phaseStartedAt: this.#last.phaseStartedAt });
    // The pressed button is gone: keyboard focus goes to the page's main content, not back to the top of the page.
    if (!this.#host.contains(document.activeElement)) document.getElementById('main')?.focus({ preventScroll: true });
  }
}
