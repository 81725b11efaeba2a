// Help requests from breakout rooms, made hard to miss (compare Zoom's "asks for help"): a toast per room that asked, the
// tab's title counting the requests not yet acknowledged, an optional short tone (off until the facilitator turns it on;
// made with WebAudio, no sound file), and a button in the control bar while any room is still asking.
//
// It reads the `console` topic's `breakouts` (rooms with `help` and `helpSince`) and never changes the rooms: clearing a
// request stays the room card's own button (console-breakouts.js). Acknowledging here means "I have seen it": the toast
// goes and the title comes back; the room keeps its request until it is cleared.

import { el, setText, show, syncList } from './dom.js';
import { formatList, t } from './i18n.js';
import { timeOfDay } from './words.js';

const SOUND_KEY = 'huddle.helpSound';

function storedSound() {
  try {
    return localStorage.getItem(SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

export class HelpAlert {
  #toasts;
  #indicator;
  #sound;
  #onChange;
  #serverNow;
  #audio = null;
  #asking = []; // [{number, key, since}] rooms asking now, in room order
  #seen = new Set(); // request keys already alerted (a tone plays once per request)
  #acknowledged = new Set();

  /**
   * @param {{toasts: HTMLElement, indicator: HTMLButtonElement, sound: HTMLInputElement, serverNow: () => number,
   *          onChange: (pending: number) => void}} options  onChange gets the number of requests not yet acknowledged
   */
  constructor({ toasts, indicator, sound, serverNow, onChange }) {
    this.#toasts = toasts;
    this.#indicator = indicator;
    this.#sound = sound;
    this.#serverNow = serverNow;
    this.#onChange = onChange;
    toasts.setAttribute('role', 'region');
    toasts.setAttribute('aria-label', t('console.help.region'));
    sound.checked = storedSound();
    sound.addEventListener('change', () => {
      try {
        localStorage.setItem(SOUND_KEY, sound.checked ? 'on' : 'off');
      } catch {
        // storage blocked: the choice lasts for this page
      }
      // Browsers let a page make sound only after a gesture: this change is one, so the tone is ready for later.
      if (sound.checked) this.#beep();
    });
    indicator.addEventListener('click', () => {
      const first = this.#asking[0];
      if (first) this.goToRoom(first.number);
    });
  }

  /** How many requests are not acknowledged yet. */
  get pending() {
    return this.#asking.filter((r) => !this.#acknowledged.has(r.key)).length;
  }

  /** Follows the `console` topic's `breakouts` (null when the phase has none). */
  update(breakouts) {
    const rooms = breakouts?.rooms ?? [];
    this.#asking = rooms
      .filter((r) => r.help)
      .map((r) => ({ number: r.number, since: Number.isFinite(r.helpSince) ? r.helpSince : null, key: `${breakouts.phase}:${r.number}@${r.helpSince ?? ''}` }));
    const keys = new Set(this.#asking.map((r) => r.key));
    // A request that was cleared is forgotten, so the room asking again alerts again.
    for (const key of [...this.#acknowledged]) if (!keys.has(key)) this.#acknowledged.delete(key);
    const fresh = this.#asking.filter((r) => !this.#seen.has(r.key));
    for (const key of [...this.#seen]) if (!keys.has(key)) this.#seen.delete(key);
    for (const r of fresh) this.#seen.add(r.key);
    if (fresh.length > 0 && this.#sound.checked) this.#beep();
    this.#render();
  }

  acknowledge(key) {
    this.#acknowledged.add(key);
    this.#render();
  }

  /** Brings room `number`'s card into view and puts focus on its Clear button (or the card's title). */
  goToRoom(number) {
    const card = document.querySelector(`[data-testid="breakout-room"][data-room="${number}"]`);
    if (!card) return;
    card.scrollIntoView({ block: 'center' });
    const target = card.querySelector('[data-testid="help-clear"]:not([hidden])') ?? card.querySelector('button');
    target?.focus({ preventScroll: true });
  }

  #render() {
    const pending = this.#asking.filter((r) => !this.#acknowledged.has(r.key));
    const offset = this.#serverNow() - Date.now();
    // Keyed, so a toast already shown stays the same node: its role="alert" is read out once, not on every push.
    syncList(
      this.#toasts,
      pending,
      (r) => r.key,
      (r) =>
        el(
          'div',
          { class: 'toast toast-help', role: 'alert', 'data-testid': 'help-toast', 'data-room': r.number },
          el('p', { class: 'toast-title' }, t('console.help.toast', { room: r.number })),
          r.since !== null && el('p', { class: 'toast-meta' }, t('console.help.since', { time: timeOfDay(r.since, offset) })),
          el(
            'div',
            { class: 'button-row' },
            el('button', { class: 'button button-small', type: 'button', 'data-testid': 'help-toast-go', onClick: () => this.goToRoom(r.number) }, t('console.help.go', { room: r.number })),
            el(
              'button',
              { class: 'button button-small button-primary', type: 'button', 'data-testid': 'help-acknowledge', onClick: () => this.acknowledge(r.key) },
              t('console.help.acknowledge'),
            ),
          ),
        ),
      () => {},
    );
    const numbers = this.#asking.map((r) => r.number);
    show(this.#indicator, numbers.length > 0);
    setText(this.#indicator, numbers.length ? t('console.help.indicator', { count: numbers.length, rooms: formatList(numbers.map(String)) }) : '');
    this.#indicator.dataset.pending = String(pending.length);
    this.#onChange(pending.length);
  }

  /** Two short rising tones (about 0.4 s), made on the spot. */
  #beep() {
    try {
      const Context = window.AudioContext ?? window.webkitAudioContext;
      if (!Context) return;
      this.#audio ??= new Context();
      const audio = this.#audio;
      if (audio.state === 'suspended') audio.resume().catch(() => {});
      const start = audio.currentTime + 0.02;
      [660, 880].forEach((frequency, i) => {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.type = 'sine';
        osc.frequency.value = frequency;
        const at = start + i * 0.2;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.18);
        osc.connect(gain).connect(audio.destination);
        osc.start(at);
        osc.stop(at + 0.2);
      });
    } catch {
      // no sound on this device: the toast and the title still say it
    }
  }
}
