// The web client's patch applier (client-web/js/json-patch.js) on what the server's patches hold: replacements of
// counts in place, cards added at the end and taken out, members added and removed; and refusals of what does not fit.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { applyPatch } from '../../client-web/js/json-patch.js';

const board = () => ({ phase: 2, poll: null, board: { waiting: 1, cards: [{ id: 'a', votes: 1 }, { id: 'b', votes: 0 }] }, fishbowl: null });

test('replacements, additions and removals give the new data, and the old data is left as it was', () => {
  const before = board();
  const after = applyPatch(before, [
    { op: 'replace', path: '/board/cards/1/votes', value: 3 },
    { op: 'add', path: '/board/cards/2', value: { id: 'c', votes: 0 } },
    { op: 'add', path: '/board/cards/-', value: { id: 'd', votes: 0 } },
    { op: 'remove', path: '/board/cards/0' },
    { op: 'replace', path: '/board/waiting', value: 0 },
    { op: 'add', path: '/board/a~1b', value: true },
    { op: 'remove', path: '/fishbowl' },
  ]);
  assert.deepEqual(after, { phase: 2, poll: null, board: { waiting: 0, 'a/b': true, cards: [{ id: 'b', votes: 3 }, { id: 'c', votes: 0 }, { id: 'd', votes: 0 }] } });
  assert.deepEqual(before, board(), 'the data a screen holds is not changed under it');
});

test('the whole document can be replaced', () => {
  assert.deepEqual(applyPatch(board(), [{ op: 'replace', path: '', value: { phase: null } }]), { phase: null });
});

test('operations that do not fit are refused', () => {
  assert.throws(() => applyPatch(board(), [{ op: 'replace', path: '/board/cards/5/votes', value: 1 }]));
  assert.throws(() => applyPatch(board(), [{ op: 'remove', path: '/board/nothing' }]));
  assert.throws(() => applyPatch(board(), [{ op: 'replace', path: '/board/cards/01', value: 1 }]));
  assert.throws(() => applyPatch(board(), [{ op: 'move', from: '/poll', path: '/x' }]));
  assert.throws(() => applyPatch(board(), [{ op: 'add', path: 'board', value: 1 }]));
  assert.throws(() => applyPatch(board(), { op: 'add' }));
});
