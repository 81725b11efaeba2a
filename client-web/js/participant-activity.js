// The activity part of the participant page (the `activity` and `me` topics): the poll on screen with its form and, once
// participants may see them, its results; the confusion-card board; the feedback fishbowl; and one polite status line
// for what happened.

import { CardBoard } from './card-board.js';
import { byId, setText, show } from './dom.js';
import { FishbowlView } from './fishbowl-view.js';
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
    const say = (text) => this.say(text);
    this.#form = new PollForm(byId('poll-form-host'), { send, say });
    this.#results = new ResultsView(byId('poll-results'));
    this.#board = new CardBoard(this.#ui.boardCard, { send, say });
    this.#fishbowl = new FishbowlView(byId('fishbowl-card'), { send, say, serverNow, myId });
  }

  /** A sentence in the status line (errors from the server, "your answer is in"); polite, so it never interrupts. */
  say(text) {
    sayIn(this.#ui.status, text);
  }

  /** Draws `activity` for the person `me`; `running` is false in the lobby and after the end (nothing to answer). */
  update(activity, me, running) {
    const ui = this.#ui;
    const poll = running ? activity?.poll ?? null : null;
    const board = running ? activity?.board ?? null : null;
    if (activity?.phase !== this.#phase) {
      // A new phase: whatever the status line said was about the last one.
      if (this.#phase !== undefined) this.say('');
      this.#phase = activity?.phase;
    }

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
          ? 'Results appear here as answers come in.'
          : 'The results stay hidden until the facilitator reveals them, so early answers do not sway later ones.',
    );
    show(ui.resultsNote, Boolean(poll) && !visible);
    ui.pollCard.dataset.status = poll?.status ?? '';

    show(ui.boardCard, Boolean(board));
    this.#board.update(board, me);

    this.#fishbowl.update(running ? activity?.fishbowl ?? null : null, me);
  }
}
