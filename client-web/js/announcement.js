// The facilitator's announcement (the `session` topic's `announcement`) as a banner on the participant page and the
// projector. The host is a polite live region that stays in the page, so a new announcement is read out when it arrives.

import { el, setChildren } from './dom.js';
import { timeOfDay } from './words.js';

export class AnnouncementBanner {
  #host;
  #serverNow;
  #dismissible;
  #shown = null; // `at` of the announcement on screen, so a push of the same one does not read it out again
  #dismissed = null; // `at` of the announcement this person put away; a newer one shows again

  /**
   * @param {HTMLElement} host an element with role="status" that the page keeps (empty while there is no announcement)
   * @param {{serverNow: () => number, dismissible?: boolean}} options
   */
  constructor(host, { serverNow, dismissible = false }) {
    this.#host = host;
    this.#serverNow = serverNow;
    this.#dismissible = dismissible;
  }

  /** Shows `announcement` ({text, at} or null). */
  update(announcement) {
    const visible = announcement && announcement.at !== this.#dismissed ? announcement : null;
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
        { class: 'announcement', 'data-testid': 'announcement' },
        el('p', { class: 'announcement-from' }, `From the facilitator · ${timeOfDay(visible.at, this.#serverNow() - Date.now())}`),
        el('p', { class: 'announcement-text', 'data-testid': 'announcement-text', dir: 'auto' }, visible.text),
        this.#dismissible &&
          el(
            'button',
            {
              class: 'button button-quiet button-small announcement-dismiss',
              type: 'button',
              'data-testid': 'announcement-dismiss',
              onClick: () => {
                this.#dismissed = visible.at;
                this.update(visible);
              },
            },
            'Dismiss',
          ),
      ),
    );
  }
}
