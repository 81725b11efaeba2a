// "Practice in a pod" on the participant home page: the pod scenarios the server offers (mode "pod", from
// /api/scenarios), each with a "Start a pod" button. Starting one is `pod.create` with the name typed in the join form;
// what happens after the ack (taking the seat, showing the pod) is the page's, through `start`.

import { el, setChildren, setText, show } from './dom.js';
import { t } from './i18n.js';
import { errorText } from './words.js';

export class PodStart {
  #ui;
  #nameInput;
  #start;
  #loaded = false;
  #loading = null;
  #busy = false;

  /**
   * @param {{section: HTMLElement, list: HTMLElement, error: HTMLElement}} ui the section (hidden until there is a
   *   pod scenario to offer), the list the scenarios go in, and the line errors are said in
   * @param {{nameInput: HTMLInputElement, start: (scenarioId: string, name: string) => Promise<void>}} options
   */
  constructor(ui, { nameInput, start }) {
    this.#ui = ui;
    this.#nameInput = nameInput;
    this.#start = start;
  }

  /** Fetches the pod scenarios once (again after a failure); shows the section when there is at least one. */
  load() {
    if (this.#loaded) return Promise.resolve();
    this.#loading ??= this.#fetch().finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  /** Hides any error from an earlier attempt (the join view is shown afresh). */
  reset() {
    show(this.#ui.error, false);
    this.#nameInput.removeAttribute('aria-invalid');
  }

  async #fetch() {
    const ui = this.#ui;
    try {
      const response = await fetch('/api/scenarios', { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = await response.json();
      const pods = (Array.isArray(body?.scenarios) ? body.scenarios : []).filter((s) => s?.mode === 'pod');
      this.#render(pods);
      this.#loaded = true;
      show(ui.section, pods.length > 0);
    } catch (error) {
      // The pod section is extra to joining: without the list there is nothing to offer, so it stays out of the way.
      console.warn('huddle: cannot load the pod scenarios', error);
      show(ui.section, false);
    }
  }

  #render(scenarios) {
    setChildren(
      this.#ui.list,
      scenarios.map((s) => {
        const titleId = `pod-scenario-${s.id}-title`;
        const meta = Number.isFinite(s.durationMinutes) ? t('pods.start.minutes', { minutes: s.durationMinutes }) : '';
        // The scenario's own words are in its language, whatever language the page is in.
        const lang = typeof s.language === 'string' && s.language ? s.language : null;
        return el(
          'li',
          { class: 'pod-scenario', 'data-testid': 'pod-scenario', 'data-scenario-id': s.id },
          el('h3', { id: titleId, class: 'pod-scenario-title', 'data-testid': 'pod-scenario-title', dir: 'auto', lang }, s.title),
          s.description && el('p', { class: 'pod-scenario-description', 'data-testid': 'pod-scenario-description', dir: 'auto', lang }, s.description),
          meta && el('p', { class: 'muted' }, meta),
          el(
            'button',
            {
              class: 'button button-primary',
              type: 'button',
              'data-testid': 'pod-start',
              'aria-describedby': titleId,
              onClick: () => this.#startPod(s.id),
            },
            t('pods.start.button'),
          ),
        );
      }),
    );
  }

  #showError(message, field = null) {
    setText(this.#ui.error, message);
    show(this.#ui.error, true);
    this.#nameInput.removeAttribute('aria-invalid');
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
  }

  async #startPod(scenarioId) {
    if (this.#busy) return;
    const name = this.#nameInput.value.trim();
    if (!name) {
      this.#showError(t('pods.start.needName'), this.#nameInput);
      return;
    }
    this.reset();
    const buttons = [...this.#ui.list.querySelectorAll('button')];
    const pressed = buttons.find((b) => b.closest('[data-scenario-id]')?.dataset.scenarioId === scenarioId);
    this.#busy = true;
    for (const b of buttons) b.disabled = true;
    if (pressed) setText(pressed, t('pods.start.starting'));
    try {
      await this.#start(scenarioId, name);
    } catch (error) {
      this.#showError(errorText(error), error.code === 'name_invalid' ? this.#nameInput : null);
    } finally {
      this.#busy = false;
      for (const b of buttons) b.disabled = false;
      if (pressed) setText(pressed, t('pods.start.button'));
    }
  }
}
