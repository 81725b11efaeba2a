// A yes-or-no question in a modal <dialog>, for the pod's choices that cannot be taken back (going Back out of a
// running role-play, starting its rounds again). The browser's confirm() would do, but it cannot be translated in its
// buttons, styled, or labelled for a screen reader; a <dialog> keeps the focus inside until it is answered, and Escape
// answers "no".

import { el } from './dom.js';

/**
 * Asks and resolves true for `confirm`, false for `cancel` or Escape. The focus starts on the safe answer (cancel) and
 * returns to where it was.
 * @param {{title: string, text: string, confirm: string, cancel: string, testid?: string}} question
 * @returns {Promise<boolean>}
 */
export function confirmDialog({ title, text, confirm, cancel, testid = 'confirm-dialog' }) {
  const titleId = `${testid}-title`;
  const textId = `${testid}-text`;
  const returnTo = document.activeElement;
  return new Promise((resolve) => {
    const no = el('button', { class: 'button', type: 'button', 'data-testid': `${testid}-cancel` }, cancel);
    const yes = el('button', { class: 'button button-primary', type: 'button', 'data-testid': `${testid}-ok` }, confirm);
    const dialog = el(
      'dialog',
      { class: 'card confirm-dialog', 'data-testid': testid, 'aria-labelledby': titleId, 'aria-describedby': textId },
      el('h2', { id: titleId, class: 'section-title' }, title),
      el('p', { id: textId }, text),
      el('div', { class: 'button-row' }, no, yes),
    );
    let answered = false;
    const answer = (value) => {
      if (answered) return;
      answered = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      if (returnTo instanceof HTMLElement && returnTo.isConnected) returnTo.focus();
      resolve(value);
    };
    no.addEventListener('click', () => answer(false));
    yes.addEventListener('click', () => answer(true));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      answer(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}
