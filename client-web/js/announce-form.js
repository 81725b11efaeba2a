// The console's announcement box: a message to everyone (session.announce), shown as a banner on every participant's
// screen and on the projector until the next one or until it is taken down. The box also shows what was last sent, from the `session` topic.

import { attachCounter, byId, setText, show } from './dom.js';
import { t } from './i18n.js';
import { requestRunner } from './status-line.js';

/**
 * Wires the announcement form of facilitator.html. `send` makes a request, `say` puts a sentence in the status line.
 * Returns update(session), which shows the announcement everyone currently sees.
 */
export function bindAnnounceForm({ send, say }) {
  const ui = {
    form: byId('announce-form'),
    text: byId('announce-text'),
    counter: byId('announce-counter'),
    submit: byId('announce-send'),
    currentBox: byId('current-announcement-box'),
    clear: byId('announce-clear'),
    current: byId('current-announcement'),
  };
  const renderCounter = attachCounter(ui.text, ui.counter);
  const run = requestRunner(say);

  ui.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = ui.text.value.trim();
    if (!text) {
      say(t('console.announce.empty'));
      ui.text.focus();
      return;
    }
    ui.submit.disabled = true;
    const sent = await run('announce', () => send('session.announce', { text }));
    ui.submit.disabled = false;
    if (sent) {
      ui.text.value = '';
      renderCounter();
      say(t('console.announce.sent'));
    }
  });

  // An empty announcement takes the current one down on every screen.
  ui.clear.addEventListener('click', async () => {
    ui.clear.disabled = true;
    const sent = await run('announce', () => send('session.announce', { text: '' }));
    ui.clear.disabled = false;
    if (sent) say(t('console.announce.cleared'));
  });

  return (session) => {
    const announcement = session?.announcement ?? null;
    setText(ui.current, announcement?.text ?? '');
    show(ui.currentBox, Boolean(announcement));
  };
}
