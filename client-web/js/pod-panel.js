// What a peer pod's members need in place of a facilitator's console, drawn under the pod's Back / Next buttons: the
// run sheet (the scenario's notes for the phase the pod is in, which the server sends only in a pod), a Reveal button
// while the poll's results are hidden (nobody else could ever show them), and the question Back asks while a
// role-play's rounds run, so one stray tap does not stop every clock.

import { confirmDialog } from './confirm-dialog.js';
import { el, show } from './dom.js';
import { t } from './i18n.js';
import { scenarioText } from './scenario-text.js';
import { requestRunner } from './status-line.js';

export class PodPanel {
  #send;
  #say;
  #run;
  #ui;
  #poll = null;
  #room = null;

  /**
   * @param {HTMLElement} host the pod's controls (the Back / Next row); the panel's parts are added after what is there
   * @param {{send: (type: string, fields: object) => Promise<object>, say: (text: string) => void}} options
   */
  constructor(host, { send, say }) {
    this.#send = send;
    this.#say = say;
    this.#run = requestRunner(say);
    const ui = {
      revealBox: el('div', { class: 'pod-reveal', 'data-testid': 'pod-reveal-box', hidden: true }),
      reveal: el('button', { class: 'button', type: 'button', 'data-testid': 'pod-reveal', onClick: () => this.#reveal() }, t('pods.panel.reveal')),
      notesBox: el('section', { class: 'pod-notes', 'data-testid': 'pod-notes', 'aria-labelledby': 'pod-notes-title', hidden: true }),
      notes: el('div', { class: 'pod-notes-text phase-text', 'data-testid': 'pod-notes-text' }),
    };
    ui.revealBox.append(ui.reveal, el('p', { class: 'hint' }, t('pods.panel.revealHint')));
    ui.notesBox.append(
      el('h3', { id: 'pod-notes-title', class: 'section-title' }, t('pods.panel.runSheet')),
      el('p', { class: 'hint' }, t('pods.panel.runSheetHint')),
      ui.notes,
    );
    host.append(ui.revealBox, ui.notesBox);
    this.#ui = ui;
  }

  /**
   * Draws the panel for the pod's `session` topic (null outside a running pod), its `activity` topic (for the poll) and
   * its `room` topic (for Back's question).
   */
  update(session, activity, room) {
    const ui = this.#ui;
    const running = session?.mode === 'pod' && session.status === 'running';
    const phase = running ? session.phase : null;
    const notes = String(phase?.notes ?? '');
    show(ui.notesBox, Boolean(notes.trim()));
    const key = JSON.stringify([notes, session?.language ?? null]);
    if (ui.notes.dataset.key !== key) {
      ui.notes.dataset.key = key;
      ui.notes.replaceChildren(...scenarioText(notes, { lang: session?.language || null }));
    }
    const poll = running ? activity?.poll ?? null : null;
    this.#poll = poll;
    show(ui.revealBox, Boolean(poll) && !poll.results && !poll.resultsLive);
    this.#room = running ? room ?? null : null;
  }

  /** Whether Back may go ahead: at once, unless a role-play's rounds are running, when the member is asked first. */
  async confirmBack() {
    const room = this.#room;
    const clock = room?.room?.clock;
    if (room?.status !== 'running' || !clock || clock.done) return true;
    return confirmDialog({
      title: t('pods.panel.backTitle'),
      text: t('pods.panel.backText', { round: clock.round, rounds: room.rounds }),
      confirm: t('pods.panel.backConfirm'),
      cancel: t('pods.panel.backCancel'),
      testid: 'back-confirm',
    });
  }

  #reveal() {
    const poll = this.#poll;
    if (!poll) return undefined;
    return this.#run('reveal', async () => {
      await this.#send('poll.control', { pollId: poll.pollId, action: 'reveal' });
      this.#say(t('pods.panel.revealed'));
    });
  }
}

