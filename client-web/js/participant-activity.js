// The activity part of the participant page (the `activity` and `me` topics): the poll on screen with its form and, once
// participants may see them, its results; the confusion-card board; the feedback fishbowl; and one polite status line
// for what happened.
//
// That line never outlives what it says (issue 16 item 7): a sentence about a state ("your hand is up", "your card is
// in, it appears once enough people have written") is said with a tag, and the part that said it takes it back with
// unsay(tag) when the state changes; every sentence goes when the phase changes or the session stops running.

import { CardBoard } from './card-board.js';
import { byId, setText, show } from './dom.js';
import { FishbowlView } from './fishbowl-view.js';
import { t } from './i18n.js';
import { PollForm } from './poll-form.js';
import { ResultsView } from './poll-results.js';
import { sayIn } from './status-line.js';

export class ParticipantActivity {
  #ui;
  #form;
  #results;
  #board;
  #fishbowl;
  #phase = undefined;
  #running = false;
  #saidTag = null; // the tag of the sentence in the status line, or null

  /**
   * @param {{send: (type: string, fields: object) => Promise<object>, serverNow: () => number, myId: () => (string|null)}} options
   *   `myId` is this person's participantId (from the join / resume reply: no topic says who "me" is).
   */
  constructor({ send, serverNow, myId }) {
    this.#ui = {
      pollCard: byId('poll-card'),
      resultsBox: byId('poll-results-box'),
      resultsNote: byId('poll-results-note'),
      boardCard: byId('board-card'),
      status: byId('activity-status'),
    };
    const say = (text, tag) => this.say(text, tag);
    const unsay = (tag) => this.unsay(tag);
    this.#form = new PollForm(byId('poll-form-host'), { send, say });
    this.#results = new ResultsView(byId('poll-results'));
    this.#board = new CardBoard(this.#ui.boardCard, { send, say, unsay });
    this.#fishbowl = new FishbowlView(byId('fishbowl-card'), { send, say, unsay, serverNow, myId });
  }

  /**
   * A sentence in the status line (errors from the server, "your answer is in"); polite, so it never interrupts. `tag`
   * names the state it describes, for unsay().
   */
  say(text, tag = null) {
    this.#saidTag = text ? tag : null;
    sayIn(this.#ui.status, text);
  }

  /** Takes the sentence out of the status line if it is the one said with `tag` (its state has changed); true if it was. */
  unsay(tag) {
    if (!tag || this.#saidTag !== tag) return false;
    this.say('');
    return true;
  }

  /**
 * Draws `activity` for the person `me`; `running` is false in the lobby and after the end (nothing to answer). In a
 * `pod` there is no facilitator: any member reveals hidden results.
 */
  update(activity, me, running, { pod = false } = {}) {
    const ui = this.#ui;
    const poll = running ? activity?.poll ?? null : null;
    const board = running ? activity?.board ?? null : null;
    if (activity?.phase !== this.#phase || (this.#running && !running)) {
      // A new phase, or the session ended: whatever the status line said was about what came before.
      if (this.#phase !== undefined) this.say('');
      this.#phase = activity?.phase;
    }
    this.#running = running;

    show(ui.pollCard, Boolean(poll));
    this.#form.update(poll, me?.ballot ?? null);
    const visible = Boolean(poll?.results);
    show(ui.resultsBox, visible);
    this.#results.update(visible ? poll : null);
    setText(
      ui.resultsNote,
      !poll || visible
        ? ''
        : poll.resultsLive
          ? t('participant.poll.resultsLive')
          : pod
            ? t('participant.poll.resultsHiddenPod')
            : t('participant.poll.resultsHidden'),
    );
    show(ui.resultsNote, Boolean(poll) && !visible);
    ui.pollCard.dataset.status = poll?.status ?? '';

    show(ui.boardCard, Boolean(board));
    this.#board.update(board, me);

    this.#fishbowl.update(running ? activity?.fishbowl ?? null : null, me);
  }
}
