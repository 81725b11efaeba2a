// The console's quick-poll form: a poll that is not in the script, launched on the spot with poll.quick. The server
// checks it against the same rules as a scenario's poll; its invalid_field message names what to fix.

import { byId, show } from './dom.js';
import { t } from './i18n.js';
import { errorText } from './words.js';

/** Wires the quick-poll form of facilitator.html. `send` makes a request, `say` puts a sentence in the status line. */
export function bindQuickPoll({ send, say }) {
  const ui = {
    form: byId('quick-form'),
    kind: byId('quick-kind'),
    question: byId('quick-question'),
    optionsField: byId('quick-options-field'),
    options: byId('quick-options'),
    scaleField: byId('quick-scale-field'),
    scaleMin: byId('quick-scale-min'),
    scaleMax: byId('quick-scale-max'),
    minLabel: byId('quick-scale-min-label'),
    maxLabel: byId('quick-scale-max-label'),
    anonymous: byId('quick-anonymous'),
    submit: byId('quick-submit'),
  };

  // Only the fields the chosen kind takes are shown: the server refuses, say, options on a scale.
  const syncKind = () => {
    const kind = ui.kind.value;
    show(ui.optionsField, kind === 'single' || kind === 'multi');
    show(ui.scaleField, kind === 'scale');
  };
  ui.kind.addEventListener('change', syncKind);
  syncKind();

  const read = () => {
    const pollKind = ui.kind.value;
    const question = ui.question.value.trim();
    if (!question) return { problem: t('console.quick.needQuestion'), field: ui.question };
    const poll = {
      pollKind,
      question,
      results: ui.form.elements.namedItem('quick-results')?.value === 'live' ? 'live' : 'hidden',
      anonymous: ui.anonymous.checked,
    };
    if (pollKind === 'single' || pollKind === 'multi') {
      const options = ui.options.value.split('\n').map((line) => line.trim()).filter(Boolean);
      if (options.length < 2) return { problem: t('console.quick.needOptions'), field: ui.options };
      poll.options = options;
    }
    if (pollKind === 'scale') {
      poll.scale = {
        min: Number(ui.scaleMin.value),
        max: Number(ui.scaleMax.value),
        minLabel: ui.minLabel.value.trim(),
        maxLabel: ui.maxLabel.value.trim(),
      };
    }
    return { poll };
  };

  let busy = false;
  ui.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const { poll, problem, field } = read();
    if (problem) {
      say(problem);
      field.focus();
      return;
    }
    busy = true;
    ui.submit.disabled = true;
    try {
      await send('poll.quick', { poll });
      ui.question.value = '';
      ui.options.value = '';
      say(t('console.quick.launched'));
    } catch (error) {
      say(errorText(error));
    } finally {
      busy = false;
      ui.submit.disabled = false;
    }
  });
}
