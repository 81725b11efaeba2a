// The console's keyboard shortcuts: N or → moves on, B or ← goes back, P or Space pauses and resumes the timer, ? lists
// them in a modal dialog. A key is never taken from someone typing (inputs, text areas, selects, editable text) nor from
// a focused button, link or summary that Space and Enter already work.

/** True when the key belongs to the element that has focus: a field takes every key, a select or a radio its arrows. */
function typingIn(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  return Boolean(target.closest('input, textarea, select, [role="listbox"], [role="radiogroup"], [role="menu"], [role="slider"]'));
}

function activatable(target) {
  return target instanceof Element && Boolean(target.closest('button, a[href], summary, [role="button"]'));
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Presses `button` the way a click would, if it is on screen and enabled; says whether it did. */
function press(button) {
  if (!button || button.disabled || button.closest('[hidden]')) return false;
  button.click();
  return true;
}

/**
 * Wires the shortcuts to the console's own buttons (so a shortcut does exactly what the button does, and nothing while
 * the button is off). `dialog` is the <dialog> that lists them; `opener` the "?" button in the control bar.
 */
export function bindShortcuts({ next, back, timer, dialog, opener, close }) {
  let returnTo = null;
  const open = () => {
    if (dialog.open) return;
    returnTo = document.activeElement;
    dialog.showModal();
    close.focus();
  };
  dialog.addEventListener('close', () => {
    const target = returnTo && document.contains(returnTo) && returnTo !== document.body ? returnTo : opener;
    returnTo = null;
    target.focus();
  });
  opener.addEventListener('click', open);
  close.addEventListener('click', () => dialog.close());
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (dialog.open) {
      // Keep Tab inside the dialog (Esc is the dialog's own: it closes).
      if (event.key !== 'Tab') return;
      const items = [...dialog.querySelectorAll(FOCUSABLE)];
      if (items.length === 0) return;
      const at = items.indexOf(document.activeElement);
      const to = event.shiftKey ? (at <= 0 ? items.length - 1 : at - 1) : (at + 1) % items.length;
      event.preventDefault();
      items[to].focus();
      return;
    }
    const target = event.target;
    if (typingIn(target)) return;
    const key = event.key;
    if (key === '?') {
      event.preventDefault();
      open();
      return;
    }
    if ((key === ' ' || key === 'Enter') && activatable(target)) return;
    let done = false;
    if (key === 'n' || key === 'N' || key === 'ArrowRight') done = press(next);
    else if (key === 'b' || key === 'B' || key === 'ArrowLeft') done = press(back);
    else if (key === 'p' || key === 'P' || key === ' ') done = press(timer);
    else return;
    // A key that pressed a button is used up (Space would scroll the page too); one that found its button off keeps its
    // ordinary meaning.
    if (done) event.preventDefault();
  });
}
