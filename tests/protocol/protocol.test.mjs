// The wire contract, machine-checked (see protocol/schema/README.md):
//   a. every ```json example in PROTOCOL.md matches the schema its type selects;
//   b. PROTOCOL.md and the schemas cover the same request types, topics and error codes;
//   c. every frame a real server sends during a scripted conversation matches its schema, and every
//      request gets exactly one reply;
//   d. the checkers reject deliberately wrong frames, so a green run means something.
// Run: cd tests && node --test protocol/
// Env: HUDDLE_BIN (server binary; default ../../build/bin/huddle from this file), HUDDLE_SKIP_LIVE=1 (skip
// part c), HUDDLE_CAPTURE_OUT (file to write the captured frames of part c to, as JSON).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

import {
  DRAFT_2020_12, FIXED_SCHEMAS, SCHEMA_BASE, SERVER_TYPES, checkExamples, checkOneReplyEach, checkServerFrame,
  clientSchema, findOpenServerObjects, loadContract, parseProtocolMd, protocolMdPath, repoRoot, resultSchema,
  setDiff, topicSchema,
} from './lib/contract.mjs';
import { Conn, Recorder, startServer } from './lib/live.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const contract = loadContract();
const mdText = readFileSync(protocolMdPath, 'utf8');
const md = parseProtocolMd(mdText);

const MAX_LISTED = 40;
const fail = (problems, heading) => {
  const more = problems.length > MAX_LISTED ? `\n  ... and ${problems.length - MAX_LISTED} more` : '';
  assert.fail(`${heading}\n  ${problems.slice(0, MAX_LISTED).join('\n  ')}${more}`);
};
const assertNone = (problems, heading) => {
  if (problems.length) fail(problems, heading);
};

// ------------------------------------------------------------------------------------------------ a
describe('a. PROTOCOL.md examples match the schemas', () => {
  test('PROTOCOL.md has examples', () => {
    assert.ok(md.blocks.length >= 20, `found only ${md.blocks.length} json blocks`);
  });
  for (const { block, problems } of checkExamples(contract, md)) {
    const label = `line ${block.line} (${block.json?.type ?? '?'}${block.json?.topic ? ` ${block.json.topic}` : ''}) under "${block.h3 || block.h2}"`;
    test(label, () => assertNone(problems, `PROTOCOL.md line ${block.line} does not match its schema:\n${block.raw}`));
  }
});

// ------------------------------------------------------------------------------------------------ b
describe('b. PROTOCOL.md and the schemas cover the same things', () => {
  test('request types: documented = client schemas = result schemas', () => {
    assertNone([
      ...setDiff('PROTOCOL.md "## Requests"', md.requestTypes, 'protocol/schema/client/', contract.requestTypes),
      ...setDiff('PROTOCOL.md "## Requests"', md.requestTypes, 'protocol/schema/server/results/', contract.resultTypes),
    ], 'request types differ');
  });

  test('topics: documented = topic schemas = the state envelope enum', () => {
    assertNone([
      ...setDiff('PROTOCOL.md "## Pushes"', md.topics, 'protocol/schema/server/topics/', contract.topics),
      ...setDiff('PROTOCOL.md "## Pushes"', md.topics, 'server/state.json topic enum', contract.files.get('server/state.json').properties.topic.enum),
    ], 'topics differ');
  });

  test('error codes: the PROTOCOL.md table = the error.json enum', () => {
    assert.ok(md.errorCodes.length > 0, 'found no error-code table in PROTOCOL.md');
    assertNone(setDiff('the PROTOCOL.md table', md.errorCodes, 'server/error.json code enum', contract.errorCodes), 'error codes differ');
  });

  test('error codes: the C++ ErrorCode enum agrees too (when present)', (t) => {
    const header = path.join(repoRoot, 'protocol/cpp/include/huddle/protocol/error_code.hpp');
    if (!existsSync(header)) return t.skip('no error_code.hpp');
    const body = /enum\s+class\s+ErrorCode\s*\{([^}]*)\}/.exec(readFileSync(header, 'utf8'))?.[1];
    assert.ok(body, 'cannot find enum class ErrorCode in error_code.hpp');
    const cpp = body.replace(/\/\/.*$/gm, '').split(',').map((s) => s.trim().replace(/\s*=.*$/, '')).filter(Boolean);
    assertNone(setDiff('C++ ErrorCode', cpp, 'server/error.json code enum', contract.errorCodes), 'error codes differ');
  });

  test('every documented request has a request example followed by its ack example', () => {
    const problems = [];
    for (const type of md.requestTypes) {
      const i = md.blocks.findIndex((b) => b.json?.type === type);
      if (i < 0) problems.push(`${type}: no request example`);
      else if (md.blocks[i + 1]?.json?.type !== 'ack' || md.blocks[i + 1].section !== md.blocks[i].section) problems.push(`${type}: no ack example right after the request example`);
    }
    for (const topic of md.topics) {
      if (!md.blocks.some((b) => b.json?.type === 'state' && b.json.topic === topic && b.h3.startsWith('topic'))) problems.push(`topic ${topic}: no example`);
    }
    for (const type of SERVER_TYPES) if (!md.blocks.some((b) => b.json?.type === type)) problems.push(`${type}: no example`);
    assertNone(problems, 'PROTOCOL.md lacks examples');
  });

  test('no schema file that nothing documents', () => {
    const expected = new Set([
      ...FIXED_SCHEMAS,
      ...md.requestTypes.map(clientSchema),
      ...md.requestTypes.map(resultSchema),
      ...md.topics.map(topicSchema),
    ]);
    assertNone([...contract.files.keys()].filter((rel) => !expected.has(rel)).map((rel) => `protocol/schema/${rel} is documented nowhere`), 'stray schemas');
  });

  test('every schema is draft 2020-12 with an $id matching its path and a description', () => {
    const problems = [];
    for (const [rel, s] of contract.files) {
      if (s.$schema !== DRAFT_2020_12) problems.push(`${rel}: $schema is ${s.$schema}`);
      if (s.$id !== SCHEMA_BASE + rel) problems.push(`${rel}: $id is ${s.$id}, expected ${SCHEMA_BASE + rel}`);
      if (typeof s.description !== 'string' || s.description.length < 10) problems.push(`${rel}: no description`);
    }
    assertNone(problems, 'schema metadata');
  });

  test('client schemas pin their type and allow unknown fields; server schemas allow none', () => {
    const problems = [];
    for (const type of contract.requestTypes) {
      const s = contract.files.get(clientSchema(type));
      if (s.properties?.type?.const !== type) problems.push(`${clientSchema(type)}: type is not const ${type}`);
      if (s.additionalProperties === false || s.unevaluatedProperties === false) problems.push(`${clientSchema(type)}: forbids unknown fields, which the server ignores`);
      if (!s.required?.includes('type') || !s.required?.includes('id')) problems.push(`${clientSchema(type)}: type and id must be required`);
    }
    problems.push(...findOpenServerObjects(contract));
    assertNone(problems, 'schema policy');
  });
});

// ------------------------------------------------------------------------------------------------ d
describe('d. the checkers reject wrong frames (self-check)', () => {
  const noRequest = () => undefined;
  const joinById = (id) => (id === 7 ? 'join' : undefined);
  const rejects = (frame, requestTypeOf = noRequest) => checkServerFrame(contract, frame, requestTypeOf).length > 0;
  const accepts = (frame, requestTypeOf = noRequest) => {
    const problems = checkServerFrame(contract, frame, requestTypeOf);
    assertNone(problems, `rejected a good frame ${JSON.stringify(frame)}`);
  };
  const goodJoinAck = { type: 'ack', id: 7, result: { participantId: 'p-1', name: 'Dana', resumeToken: 'tok' } };

  test('good frames pass (control)', () => {
    accepts({ type: 'error', id: null, code: 'bad_request', message: 'Not JSON.' });
    accepts(goodJoinAck, joinById);
    accepts({ type: 'state', topic: 'me', version: 1, epoch: 'e-1', data: { ballot: null, meToo: [], cardsLeft: null } });
  });

  test('an error with an unknown code is rejected', () => {
    assert.ok(rejects({ type: 'error', id: 1, code: 'teapot', message: 'I am a teapot.' }));
  });

  test('an ack with an extra field, or a result leaking one, is rejected', () => {
    assert.ok(rejects({ ...goodJoinAck, extra: true }, joinById));
    assert.ok(rejects({ ...goodJoinAck, result: { ...goodJoinAck.result, facilitatorKey: 'k' } }, joinById));
  });

  test('an ack result missing a field, or an ack for an id never sent, is rejected', () => {
    const { resumeToken, ...noToken } = goodJoinAck.result;
    assert.ok(rejects({ ...goodJoinAck, result: noToken }, joinById));
    assert.ok(rejects(goodJoinAck, noRequest));
  });

  test('a push leaking a field, on an unknown topic, or with version 0 is rejected', () => {
    const roster = { type: 'state', topic: 'roster', version: 3, epoch: 'e-1', data: { participants: [{ id: 'p-1', name: 'Dana', presence: 'online' }] } };
    accepts(roster);
    assert.ok(rejects({ ...roster, data: { participants: [{ ...roster.data.participants[0], resumeToken: 'tok' }] } }));
    assert.ok(rejects({ ...roster, topic: 'votes' }));
    assert.ok(rejects({ ...roster, version: 0 }));
  });

  test('malformed ids and names are rejected', () => {
    for (const id of ['', 'x'.repeat(65), -1, 1.5, 2 ** 53 + 2, true]) {
      assert.ok(rejects({ type: 'error', id, code: 'internal', message: 'm' }), `id ${JSON.stringify(id)} accepted`);
    }
    assert.deepEqual(contract.check('server/ack.json', { type: 'ack', id: 'x'.repeat(64), result: {} }), []);
    assert.ok(contract.check(clientSchema('join'), { type: 'join', id: 1, code: 'K7QX3M', name: 'x'.repeat(41) }).length > 0);
    assert.ok(contract.check(clientSchema('join'), { type: 'join', id: 1, code: 'K7QX3M', name: 'Da\u0007na' }).length > 0);
    assert.ok(contract.check(clientSchema('join'), { type: 'join', id: 1, code: 'K7QXOM', name: 'Dana' }).length > 0);
    assert.ok(contract.check(clientSchema('hello'), { type: 'hello', id: 1, protocol: 0, client: 'c' }).length > 0);
    // Unknown request fields are ignored, so the client schemas accept them.
    assert.deepEqual(contract.check(clientSchema('join'), { type: 'join', id: 1, code: 'K7QX3M', name: 'Dana', colour: 'red' }), []);
  });

  // Polls and cards: the shapes depend on the poll's kind and the audience.
  const push = (topic, data) => ({ type: 'state', topic, version: 2, epoch: 'e-1', data });
  const desc = { pollId: 'poll-4', question: 'Q?', anonymous: true, resultsLive: false, status: 'open', resultsVisible: true, voterCount: 1, timerSeconds: null };
  const polls = {
    single: { ...desc, kind: 'single', options: ['a', 'b'], results: { voters: 1, options: [{ option: 'a', count: 1, percent: 100 }, { option: 'b', count: 0, percent: 0 }] } },
    multi: { ...desc, kind: 'multi', options: ['a', 'b'], maxChoices: 2, results: { voters: 1, options: [{ option: 'a', count: 1, percent: 100 }, { option: 'b', count: 1, percent: 100 }] } },
    scale: { ...desc, kind: 'scale', scale: { min: 1, max: 2, minLabel: 'lo', maxLabel: 'hi' }, results: { voters: 1, points: [{ value: 1, count: 0, percent: 0 }, { value: 2, count: 1, percent: 100 }], average: 2 } },
    wordcloud: { ...desc, kind: 'wordcloud', maxEntries: 3, maxLength: 25, results: { voters: 1, words: [{ word: 'time', count: 1 }], otherWords: 0, otherMentions: 0 } },
    open: { ...desc, kind: 'open', maxEntries: 1, maxLength: 280, results: { voters: 1, texts: ['Why?'] } },
  };
  const card = { id: 'c-0123456789ab', text: 'Why?', votes: 0, addressed: false, pinned: false, group: null, batch: 1 };
  const header = { prompt: 'What?', open: true, votesEnabled: true, moderated: false, releaseThreshold: 3, maxLength: 280, maxPerPerson: 3, waiting: 0, sort: 'votes' };
  const board = { ...header, cards: [card] };
  const fboard = { ...header, cards: [{ ...card, merged: [] }], approvalQueue: [], hidden: [], groups: [] };
  const activity = (poll, b = null) => push('activity', { phase: 1, poll, board: b });
  const consolePoll = (poll, extra = {}) => push('console', { poll: { ...poll, revealed: false, ...extra }, board: null, polls: [], breakouts: null });

  test('polls of every kind, a board and the console pass (control)', () => {
    for (const poll of Object.values(polls)) {
      accepts(activity(poll));
      accepts(activity({ ...poll, resultsVisible: false, results: null }));
      accepts(consolePoll(poll));
    }
    accepts(activity(null, board));
    accepts(push('console', { poll: null, board: fboard, polls: [{ pollId: 'quick-1', question: 'Q?', kind: 'single', status: 'closed', voterCount: 0, quick: true, active: false }], breakouts: null }));
    accepts(consolePoll({ ...polls.multi, anonymous: false }, { answers: [{ name: 'Dana', ballot: { choices: [0, 1] } }] }));
    accepts(push('me', { ballot: { pollId: 'poll-4', ballot: { words: ['time'] } }, meToo: [card.id], cardsLeft: 2 }));
  });

  test('a poll with another kind\'s fields or results is rejected', () => {
    assert.ok(rejects(activity({ ...polls.scale, options: ['a', 'b'] })), 'scale poll with options');
    assert.ok(rejects(activity({ ...polls.single, maxChoices: 1 })), 'single poll with maxChoices');
    assert.ok(rejects(activity({ ...polls.multi, maxChoices: undefined })), 'multi poll without maxChoices');
    assert.ok(rejects(activity({ ...polls.single, results: polls.scale.results })), 'single poll with scale results');
    assert.ok(rejects(activity({ ...polls.open, results: polls.wordcloud.results })), 'open poll with wordcloud results');
    assert.ok(rejects(activity({ ...polls.wordcloud, kind: 'open' })), 'open poll with wordcloud results (kind changed)');
    assert.ok(rejects(activity({ ...polls.single, resultsVisible: false })), 'hidden results that are sent anyway');
    assert.ok(rejects(activity({ ...polls.single, revealed: true })), 'the facilitator field revealed in the public view');
    assert.ok(rejects(activity({ ...polls.single, answers: [] })), 'answers in the public view');
    assert.ok(rejects(activity({ ...polls.single, pollId: 'p-4' })), 'a malformed poll id');
  });

  test('the console names voters only in a named poll', () => {
    assert.ok(rejects(consolePoll(polls.single, { answers: [{ name: 'Dana', ballot: { choice: 0 } }] })), 'answers in an anonymous poll');
    assert.ok(rejects(consolePoll({ ...polls.single, anonymous: false })), 'a named poll without answers');
    assert.ok(rejects(consolePoll({ ...polls.single, anonymous: false }, { answers: [{ name: 'Dana', ballot: { value: 3 } }] })), 'a scale ballot in a single poll');
    assert.ok(rejects(consolePoll({ ...polls.single, results: null })), 'the console without results');
  });

  test('cards with an author, without a batch, or facilitator fields on the public board are rejected', () => {
    assert.ok(rejects(activity(null, { ...board, cards: [{ ...card, author: 'p-1' }] })), 'an author');
    const { batch, ...noBatch } = card;
    assert.ok(rejects(activity(null, { ...board, cards: [noBatch] })), 'no batch');
    assert.ok(rejects(activity(null, { ...board, cards: [{ ...card, batch: 0 }] })), 'batch 0');
    assert.ok(rejects(activity(null, { ...board, cards: [{ ...card, merged: [] }] })), 'merged texts on the public board');
    assert.ok(rejects(activity(null, { ...board, approvalQueue: [] })), 'the approval queue on the public board');
    assert.ok(rejects(push('console', { poll: null, board: { ...fboard, cards: [{ ...card, merged: [], createdAt: 1 }] }, polls: [], breakouts: null })), 'a time on a card');
  });

  test('a me push without the new fields, or with a mixed ballot, is rejected', () => {
    const me = { ballot: null, meToo: [], cardsLeft: null };
    assert.ok(rejects(push('me', { ...me, name: 'Dana' })), 'me naming its participant (anonymity)');
    for (const field of ['ballot', 'meToo', 'cardsLeft']) {
      const { [field]: _, ...without } = me;
      assert.ok(rejects(push('me', without)), `me without ${field}`);
    }
    assert.ok(rejects(push('me', { ...me, ballot: { pollId: 'poll-1', ballot: { choice: 1, value: 2 } } })), 'a ballot with two fields');
    assert.ok(rejects(push('me', { ...me, ballot: { pollId: 'poll-1' } })), 'a ballot without ballot');
    assert.ok(rejects(push('me', { ...me, cardsLeft: -1 })), 'cardsLeft -1');
  });

  test('requests for polls and cards are checked', () => {
    const good = [
      { type: 'poll.vote', id: 1, pollId: 'quick-2', vote: { texts: ['a', 'b'] } },
      { type: 'poll.control', id: 1, pollId: 'poll-1', action: 'dismiss' },
      { type: 'poll.quick', id: 1, poll: { pollKind: 'scale', question: 'Q?', scale: { max: 5, minLabel: 'lo', maxLabel: 'hi' } } },
      { type: 'card.release', id: 1 },
      { type: 'card.moderate', id: 1, cardId: 'c-0123456789ab', action: 'unaddressed', extra: 'ignored' },
    ];
    for (const r of good) assert.deepEqual(contract.check(clientSchema(r.type), r), [], JSON.stringify(r));
    const bad = [
      { type: 'poll.vote', id: 1, pollId: 'poll-1', vote: { choice: 1, choices: [1] } },
      { type: 'poll.vote', id: 1, pollId: 'poll-1', vote: { choices: [1, 1] } },
      { type: 'poll.vote', id: 1, pollId: 'poll-1', vote: {} },
      { type: 'poll.control', id: 1, pollId: 'poll-1', action: 'delete' },
      { type: 'poll.quick', id: 1, poll: { pollKind: 'scale', question: 'Q?', options: ['a', 'b'], scale: { max: 5, minLabel: 'lo', maxLabel: 'hi' } } },
      { type: 'poll.quick', id: 1, poll: { pollKind: 'single', question: 'Q?' } },
      { type: 'poll.quick', id: 1, poll: { pollKind: 'wordcloud', question: 'Q?', maxLength: 41 } },
      { type: 'card.vote', id: 1, cardId: 'c-0123456789ab', vote: 'yes' },
      { type: 'card.release', id: 1, force: 'true' },
      { type: 'card.group.rename', id: 1, groupId: 'g-x', name: '' },
    ];
    for (const r of bad) assert.ok(contract.check(clientSchema(r.type), r).length > 0, `accepted ${JSON.stringify(r)}`);
  });

  // Breakout role-plays: the room topic (one participant's view, data may be null), the console's
  // breakouts and the session's announcement.
  const timeline = [{ kind: 'prepare', label: 'Read', seconds: 60, prompt: '' }, { kind: 'play', label: 'play', seconds: 300, prompt: 'Go.' }];
  const roomHead = { phase: 5, situation: 'A missed deadline', rounds: 2, timeline };
  const clock = { round: 1, step: 0, deadline: 1795000060000, done: false };
  const ownRoom = {
    number: 2,
    members: [{ name: 'Ana', role: 'Observer', you: true }, { name: 'Ben', role: 'Manager', you: false }],
    role: { id: 'observer', name: 'Observer', brief: 'Watch.' },
    checklist: { items: ['Asked an open question'], ticked: [0], note: '' },
    clock,
    help: false,
    observations: [{ round: 1, observer: 'Ana', ticked: ['Asked an open question'], note: 'Good opening' }],
    videoLink: 'https://meet.example.org/K7QX3M-6-2',
  };
  const formed = { ...roomHead, status: 'running', callBackAt: null, roomCount: 2, choosing: false, room: ownRoom };
  const breakouts = {
    phase: 5, forming: 'auto', formedWith: 'auto', groupSize: 3, rounds: 2,
    roles: [{ id: 'manager', name: 'Manager', brief: 'Lead.', checklist: [] }, { id: 'observer', name: 'Observer', brief: 'Watch.', checklist: ['Asked an open question'] }],
    timeline, situation: 'A missed deadline', status: 'running', callBackAt: 1795000120000,
    rooms: [{ number: 1, members: [{ id: 'p-1', name: 'Ana', role: 'manager', online: true }], clock, help: true, helpSince: 1795000000000, videoLink: null, observations: [] }],
    unassigned: [{ id: 'p-2', name: 'Dee' }],
    checklistSummary: [{ role: 'observer', item: 'Asked an open question', ticked: 1 }],
  };
  const consoleWith = (b) => push('console', { poll: null, board: null, polls: [], breakouts: b });

  test('room views, the console\'s breakouts and an announcement pass (control)', () => {
    accepts(push('room', null));
    accepts(push('room', { ...roomHead, status: 'forming', room: null }));
    accepts(push('room', { ...roomHead, status: 'forming', callBackAt: null, roomCount: 2, choosing: true, roomSizes: [1, 0], room: null }));
    accepts(push('room', formed));
    accepts(push('room', { ...formed, status: 'finished', room: { ...ownRoom, checklist: null, videoLink: null, clock: { ...clock, deadline: null, done: true } } }));
    accepts(consoleWith(breakouts));
    accepts(consoleWith({ ...breakouts, status: 'forming', callBackAt: null, rooms: [], checklistSummary: [] }));
    const session = { code: 'K7QX3M', title: 'T', scenarioId: 's', mode: 'facilitated', status: 'running', phase: null, agenda: [], participantCount: 0, onlineCount: 0 };
    accepts(push('session', { ...session, announcement: null }));
    accepts(push('session', { ...session, announcement: { text: 'Back in 2 minutes.\nThanks!', at: 1795000000000 } }));
    assert.ok(rejects(push('session', session)), 'a session without announcement');
    assert.ok(rejects(push('session', { ...session, announcement: { text: 'Hi', at: 1, by: 'p-1' } })), 'an announcement with an extra field');
    assert.ok(rejects(push('session', { ...session, announcement: { text: 'x'.repeat(501), at: 1 } })), 'an announcement of 501 characters');
  });

  test('a room view leaking ids or briefs, or out of shape, is rejected', () => {
    assert.ok(rejects(push('roster', null)), 'data null on a topic other than room');
    assert.ok(rejects(push('room', { ...formed, room: { ...ownRoom, members: [{ ...ownRoom.members[0], id: 'p-1' }] } })), 'a participant id among the members');
    assert.ok(rejects(push('room', { ...formed, room: { ...ownRoom, members: [{ ...ownRoom.members[0], brief: 'Lead.' }] } })), "another member's brief");
    assert.ok(rejects(push('room', { ...formed, roles: breakouts.roles })), "every role's brief");
    assert.ok(rejects(push('room', { ...roomHead, status: 'forming', room: ownRoom })), 'a room before the rooms are formed');
    assert.ok(rejects(push('room', { ...roomHead, status: 'running', room: null })), 'running without rooms');
    assert.ok(rejects(push('room', { ...formed, roomSizes: [3, 3] })), 'roomSizes while not choosing');
    assert.ok(rejects(push('room', { ...formed, choosing: true })), 'choosing without roomSizes');
    assert.ok(rejects(push('room', { ...roomHead, status: 'forming', roomCount: 2, room: null })), 'roomCount without callBackAt and choosing');
    assert.ok(rejects(push('room', { ...formed, room: { ...ownRoom, clock: { ...clock, done: true } } })), 'a deadline on a room that is done');
    assert.ok(rejects(push('room', { ...formed, room: { ...ownRoom, clock: { ...clock, round: 0 } } })), 'round 0');
    assert.ok(rejects(push('room', { ...formed, room: { ...ownRoom, checklist: { ...ownRoom.checklist, note: 'n'.repeat(2001) } } })), 'a 2001-character note');
    assert.ok(rejects(push('room', { ...formed, room: { ...ownRoom, videoLink: 'javascript:alert(1)' } })), 'a video link that is not https');
  });

  test('the console\'s breakouts out of shape are rejected', () => {
    const room = breakouts.rooms[0];
    assert.ok(rejects(push('console', { poll: null, board: null, polls: [] })), 'a console without breakouts');
    assert.ok(rejects(consoleWith({ ...breakouts, seed: 1 })), 'an extra field');
    assert.ok(rejects(consoleWith({ ...breakouts, rooms: [{ ...room, members: [{ ...room.members[0], resumeToken: 'tok' }] }] })), 'a token on a member');
    assert.ok(rejects(consoleWith({ ...breakouts, rooms: [{ ...room, help: false }] })), 'helpSince without help');
    assert.ok(rejects(consoleWith({ ...breakouts, rooms: [{ ...room, helpSince: null }] })), 'help without helpSince');
    assert.ok(rejects(consoleWith({ ...breakouts, rooms: [{ ...room, number: 0 }] })), 'room 0');
    assert.ok(rejects(consoleWith({ ...breakouts, forming: 'random' })), 'an unknown forming');
    assert.ok(rejects(consoleWith({ ...breakouts, status: 'paused' })), 'an unknown status');
  });

  test('breakout requests and announcements are checked', () => {
    const good = [
      { type: 'breakout.form', id: 1 },
      { type: 'breakout.form', id: 1, forming: 'new-partners' },
      { type: 'breakout.move', id: 1, participantId: 'p-1', room: 0 },
      { type: 'breakout.choose', id: 1, room: 1 },
      { type: 'breakout.start', id: 1 },
      { type: 'breakout.time', id: 1, seconds: -1800 },
      { type: 'breakout.time', id: 1, seconds: 1800, room: 0 },
      { type: 'breakout.callback', id: 1, seconds: 0 },
      { type: 'breakout.callback', id: 1, seconds: 600 },
      { type: 'breakout.help', id: 1 },
      { type: 'breakout.help.clear', id: 1, room: 3 },
      { type: 'breakout.checklist', id: 1, round: 1, ticked: [] },
      { type: 'breakout.checklist', id: 1, round: 2, ticked: Array.from({ length: 64 }, (_, i) => i), note: 'n'.repeat(2000) },
      { type: 'session.announce', id: 1, text: 'Back in 2 minutes.\r\nThanks!' },
      { type: 'session.announce', id: 1, text: 'a'.repeat(500) },
    ];
    for (const r of good) assert.deepEqual(contract.check(clientSchema(r.type), r), [], JSON.stringify(r));
    const bad = [
      { type: 'breakout.form', id: 1, forming: 'random' },
      { type: 'breakout.move', id: 1, participantId: 'p-1' },
      { type: 'breakout.move', id: 1, participantId: 'p-1', room: -1 },
      { type: 'breakout.choose', id: 1, room: 0 },
      { type: 'breakout.time', id: 1, seconds: 0 },
      { type: 'breakout.time', id: 1, seconds: 1801 },
      { type: 'breakout.time', id: 1, seconds: -1801 },
      { type: 'breakout.time', id: 1, seconds: 60, room: -1 },
      { type: 'breakout.callback', id: 1, seconds: 601 },
      { type: 'breakout.callback', id: 1, seconds: -1 },
      { type: 'breakout.help.clear', id: 1 },
      { type: 'breakout.checklist', id: 1, round: 0, ticked: [] },
      { type: 'breakout.checklist', id: 1, round: 1 },
      { type: 'breakout.checklist', id: 1, round: 1, ticked: Array.from({ length: 65 }, (_, i) => i) },
      { type: 'breakout.checklist', id: 1, round: 1, ticked: [-1] },
      { type: 'breakout.checklist', id: 1, round: 1, ticked: [], note: 'n'.repeat(2001) },
      { type: 'breakout.checklist', id: 1, round: 1, ticked: [], note: 'tab\there' },
      { type: 'session.announce', id: 1, text: 'a'.repeat(501) },
      { type: 'session.announce', id: 1, text: 'evil \u202Eoverride' },
    ];
    for (const r of bad) assert.ok(contract.check(clientSchema(r.type), r).length > 0, `accepted ${JSON.stringify(r)}`);
  });

  test('the closed-object policy check sees an open object, but not a narrowing branch of a closed one', () => {
    const files = (schema) => ({ files: new Map([['server/x.json', schema]]) });
    const branch = { if: { properties: { a: { const: 1 } } }, then: { properties: { b: { type: 'null' } } } };
    assert.deepEqual(findOpenServerObjects(files({ type: 'object', properties: { a: {}, b: {} }, additionalProperties: false, allOf: [branch] })), []);
    assert.equal(findOpenServerObjects(files({ type: 'object', properties: { a: {}, b: {} }, allOf: [branch] })).length, 3);
    assert.equal(findOpenServerObjects(files({ type: 'object', properties: { a: { type: 'object', properties: { c: {} } } }, additionalProperties: false })).length, 1);
  });

  test('a missing, duplicated or mistyped reply is caught', () => {
    const sent = [{ id: 1, type: 'hello' }, { id: 'a', type: 'join' }, { id: null }];
    assert.deepEqual(checkOneReplyEach(sent, [{ type: 'ack', id: 1 }, { type: 'error', id: 'a' }, { type: 'error', id: null }]), []);
    assert.ok(checkOneReplyEach(sent, [{ type: 'ack', id: 1 }, { type: 'error', id: null }]).length > 0, 'missing reply');
    assert.ok(checkOneReplyEach(sent, [{ type: 'ack', id: 1 }, { type: 'ack', id: 1 }, { type: 'error', id: 'a' }, { type: 'error', id: null }]).length > 0, 'duplicate');
    assert.ok(checkOneReplyEach(sent, [{ type: 'ack', id: '1' }, { type: 'error', id: 'a' }, { type: 'error', id: null }]).length > 0, 'id "1" for 1');
    assert.ok(checkOneReplyEach(sent, [{ type: 'ack', id: 1 }, { type: 'error', id: 'a' }]).length > 0, 'missing null-id reply');
  });

  test('a doctored PROTOCOL.md fails part a and part b', () => {
    const doctored = mdText
      .replace('"code": "name_invalid"', '"code": "name_too_long"')
      .replace('"result": {"participantId": "p-5f2c9a1e", "name": "Dana"}}', '"result": {"participantId": "p-5f2c9a1e"}}')
      .replace('{"type": "leave", "id": 9}', '{"type": "leave", "id": 9,}')
      .replace('| `internal` |', '| `internal_error` |');
    assert.notEqual(doctored, mdText);
    const bad = parseProtocolMd(doctored);
    const failing = checkExamples(contract, bad).filter((r) => r.problems.length).map((r) => r.block.line);
    assert.equal(failing.length, 3, `expected the error, resume-ack and leave examples to fail, got lines ${failing}`);
    assert.ok(setDiff('table', bad.errorCodes, 'enum', contract.errorCodes).length > 0);
  });
});

// ------------------------------------------------------------------------------------------------ c
const skipLive = process.env.HUDDLE_SKIP_LIVE === '1' ? 'HUDDLE_SKIP_LIVE=1' : false;
const bin = process.env.HUDDLE_BIN || path.resolve(here, '../../build/bin/huddle');

describe('c. frames captured from a real server', { skip: skipLive }, () => {
  const run = { started: false, rec: new Recorder(), conns: [], soft: [], secrets: [], briefs: [], server: null };

  test('a scripted conversation uses every request type and provokes errors', { timeout: 120_000 }, async () => {
    assert.ok(existsSync(bin), `no server binary at ${bin}: build it first (or set HUDDLE_BIN, or HUDDLE_SKIP_LIVE=1 to skip part c)`);
    try {
      run.server = await startServer({ bin, repo: repoRoot });
      run.started = true;
      await converse(run, run.server.port);
    } finally {
      if (process.env.HUDDLE_CAPTURE_OUT) {
        writeFileSync(process.env.HUDDLE_CAPTURE_OUT, `${JSON.stringify({ bin, events: run.rec.events, soft: run.soft }, null, 2)}\n`);
      }
      await Promise.all(run.conns.map((c) => c.close()));
      if (run.server) await run.server.stop();
    }
  });

  const captured = (t) => {
    if (!run.started) t.skip('the server did not start');
    return run.started;
  };

  test('every frame the server sent matches its schema', (t) => {
    if (!captured(t)) return;
    const problems = [];
    let n = 0;
    for (const c of run.conns) {
      const typeOf = (id) => c.sent.find((s) => s.id !== null && isDeepStrictEqual(s.id, id))?.type;
      c.received.forEach((f, i) => {
        n++;
        const found = '__raw' in f ? ['not JSON'] : checkServerFrame(contract, f, typeOf);
        if (found.length) problems.push(`${c.name} frame ${i} ${JSON.stringify(f)}\n      ${found.join('\n      ')}`);
      });
    }
    assert.ok(n > 0, 'no frames captured');
    assertNone(problems, `${problems.length} of ${n} frames do not match their schema`);
  });

  test('every request got exactly one reply', (t) => {
    if (!captured(t)) return;
    const problems = run.conns.flatMap((c) => checkOneReplyEach(c.sent, c.received.filter((f) => f.type === 'ack' || f.type === 'error'), `${c.name}: `));
    assertNone(problems, 'reply pairing');
  });

  test('the conversation used every documented request type', (t) => {
    if (!captured(t)) return;
    const used = new Set(run.conns.flatMap((c) => c.sent.map((s) => s.type)));
    assertNone(md.requestTypes.filter((r) => !used.has(r)).map((r) => `${r} never sent`), 'coverage');
  });

  test('the server answered as PROTOCOL.md says', (t) => {
    if (!captured(t)) return;
    assertNone(run.soft, 'behaviour that differs from PROTOCOL.md');
  });

  test('the facilitator and both participants saw pushes on their topics, and nobody else', (t) => {
    if (!captured(t)) return;
    const topicsOf = (...names) => new Set(run.conns.filter((c) => names.includes(c.name)).flatMap((c) => c.received.filter((f) => f.type === 'state').map((f) => f.topic)));
    const problems = [];
    const need = {
      facilitator: [['fac', 'fac2'], ['session', 'roster', 'facilitator', 'console']],
      dana: [['p1', 'p1b'], ['session', 'roster', 'me', 'activity', 'room']],
      sam: [['p2'], ['session', 'roster', 'me', 'activity', 'room']],
      lee: [['p3'], ['session', 'roster', 'me', 'activity', 'room']],
    };
    for (const [who, [names, topics]] of Object.entries(need)) {
      const seen = topicsOf(...names);
      for (const topic of topics) if (!seen.has(topic)) problems.push(`${who} (${names}) saw no ${topic} push`);
    }
    const all = topicsOf('fac', 'fac2', 'p1', 'p1b', 'p2');
    for (const topic of md.topics) if (!all.has(topic)) problems.push(`nobody saw a ${topic} push`);
    for (const c of run.conns) {
      const states = c.received.filter((f) => f.type === 'state');
      for (const topic of ['facilitator', 'console']) {
        if (c.name.startsWith('p') && states.some((f) => f.topic === topic)) problems.push(`${c.name}, a participant, got a ${topic} push`);
      }
      for (const topic of ['me', 'room']) {
        if (c.name.startsWith('fac') && states.some((f) => f.topic === topic)) problems.push(`${c.name}, a facilitator, got a ${topic} push`);
      }
      if (c.name.startsWith('x') && states.length) problems.push(`${c.name}, in no session, got ${states.length} push(es)`);
    }
    assertNone(problems, 'topic audiences');
  });

  test('secrets reach only the connection they were issued to', (t) => {
    if (!captured(t)) return;
    const problems = [];
    for (const { secret, what, owner } of run.secrets) {
      for (const c of run.conns) {
        c.received.forEach((f, i) => {
          if (!JSON.stringify(f).includes(secret)) return;
          if (c.name !== owner.conn || i !== owner.index) problems.push(`${what} appears in ${c.name} frame ${i}: ${JSON.stringify(f)}`);
        });
      }
    }
    assertNone(problems, 'leaked secrets');
  });

  test('a participant reads only the brief of the role they play, and only an observer gets a checklist', (t) => {
    if (!captured(t)) return;
    assert.ok(run.briefs.length > 0, 'the conversation recorded no role briefs');
    const problems = [];
    for (const c of run.conns) {
      if (!c.name.startsWith('p')) continue;
      c.received.forEach((f, i) => {
        const text = JSON.stringify(f);
        const own = f.type === 'state' && f.topic === 'room' ? f.data?.room?.role : undefined;
        for (const role of run.briefs) {
          if (text.includes(JSON.stringify(role.brief).slice(1, -1)) && own?.id !== role.id) problems.push(`${c.name} frame ${i} holds the brief of ${role.id}, a role they do not play`);
        }
        if (own) {
          const role = run.briefs.find((r) => r.id === own.id);
          if (!role || own.brief !== role.brief) problems.push(`${c.name} frame ${i}: role ${own.id} with a brief that is not the scenario's`);
          const checklist = f.data.room.checklist;
          if ((checklist !== null) !== (role?.checklist?.length > 0)) problems.push(`${c.name} frame ${i}: checklist ${JSON.stringify(checklist)} for role ${own.id}`);
          if (checklist && !isDeepStrictEqual(checklist.items, role.checklist)) problems.push(`${c.name} frame ${i}: checklist items differ from the scenario's`);
        }
      });
    }
    assertNone(problems, 'briefs and checklists');
  });

  test('versions never go back within an epoch, and one version is one snapshot', (t) => {
    if (!captured(t)) return;
    const problems = [];
    const shared = new Map(); // session, roster and activity snapshots are the same for everyone
    for (const c of run.conns) {
      const last = new Map();
      const seen = new Map();
      for (const f of c.received) {
        if (f.type !== 'state') continue;
        const k = `${f.topic}|${f.epoch}`;
        if (last.has(k) && f.version < last.get(k)) problems.push(`${c.name}: ${f.topic} version ${f.version} after ${last.get(k)} in epoch ${f.epoch}`);
        last.set(k, Math.max(f.version, last.get(k) ?? 0));
        const vk = `${k}|${f.version}`;
        for (const [map, scope] of [[seen, c.name], ...(['session', 'roster', 'activity'].includes(f.topic) ? [[shared, 'all']] : [])]) {
          if (map.has(vk) && !isDeepStrictEqual(map.get(vk), f.data)) problems.push(`${scope}: two different ${f.topic} snapshots with version ${f.version}: ${JSON.stringify(map.get(vk))} vs ${JSON.stringify(f.data)}`);
          map.set(vk, f.data);
        }
      }
    }
    assertNone(problems, 'versions');
  });
});

// The scripted conversation. Hard failures (a step the rest depends on) throw; answers that differ
// from PROTOCOL.md but let the script go on are collected in run.soft.
async function converse(run, port) {
  const url = `ws://127.0.0.1:${port}/ws`;
  const soft = (msg) => run.soft.push(msg);
  const open = async (name) => {
    const c = new Conn(name, url, run.rec);
    run.conns.push(c);
    return c.open();
  };
  const ok = (reply, what) => {
    if (reply.type !== 'ack') throw new Error(`${what}: expected an ack, got ${JSON.stringify(reply)}`);
    return reply.result;
  };
  const expectError = (reply, codes, what) => {
    const list = [].concat(codes);
    if (reply.type !== 'error' || !list.includes(reply.code)) soft(`${what}: expected error ${list.join(' or ')}, got ${JSON.stringify(reply)}`);
    return reply;
  };
  // A frame whose id the server cannot read: its reply is the next error with id null.
  const sendUnreadable = async (c, frame, code, what) => {
    const since = c.mark();
    c.send(frame, { idReadable: false });
    const reply = await c.waitFor((f) => (f.type === 'error' || f.type === 'ack') && f.id === null, { since, label: `the id-null reply to ${what}` });
    return expectError(reply, code, what);
  };
  const hello = async (c, id, extra = {}) => ok(await c.request({ type: 'hello', id, protocol: 1, client: 'huddle-protocol-test/1', ...extra }), `${c.name} hello`);
  // A secret may appear only in the one reply that issued it.
  const secret = (value, what, conn, reply) => run.secrets.push({ secret: value, what, owner: { conn: conn.name, index: conn.received.indexOf(reply) } });

  // Scenarios over HTTP.
  const res = await fetch(`http://127.0.0.1:${port}/api/scenarios`);
  assert.equal(res.status, 200, 'GET /api/scenarios');
  const { scenarios } = await res.json();
  assert.ok(Array.isArray(scenarios) && scenarios.length > 0 && typeof scenarios[0].id === 'string', `GET /api/scenarios gave no scenario: ${JSON.stringify(scenarios)}`);
  // first-time-manager (it has polls and a cards board), else a facilitated scenario if the list says which
  // are (pods run themselves), else the first.
  const scenarioId = (scenarios.find((sc) => sc.id === 'first-time-manager')
    ?? scenarios.find((sc) => (sc.mode ?? 'facilitated') === 'facilitated') ?? scenarios[0]).id;

  // x: a connection in no session, for errors.
  const x = await open('x');
  expectError(await x.request({ type: 'resync', id: 'x-before-hello' }), 'hello_required', 'resync before hello');
  expectError(await x.request({ type: 'session.create', id: 'x-create-before-hello', scenario: scenarioId }), 'hello_required', 'session.create before hello');
  const helloResult = await hello(x, 0); // 0 is the smallest id
  if (helloResult.protocol !== 1) soft(`hello: result.protocol is ${helloResult.protocol}, expected 1`);
  if (helloResult.limits?.maxMessageBytes !== 65536) soft(`hello: limits.maxMessageBytes is ${helloResult.limits?.maxMessageBytes}, the documented default is 65536`);
  if (helloResult.limits?.maxNameLength !== 40) soft(`hello: limits.maxNameLength is ${helloResult.limits?.maxNameLength}, the documented limit is 40`);
  if (Math.abs(helloResult.serverTime - Date.now()) > 60_000) soft(`hello: serverTime ${helloResult.serverTime} is not near now (${Date.now()})`);

  expectError(await x.request({ type: 'no.such.request', id: 'x-unknown' }), 'unknown_type', 'unknown type');
  const missing = expectError(await x.request({ type: 'session.create', id: 'x-missing' }), 'invalid_field', 'session.create without scenario');
  if (!String(missing.message).includes('scenario')) soft(`session.create without scenario: the message does not name the field: ${JSON.stringify(missing)}`);
  const wrong = expectError(await x.request({ type: 'session.create', id: 'x-wrong-type', scenario: 42 }), 'invalid_field', 'session.create with a number for scenario');
  if (!String(wrong.message).includes('scenario')) soft(`session.create with scenario 42: the message does not name the field: ${JSON.stringify(wrong)}`);
  await sendUnreadable(x, '{"type": "hello", "id": ', 'bad_request', 'malformed JSON');
  await sendUnreadable(x, '[1, 2, 3]', 'bad_request', 'a JSON array');
  await sendUnreadable(x, { type: 'resync', id: '' }, 'bad_request', 'an empty string id');
  await sendUnreadable(x, { type: 'resync', id: -1 }, 'bad_request', 'a negative id');
  await sendUnreadable(x, { type: 'resync', id: 'i'.repeat(65) }, 'bad_request', 'a 65-character id');
  await sendUnreadable(x, { type: 'resync', id: 1.5 }, 'bad_request', 'a fractional id');
  await x.request({ type: 'resync', id: 'i'.repeat(64) }); // the longest id: echoed (ack or error, either is fine)
  expectError(await x.request({ id: 'x-no-type' }), 'bad_request', 'a request without type');
  expectError(await x.request({ type: 'session.create', id: 'x-no-scenario', scenario: 'no-such-scenario-0' }), 'scenario_not_found', 'session.create of an unknown scenario');
  expectError(await x.request({ type: 'leave', id: 'x-leave' }), 'not_in_session', 'leave in no session');

  // x2: a client speaking a protocol version the server does not.
  const x2 = await open('x2');
  expectError(await x2.request({ type: 'hello', id: 'x2-hello', protocol: 99, client: 'from-the-future/1' }), 'unsupported_protocol', 'hello with protocol 99');

  // fac: the facilitator creates a session.
  const fac = await open('fac');
  await hello(fac, 'f-hello');
  const createReply = await fac.request({ type: 'session.create', id: 'f-create', scenario: scenarioId });
  const created = ok(createReply, 'session.create');
  secret(created.facilitatorKey, 'the facilitator key', fac, createReply);
  const { code, facilitatorKey } = created;
  if (created.scenarioId !== scenarioId) soft(`session.create: scenarioId ${created.scenarioId}, expected ${scenarioId}`);
  await fac.waitState('session', (d) => d.code === code && d.status === 'lobby' && d.phase === null, { label: 'the session in the lobby' });
  const facTopic = await fac.waitState('facilitator', (d) => d.code === code);
  await fac.waitState('roster', (d) => d.participants?.length === 0, { label: 'an empty roster' });
  const phases = facTopic.data.agenda.length;
  assert.ok(phases >= 1, `scenario ${scenarioId} has no phases`);

  // x: errors that need a live session.
  const otherCode = code === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ';
  expectError(await x.request({ type: 'join', id: 'x-join-bad-code', code: otherCode, name: 'Lee' }), 'session_not_found', 'join with a code no session has');
  expectError(await x.request({ type: 'join', id: 'x-join-empty', code, name: '' }), 'name_invalid', 'join with an empty name');
  expectError(await x.request({ type: 'join', id: 'x-join-blank', code, name: '   ' }), 'name_invalid', 'join with a blank name');
  expectError(await x.request({ type: 'join', id: 'x-join-long', code, name: 'n'.repeat(41) }), 'name_invalid', 'join with a 41-character name');
  expectError(await x.request({ type: 'join', id: 'x-join-ctrl', code, name: 'Da\u0007na' }), 'name_invalid', 'join with a control character in the name');
  expectError(await x.request({ type: 'resume', id: 'x-resume-bad', code, resumeToken: 'not-a-token' }), 'token_invalid', 'resume with a bad token');
  expectError(await x.request({ type: 'facilitator.attach', id: 'x-attach-bad', code, facilitatorKey: 'not-the-key' }), 'token_invalid', 'facilitator.attach with a bad key');

  // p1 and p2 join; both ask for the name Dana.
  const p1 = await open('p1');
  await hello(p1, 1, { someFutureField: { ignored: true } }); // unknown fields are ignored
  const join1Reply = await p1.request({ type: 'join', id: 'p1-join', code, name: 'Dana' });
  const j1 = ok(join1Reply, 'p1 join');
  secret(j1.resumeToken, "p1's resume token", p1, join1Reply);
  if (j1.name !== 'Dana') soft(`p1 join as Dana: name ${JSON.stringify(j1.name)}`);
  await p1.waitState('me', (d) => Array.isArray(d.meToo) && !('name' in d), { label: "p1's me" });
  await p1.waitState('session', (d) => d.code === code);
  await p1.waitState('roster', (d) => d.participants.some((p) => p.id === j1.participantId));

  const p2 = await open('p2');
  await hello(p2, 1); // ids are per connection
  const join2Reply = await p2.request({ type: 'join', id: 'p2-join', code, name: 'Dana' });
  const j2 = ok(join2Reply, 'p2 join');
  secret(j2.resumeToken, "p2's resume token", p2, join2Reply);
  if (j2.name !== 'Dana (2)') soft(`p2 join as Dana while Dana is taken: name ${JSON.stringify(j2.name)}, PROTOCOL.md says "Dana (2)"`);
  if (j2.participantId === j1.participantId) soft('p1 and p2 got the same participantId');
  await p2.waitState('me', (d) => Array.isArray(d.meToo), { label: "p2's me" });
  await p2.waitState('session', (d) => d.code === code);
  const bothOnline = (d) => [j1, j2].every((j) => d.participants.some((p) => p.id === j.participantId && p.name === j.name && p.presence === 'online'));
  await fac.waitState('roster', bothOnline, { label: 'a roster with p1 and p2 online' });
  await p1.waitState('roster', bothOnline, { label: 'a roster with p1 and p2 online' });
  await fac.waitState('session', (d) => d.participantCount === 2 && d.onlineCount === 2, { label: 'the session with 2 of 2 online' });

  expectError(await p1.request({ type: 'join', id: 'p1-join-again', code, name: 'Dana' }), 'already_in_session', 'join while joined');
  expectError(await p1.request({ type: 'phase.next', id: 'p1-next' }), 'forbidden', 'phase.next from a participant');
  expectError(await p1.request({ type: 'session.end', id: 'p1-end' }), 'forbidden', 'session.end from a participant');

  // The facilitator walks the phases.
  const wrongIndex = expectError(await fac.request({ type: 'phase.goto', id: 'f-goto-str', index: 'two' }), 'invalid_field', 'phase.goto with a string index');
  if (!String(wrongIndex.message).includes('index')) soft(`phase.goto with index "two": the message does not name the field: ${JSON.stringify(wrongIndex)}`);
  const atPhase = async (i) => {
    for (const c of [fac, p1, p2]) await c.waitState('session', (d) => d.status === 'running' && d.phase?.index === i, { label: `the session at phase ${i}` });
  };
  const phaseIs = (result, i, what) => {
    if (result.phase !== i) soft(`${what}: result.phase ${result.phase}, expected ${i}`);
  };
  phaseIs(ok(await fac.request({ type: 'phase.next', id: 'f-next-1' }), 'phase.next from the lobby'), 0, 'phase.next from the lobby');
  await atPhase(0);
  if (phases >= 2) {
    phaseIs(ok(await fac.request({ type: 'phase.next', id: 'f-next-2' }), 'phase.next'), 1, 'phase.next');
    await atPhase(1);
    phaseIs(ok(await fac.request({ type: 'phase.back', id: 'f-back' }), 'phase.back'), 0, 'phase.back');
    await atPhase(0);
  } else {
    expectError(await fac.request({ type: 'phase.back', id: 'f-back' }), 'phase_invalid', 'phase.back at the only phase');
  }
  phaseIs(ok(await fac.request({ type: 'phase.goto', id: 'f-goto-last', index: phases - 1 }), 'phase.goto'), phases - 1, 'phase.goto the last phase');
  await atPhase(phases - 1);
  expectError(await fac.request({ type: 'phase.goto', id: 'f-goto-out', index: phases }), 'phase_invalid', 'phase.goto past the last phase');
  expectError(await fac.request({ type: 'phase.next', id: 'f-next-end' }), 'phase_invalid', 'phase.next at the last phase');
  expectError(await fac.request({ type: 'participant.remove', id: 'f-remove-nobody', participantId: 'p-nobody' }), 'participant_not_found', 'participant.remove of an unknown id');

  // The phase clock: pause, resume and add time on the scenario's first timed phase.
  const scenarioFile = JSON.parse(readFileSync(path.join(repoRoot, 'scenarios', `${scenarioId}.json`), 'utf8'));
  const timed = scenarioFile.phases.findIndex((ph) => Number.isInteger(ph.durationSeconds));
  assert.ok(timed >= 0, `scenario ${scenarioId} has no timed phase to exercise the clock with`);
  ok(await fac.request({ type: 'phase.goto', id: 'f-goto-timed', index: timed }), 'phase.goto a timed phase');
  await fac.waitState('session', (d) => d.phase?.index === timed && d.phase.timer?.deadline > 0, { label: 'a running timer' });
  ok(await fac.request({ type: 'phase.pause', id: 'f-pause' }), 'phase.pause');
  await p1.waitState('session', (d) => d.phase?.timer?.paused === true && d.phase.timer.remainingMs > 0, { label: 'a paused timer' });
  expectError(await fac.request({ type: 'phase.pause', id: 'f-pause-again' }), 'phase_invalid', 'phase.pause when paused');
  expectError(await p1.request({ type: 'phase.resume', id: 'p1-resume' }), 'forbidden', 'phase.resume from a participant');
  ok(await fac.request({ type: 'phase.resume', id: 'f-resume' }), 'phase.resume');
  await p1.waitState('session', (d) => d.phase?.timer?.paused === false && d.phase.timer.deadline > 0, { label: 'a resumed timer' });
  ok(await fac.request({ type: 'phase.extend', id: 'f-extend', seconds: 60 }), 'phase.extend');
  await p2.waitState('session', (d) => d.phase?.timer?.durationSeconds === scenarioFile.phases[timed].durationSeconds + 60, { label: 'a minute added' });
  expectError(await fac.request({ type: 'phase.extend', id: 'f-extend-zero', seconds: 0 }), 'invalid_field', 'phase.extend by nothing');
  expectError(await fac.request({ type: 'phase.extend', id: 'f-extend-huge', seconds: 3601 }), 'invalid_field', 'phase.extend by more than an hour');
  expectError(await fac.request({ type: 'phase.extend', id: 'f-extend-str', seconds: '60' }), 'invalid_field', 'phase.extend with a string');
  await pollsAndCards({ fac, p1, p2, j1, open, hello, ok, expectError, soft, code, scenarioFile });
  await breakouts({ run, p1, p2, j1, j2, open, hello, ok, expectError, soft, secret, code, facilitatorKey, scenarioFile });

  ok(await fac.request({ type: 'phase.goto', id: 'f-goto-last-again', index: phases - 1 }), 'phase.goto back to the last phase');
  await atPhase(phases - 1);
  if (scenarioFile.phases[phases - 1].activity?.kind !== 'roleplay') {
    for (const c of [p1, p2]) await c.waitState('room', (d) => d === null, { label: 'no room view outside a role-play' });
    await fac.waitState('console', (d) => d.breakouts === null, { label: 'no breakouts on the console outside a role-play' });
  }

  // resync pushes every followed topic again.
  for (const [c, topics] of [[p1, ['session', 'roster', 'me', 'activity']], [fac, ['session', 'roster', 'facilitator', 'console']]]) {
    const since = c.mark();
    ok(await c.request({ type: 'resync', id: `${c.name}-resync` }), `${c.name} resync`);
    for (const topic of topics) await c.waitState(topic, () => true, { since, label: `the ${topic} push after resync` });
  }

  // p1 loses its connection and resumes.
  await p1.close();
  const p1Presence = (presence) => (d) => d.participants.some((p) => p.id === j1.participantId && p.presence === presence);
  await fac.waitState('roster', p1Presence('away'), { label: 'p1 away' });
  await fac.waitState('session', (d) => d.onlineCount === 1 && d.participantCount === 2, { label: 'the session with 1 of 2 online' });
  const p1b = await open('p1b');
  await hello(p1b, 'p1b-hello');
  const r1 = ok(await p1b.request({ type: 'resume', id: 'p1b-resume', code, resumeToken: j1.resumeToken }), 'resume');
  if (r1.participantId !== j1.participantId || r1.name !== j1.name) soft(`resume: ${JSON.stringify(r1)}, expected participantId ${j1.participantId} name ${j1.name}`);
  await p1b.waitState('me', (d) => Array.isArray(d.meToo), { label: "p1's me after resume" });
  await p1b.waitState('session', (d) => d.phase?.index === phases - 1);
  await p1b.waitState('roster', p1Presence('online'));
  await fac.waitState('roster', p1Presence('online'), { label: 'p1 online again' });

  // The facilitator removes p2: p2's connection closes and its token stops working.
  ok(await fac.request({ type: 'participant.remove', id: 'f-remove-p2', participantId: j2.participantId }), 'participant.remove');
  const p2Close = await p2.waitClose();
  run.rec.add('test', 'note', { note: `p2 closed with ${JSON.stringify(p2Close)} after participant.remove` });
  await fac.waitState('roster', (d) => !d.participants.some((p) => p.id === j2.participantId), { label: 'a roster without p2' });
  const p2b = await open('p2b');
  await hello(p2b, 'p2b-hello');
  expectError(await p2b.request({ type: 'resume', id: 'p2b-resume', code, resumeToken: j2.resumeToken }), 'token_invalid', 'resume of a removed participant');

  // p1 leaves for good.
  ok(await p1b.request({ type: 'leave', id: 'p1b-leave' }), 'leave');
  await fac.waitState('roster', (d) => d.participants.length === 0, { label: 'an empty roster after leave' });
  await fac.waitState('session', (d) => d.participantCount === 0, { label: 'the session with no participants' });
  const p1c = await open('p1c');
  await hello(p1c, 'p1c-hello');
  expectError(await p1c.request({ type: 'resume', id: 'p1c-resume', code, resumeToken: j1.resumeToken }), 'token_invalid', 'resume after leave');

  // A peer pod: a participant starts it, its members run it, nobody is its facilitator.
  const podA = await open('podA');
  await hello(podA, 'podA-hello');
  expectError(await podA.request({ type: 'pod.create', id: 'podA-facilitated', scenario: scenarioId, name: 'Pia' }), 'invalid_field', 'pod.create with a facilitated scenario');
  const podScenario = scenarios.find((sc) => sc.mode === 'pod');
  assert.ok(podScenario, 'a bundled pod scenario');
  const podReply = await podA.request({ type: 'pod.create', id: 'podA-create', scenario: podScenario.id, name: 'Pia' });
  const pod = ok(podReply, 'pod.create');
  secret(pod.resumeToken, "the pod creator's resume token", podA, podReply);
  await podA.waitState('session', (d) => d.mode === 'pod' && d.code === pod.code, { label: 'the pod, in pod mode' });
  const podB = await open('podB');
  await hello(podB, 'podB-hello');
  const joinedPod = await podB.request({ type: 'join', id: 'podB-join', code: pod.code, name: 'Bo' });
  secret(ok(joinedPod, 'join a pod').resumeToken, "a pod member's resume token", podB, joinedPod);
  expectError(await podB.request({ type: 'session.announce', id: 'podB-announce', text: 'Hi' }), 'forbidden', 'session.announce in a pod');
  ok(await podB.request({ type: 'phase.next', id: 'podB-next' }), 'phase.next by a pod member');
  await podA.waitState('session', (d) => d.phase?.index === 0, { label: 'the pod moved on by a member' });

  // A barrier per open connection: once its reply is here, earlier replies have had their chance to
  // come twice. Any reply will do.
  for (const c of run.conns) if (c.isOpen) await c.request({ type: 'resync', id: `${c.name}-barrier` });

  // The console reloads: a new connection re-attaches with the key, then ends the session.
  await fac.close();
  const fac2 = await open('fac2');
  await hello(fac2, 'f2-hello');
  const attached = ok(await fac2.request({ type: 'facilitator.attach', id: 'f2-attach', code, facilitatorKey }), 'facilitator.attach');
  if (attached.code !== code) soft(`facilitator.attach: result.code ${attached.code}, expected ${code}`);
  await fac2.waitState('facilitator', (d) => d.code === code);
  await fac2.waitState('session', (d) => d.code === code && d.phase?.index === phases - 1);
  await fac2.waitState('roster', () => true);
  ok(await fac2.request({ type: 'session.end', id: 'f2-end' }), 'session.end');
  await fac2.waitState('session', (d) => d.status === 'ended', { label: 'the session ended' });
  // Joining an ended session: "ended" and "no live session" both read right here.
  if (x.isOpen) expectError(await x.request({ type: 'join', id: 'x-join-ended', code, name: 'Late' }), ['session_ended', 'session_not_found'], 'join after session.end');
  // And then the facilitator deletes it: the reply comes, then the connection closes.
  ok(await fac2.request({ type: 'session.delete', id: 'f2-delete' }), 'session.delete');
  await fac2.waitClose();
}

// Polls and confusion cards, in the scenario's first poll phase and its first cards phase: every poll.* and
// card.* request, poll_not_found and poll_closed. A third participant (p3) joins for the cards, since a
// board releases cards only once K different people wrote, and a fourth (p4) writes a card to force out;
// both leave at the end.
async function pollsAndCards({ fac, p1, p2, j1, open, hello, ok, expectError, soft, code, scenarioFile }) {
  const pollPhase = scenarioFile.phases.findIndex((ph) => ph.activity?.kind === 'poll');
  const cardsPhase = scenarioFile.phases.findIndex((ph) => ph.activity?.kind === 'cards');
  assert.ok(pollPhase >= 0 && cardsPhase >= 0, `scenario ${scenarioFile.id} needs a poll phase and a cards phase`);
  const cardsActivity = scenarioFile.phases[cardsPhase].activity;
  const K = cardsActivity.releaseThreshold ?? 3;
  const perPerson = cardsActivity.maxPerPerson ?? 3;
  assert.ok(K <= 3 && (cardsActivity.moderation ?? 'none') === 'none', `the cards phase of ${scenarioFile.id} needs K <= 3 and no moderation`);

  // ---- the phase's poll
  ok(await fac.request({ type: 'phase.goto', id: 'f-goto-poll', index: pollPhase }), 'phase.goto the poll phase');
  const { data: { poll } } = await p1.waitState('activity', (d) => d.phase === pollPhase && d.poll !== null, { label: 'the phase poll on screen' });
  const pid = poll.pollId;
  await fac.waitState('console', (d) => d.poll?.pollId === pid, { label: 'the phase poll on the console' });
  await p1.waitState('me', (d) => d.ballot?.pollId === pid && d.ballot.ballot === null, { label: "p1's empty ballot" });
  const fitting = {
    single: { choice: 0 }, multi: { choices: [0] }, scale: { value: poll.scale?.min }, wordcloud: { words: ['time'] }, open: { text: 'Because.' },
  }[poll.kind];
  const misfit = poll.kind === 'single' ? { value: 1 } : { choice: 0 };
  const echoes = (result, what, id = pid) => {
    if (result.pollId !== id) soft(`${what}: result.pollId ${result.pollId}, expected ${id}`);
    return result;
  };

  let controls = 0;
  const control = async (action, status, id = pid) => {
    const result = echoes(ok(await fac.request({ type: 'poll.control', id: `f-poll-${++controls}-${action}`, pollId: id, action }), `poll.control ${action}`), `poll.control ${action}`, id);
    if (status && result.status !== status) soft(`poll.control ${action}: result.status ${result.status}, expected ${status}`);
    return result;
  };
  // The script visited this phase before, and a poll closes when its phase ends: open it again if so.
  if (poll.status !== 'open') {
    await control('open', 'open');
    await p1.waitState('activity', (d) => d.poll?.pollId === pid && d.poll.status === 'open', { label: 'the phase poll open' });
  }

  echoes(ok(await p1.request({ type: 'poll.vote', id: 'p1-vote', pollId: pid, vote: fitting }), 'poll.vote'), 'poll.vote');
  await p1.waitState('me', (d) => d.ballot?.pollId === pid && d.ballot.ballot !== null, { label: "p1's ballot in me" });
  await fac.waitState('console', (d) => d.poll?.pollId === pid && d.poll.voterCount === 1 && d.poll.results.voters === 1, { label: 'one voter on the console' });
  expectError(await p1.request({ type: 'poll.vote', id: 'p1-vote-999', pollId: 'poll-999', vote: fitting }), 'poll_not_found', 'poll.vote on poll-999');
  expectError(await p2.request({ type: 'poll.vote', id: 'p2-vote-misfit', pollId: pid, vote: misfit }), 'invalid_field', `poll.vote of ${JSON.stringify(misfit)} on a ${poll.kind} poll`);
  echoes(ok(await p2.request({ type: 'poll.vote', id: 'p2-vote', pollId: pid, vote: fitting }), 'p2 poll.vote'), 'p2 poll.vote');
  await p2.waitState('me', (d) => d.ballot?.pollId === pid && d.ballot.ballot !== null, { label: "p2's ballot in me" });
  echoes(ok(await p2.request({ type: 'poll.withdraw', id: 'p2-withdraw', pollId: pid }), 'poll.withdraw'), 'poll.withdraw');
  await p2.waitState('me', (d) => d.ballot?.pollId === pid && d.ballot.ballot === null, { label: "p2's ballot gone from me" });
  expectError(await p1.request({ type: 'poll.control', id: 'p1-control', pollId: pid, action: 'close' }), 'forbidden', 'poll.control from a participant');

  await control('reveal', 'open');
  await p1.waitState('activity', (d) => d.poll?.pollId === pid && d.poll.resultsVisible === true && d.poll.results !== null, { label: 'revealed results' });
  await control('close', 'closed');
  await p2.waitState('activity', (d) => d.poll?.pollId === pid && d.poll.status === 'closed', { label: 'the poll closed' });
  expectError(await p2.request({ type: 'poll.vote', id: 'p2-vote-closed', pollId: pid, vote: fitting }), 'poll_closed', 'poll.vote on a closed poll');
  expectError(await p1.request({ type: 'poll.withdraw', id: 'p1-withdraw-closed', pollId: pid }), 'poll_closed', 'poll.withdraw from a closed poll');
  await control('open', 'open');
  await control('hide', 'open');
  await p1.waitState('activity', (d) => d.poll?.pollId === pid && d.poll.resultsVisible === false && d.poll.results === null, { label: 'hidden results' });
  await control('live', 'open');
  await p1.waitState('activity', (d) => d.poll?.pollId === pid && d.poll.resultsLive === true && d.poll.results !== null, { label: 'live results' });
  await control('unlive', 'open');
  await control('anonymous', 'open');
  if (poll.anonymous) {
    expectError(await fac.request({ type: 'poll.control', id: 'f-poll-named-anon', pollId: pid, action: 'named' }), 'forbidden', 'poll.control named after an anonymous ballot');
  }

  // ---- a quick poll over it, named, then made anonymous and dismissed
  expectError(await p1.request({ type: 'poll.quick', id: 'p1-quick', poll: { pollKind: 'single', question: 'Me?', options: ['a', 'b'] } }), 'forbidden', 'poll.quick from a participant');
  expectError(await fac.request({ type: 'poll.quick', id: 'f-quick-bad', poll: { pollKind: 'scale', question: 'How much?' } }), 'invalid_field', 'poll.quick of a scale poll without a scale');
  const quick = ok(await fac.request({ type: 'poll.quick', id: 'f-quick', poll: { pollKind: 'single', question: 'Break now or in 10 minutes?', options: ['Now', 'In 10 minutes'], results: 'live', anonymous: false } }), 'poll.quick');
  const qid = quick.pollId;
  await p1.waitState('activity', (d) => d.poll?.pollId === qid, { label: 'the quick poll on screen' });
  await control('named', 'open', qid);
  echoes(ok(await p1.request({ type: 'poll.vote', id: 'p1-vote-quick', pollId: qid, vote: { choice: 1 } }), 'poll.vote on the quick poll'), 'poll.vote on the quick poll', qid);
  await p1.waitState('me', (d) => d.ballot?.pollId === qid && d.ballot.ballot?.choice === 1, { label: "p1's quick ballot in me" });
  await fac.waitState('console', (d) => d.poll?.pollId === qid && d.poll.answers?.some((a) => a.name === j1.name && a.ballot.choice === 1), { label: "p1's named answer on the console" });
  await p2.waitState('activity', (d) => d.poll?.pollId === qid && d.poll.results?.voters === 1, { label: 'live results of the quick poll' });
  await control('anonymous', 'open', qid);
  await fac.waitState('console', (d) => d.poll?.pollId === qid && d.poll.anonymous === true && !('answers' in d.poll), { label: 'the quick poll anonymous on the console' });
  await control('dismiss', 'closed', qid);
  await p1.waitState('activity', (d) => d.poll?.pollId === pid, { label: 'the phase poll back after dismiss' });
  await fac.waitState('console', (d) => d.polls.some((q) => q.pollId === qid && q.quick && !q.active) && d.polls.some((q) => q.pollId === pid && !q.quick && q.active), { label: 'both polls in console.polls' });

  // ---- the cards board: three people write, the batch is released, then votes, moderation, groups, merge
  const p3 = await open('p3');
  await hello(p3, 'p3-hello');
  ok(await p3.request({ type: 'join', id: 'p3-join', code, name: 'Lee' }), 'p3 join');
  ok(await fac.request({ type: 'phase.goto', id: 'f-goto-cards', index: cardsPhase }), 'phase.goto the cards phase');
  for (const c of [p1, p2, p3]) {
    await c.waitState('activity', (d) => d.phase === cardsPhase && d.board !== null && d.poll === null, { label: 'the board on screen' });
    await c.waitState('me', (d) => d.cardsLeft === perPerson && d.ballot === null, { label: `${perPerson} cards left` });
  }
  expectError(await p1.request({ type: 'card.submit', id: 'p1-card-empty', text: '' }), 'invalid_field', 'card.submit of an empty text');
  // "budget" is the shared keyword (the prompt's own words, like "feedback", do not count).
  const texts = ['Who owns the budget forecast?', 'Budget approvals take forever.', 'What if someone cries?'];
  const writers = [p1, p2, p3];
  for (let i = 0; i < 3; i++) {
    const r = ok(await writers[i].request({ type: 'card.submit', id: `${writers[i].name}-card`, text: texts[i] }), 'card.submit');
    if (r.cardsLeft !== perPerson - 1) soft(`card.submit: cardsLeft ${r.cardsLeft}, expected ${perPerson - 1}`);
    if (i + 1 < K) await fac.waitState('console', (d) => d.board?.waiting === i + 1 && d.board.cards.length === 0, { label: `${i + 1} card(s) waiting` });
  }
  const released = await p1.waitState('activity', (d) => d.board?.cards.length === 3 && d.board.waiting === 0, { label: 'three cards released' });
  const idOf = (word) => released.data.board.cards.find((cd) => cd.text.includes(word))?.id;
  const [cardA, cardB, cardC] = [idOf('forecast'), idOf('approvals'), idOf('cries')];
  assert.ok(cardA && cardB && cardC, `cannot find the released cards: ${JSON.stringify(released.data.board)}`);
  if (released.data.board.cards.some((cd) => cd.batch !== 1)) soft(`the first release is not batch 1: ${JSON.stringify(released.data.board.cards)}`);
  const cardIs = (result, id, what) => {
    if (result.cardId !== id) soft(`${what}: result.cardId ${result.cardId}, expected ${id}`);
    return result;
  };

  for (const vote of [true, false, true]) {
    const r = cardIs(ok(await p2.request({ type: 'card.vote', id: `p2-card-vote-${vote}-${p2.mark()}`, cardId: cardA, vote }), 'card.vote'), cardA, 'card.vote');
    if (r.vote !== vote) soft(`card.vote ${vote}: result.vote ${r.vote}`);
    await p2.waitState('me', (d) => d.meToo.includes(cardA) === vote, { label: `meToo ${vote ? 'with' : 'without'} the card` });
  }
  await p1.waitState('activity', (d) => d.board?.cards.some((cd) => cd.id === cardA && cd.votes === 1), { label: 'one vote on the card' });
  expectError(await p1.request({ type: 'card.moderate', id: 'p1-moderate', cardId: cardA, action: 'pin' }), 'forbidden', 'card.moderate from a participant');
  cardIs(ok(await fac.request({ type: 'card.moderate', id: 'f-pin', cardId: cardA, action: 'pin' }), 'card.moderate pin'), cardA, 'card.moderate pin');
  await p3.waitState('activity', (d) => d.board?.cards.some((cd) => cd.id === cardA && cd.pinned), { label: 'the card pinned' });
  for (const [action, shows] of [['hide', (d) => d.board?.hidden.some((h) => h.id === cardC) && !d.board.cards.some((cd) => cd.id === cardC)],
    ['unhide', (d) => d.board?.cards.some((cd) => cd.id === cardC) && d.board.hidden.length === 0],
    ['addressed', (d) => d.board?.cards.some((cd) => cd.id === cardC && cd.addressed)]]) {
    cardIs(ok(await fac.request({ type: 'card.moderate', id: `f-${action}`, cardId: cardC, action }), `card.moderate ${action}`), cardC, `card.moderate ${action}`);
    await fac.waitState('console', shows, { label: `the card after ${action}` });
  }
  const noCard = await p1.request({ type: 'card.vote', id: 'p1-vote-no-card', cardId: 'c-000000000000', vote: true });
  if (noCard.type !== 'error') soft(`card.vote on a card that does not exist: expected an error, got ${JSON.stringify(noCard)}`);

  const grouped = await fac.waitState('console', (d) => d.board?.groups.some((g) => g.cardIds.includes(cardA) && g.cardIds.includes(cardB)), { label: 'a theme group of the two budget cards' });
  const group = grouped.data.board.groups.find((g) => g.cardIds.includes(cardA));
  const renamed = ok(await fac.request({ type: 'card.group.rename', id: 'f-rename', groupId: group.id, name: 'Budget questions' }), 'card.group.rename');
  if (renamed.groupId !== group.id) soft(`card.group.rename: result.groupId ${renamed.groupId}, expected ${group.id}`);
  await fac.waitState('console', (d) => d.board?.groups.some((g) => g.id === group.id && g.name === 'Budget questions' && g.renamed), { label: 'the group renamed' });
  await p1.waitState('activity', (d) => d.board?.cards.some((cd) => cd.id === cardA && cd.group?.name === 'Budget questions'), { label: "the group's new name on the board" });

  cardIs(ok(await fac.request({ type: 'card.merge', id: 'f-merge', cardId: cardB, intoId: cardA }), 'card.merge'), cardA, 'card.merge');
  await fac.waitState('console', (d) => d.board?.cards.some((cd) => cd.id === cardA && cd.merged.some((m) => m.id === cardB)) && !d.board.cards.some((cd) => cd.id === cardB), { label: 'the duplicate merged' });
  await p1.waitState('activity', (d) => d.board?.cards.length === 2, { label: 'two cards after the merge' });

  // A fourth card from a fourth person (the server spaces one person's cards out by a few seconds, and this
  // test never waits on time), alone in the pen: fewer than K people, so only a forced release puts it out.
  const p4 = await open('p4');
  await hello(p4, 'p4-hello');
  ok(await p4.request({ type: 'join', id: 'p4-join', code, name: 'Kim' }), 'p4 join');
  await p4.waitState('me', (d) => d.cardsLeft === perPerson, { label: `p4 with ${perPerson} cards left` });
  ok(await p4.request({ type: 'card.submit', id: 'p4-card', text: 'How do remote teams do this?' }), 'a fourth card');
  await fac.waitState('console', (d) => d.board?.waiting === 1, { label: 'one card waiting' });
  expectError(await fac.request({ type: 'card.release', id: 'f-release', force: false }), 'phase_invalid', 'card.release of cards from fewer than K people');
  const forced = ok(await fac.request({ type: 'card.release', id: 'f-release-force', force: true }), 'card.release force');
  if (forced.released !== 1) soft(`card.release force: released ${forced.released}, expected 1`);
  await p2.waitState('activity', (d) => d.board?.waiting === 0 && d.board.cards.some((cd) => cd.text.includes('remote') && cd.batch === 2), { label: 'the forced card in batch 2' });

  for (const c of [p3, p4]) ok(await c.request({ type: 'leave', id: `${c.name}-leave` }), `${c.name} leave`);
}

// Breakout role-plays, in the scenario's first roleplay phase, with every breakout.* request and
// session.announce. Four more participants join (six in all, so rooms of groupSize 3 fill up), a fifth
// while the rounds run; all of them leave at the end. Rooms and rounds are numbered from 1 on the wire.
// The facilitator drives this from a second console of their own (fac-rp, attached with the key), whose
// rate allowance is fresh: the first console has used most of its own by now.
async function breakouts({ run, p1, p2, j1, j2, open, hello, ok, expectError, soft, secret, code, facilitatorKey, scenarioFile }) {
  const fac = await open('fac-rp');
  await hello(fac, 'frp-hello');
  ok(await fac.request({ type: 'facilitator.attach', id: 'frp-attach', code, facilitatorKey }), 'facilitator.attach of a second console');
  await fac.waitState('console', (d) => d.breakouts === null, { label: 'the second console' });
  const rp = scenarioFile.phases.findIndex((ph) => ph.activity?.kind === 'roleplay');
  assert.ok(rp >= 0, `scenario ${scenarioFile.id} needs a roleplay phase`);
  const activity = scenarioFile.phases[rp].activity;
  const groupSize = activity.groupSize;
  const roles = activity.roles;
  run.briefs.push(...roles.map((r) => ({ id: r.id, brief: r.brief, checklist: r.checklist ?? [] })));
  assert.ok(groupSize === 3 && roles.some((r) => r.checklist?.length >= 3), `the roleplay of ${scenarioFile.id} needs groupSize 3 and an observer's checklist of 3 items or more`);
  const step0 = activity.timeline[0].seconds;
  assert.ok(step0 >= 60, 'the first step of the timeline must last a minute or more (the test does not wait on time)');

  // ---- an announcement, before the role-play
  expectError(await p1.request({ type: 'session.announce', id: 'p1-announce', text: 'Hi all' }), 'forbidden', 'session.announce from a participant');
  ok(await fac.request({ type: 'session.announce', id: 'f-announce-blank', text: '   ' }), 'session.announce of a blank text (nothing to take down)');
  expectError(await fac.request({ type: 'session.announce', id: 'f-announce-long', text: 'a'.repeat(501) }), 'invalid_field', 'session.announce of 501 characters');
  expectError(await fac.request({ type: 'session.announce', id: 'f-announce-rlo', text: 'evil \u202Eoverride' }), 'invalid_field', 'session.announce with a direction override');
  const said = 'Back in the main room in 2 minutes.\nThanks!';
  ok(await fac.request({ type: 'session.announce', id: 'f-announce', text: `  ${said}  ` }), 'session.announce');
  for (const c of [fac, p1, p2]) await c.waitState('session', (d) => d.announcement?.text === said && d.announcement.at > 0, { label: 'the announcement, trimmed' });
  ok(await fac.request({ type: 'session.announce', id: 'f-announce-clear', text: '' }), 'session.announce of an empty text');
  for (const c of [fac, p1, p2]) await c.waitState('session', (d) => d.announcement === null, { label: 'the announcement, taken down' });
  ok(await fac.request({ type: 'session.announce', id: 'f-announce-again', text: said }), 'session.announce again');

  expectError(await fac.request({ type: 'breakout.form', id: 'f-form-early' }), 'phase_invalid', 'breakout.form outside a role-play');
  await p1.waitState('room', (d) => d === null, { label: 'no room view outside a role-play' });

  // ---- four more people; everyone goes to the role-play
  const people = [{ conn: p1, join: j1 }, { conn: p2, join: j2 }];
  const joinAs = async (label, name) => {
    const c = await open(label);
    await hello(c, `${label}-hello`);
    const reply = await c.request({ type: 'join', id: `${label}-join`, code, name });
    const j = ok(reply, `${label} join`);
    secret(j.resumeToken, `${label}'s resume token`, c, reply);
    people.push({ conn: c, join: j });
    return { conn: c, join: j };
  };
  for (const [i, name] of ['Ana', 'Ben', 'Cy', 'Dee'].entries()) await joinAs(`pr${i + 1}`, name);
  const byConn = (c) => people.find((p) => p.conn === c);
  ok(await fac.request({ type: 'phase.goto', id: 'f-goto-roleplay', index: rp }), 'phase.goto the roleplay phase');
  for (const { conn } of people) {
    await conn.waitState('room', (d) => d?.phase === rp && d.status === 'forming' && d.room === null && !('roomCount' in d), { label: 'the role-play before rooms' });
  }
  await fac.waitState('console', (d) => d.breakouts?.phase === rp && d.breakouts.rooms.length === 0 && d.breakouts.unassigned.length === people.length, { label: 'everyone unassigned on the console' });

  expectError(await p1.request({ type: 'breakout.form', id: 'p1-form' }), 'forbidden', 'breakout.form from a participant');
  expectError(await fac.request({ type: 'breakout.form', id: 'f-form-bad', forming: 'random' }), 'invalid_field', 'breakout.form with an unknown forming');
  expectError(await fac.request({ type: 'breakout.form', id: 'f-form-reuse', forming: 'reuse' }), 'phase_invalid', 'breakout.form reuse without an earlier role-play');
  expectError(await fac.request({ type: 'breakout.start', id: 'f-start-early' }), 'phase_invalid', 'breakout.start before the rooms are formed');
  expectError(await fac.request({ type: 'breakout.move', id: 'f-move-early', participantId: j1.participantId, room: 1 }), 'phase_invalid', 'breakout.move before the rooms are formed');
  expectError(await p1.request({ type: 'breakout.choose', id: 'p1-choose-early', room: 1 }), 'phase_invalid', 'breakout.choose before the rooms are formed');
  expectError(await p1.request({ type: 'breakout.help', id: 'p1-help-early' }), 'phase_invalid', 'breakout.help in no room');

  // ---- rooms to choose: two empty rooms (six people / 3); a room takes groupSize + 1
  ok(await fac.request({ type: 'breakout.form', id: 'f-form-choose', forming: 'choose' }), 'breakout.form choose');
  const rooms = Math.max(1, Math.floor(people.length / groupSize));
  await p1.waitState('room', (d) => d?.choosing === true && d.roomCount === rooms && isDeepStrictEqual(d.roomSizes, Array(rooms).fill(0)), { label: `${rooms} empty rooms to choose` });
  expectError(await fac.request({ type: 'breakout.choose', id: 'f-choose', room: 1 }), 'forbidden', 'breakout.choose from the facilitator');
  expectError(await p1.request({ type: 'breakout.choose', id: 'p1-choose-0', room: 0 }), 'invalid_field', 'breakout.choose of room 0');
  expectError(await p1.request({ type: 'breakout.choose', id: 'p1-choose-none', room: rooms + 1 }), 'invalid_field', 'breakout.choose of a room that does not exist');
  for (const [i, { conn }] of people.entries()) {
    const want = i < groupSize + 1 ? 1 : 2;
    if (i === groupSize + 1) expectError(await conn.request({ type: 'breakout.choose', id: `${conn.name}-choose-full`, room: 1 }), 'invalid_field', 'breakout.choose of a full room');
    ok(await conn.request({ type: 'breakout.choose', id: `${conn.name}-choose`, room: want }), 'breakout.choose');
    await conn.waitState('room', (d) => d?.room?.number === want && d.room.members.some((m) => m.you && m.name === byConn(conn).join.name), { label: `in room ${want}` });
  }
  await p1.waitState('room', (d) => isDeepStrictEqual(d?.roomSizes, [groupSize + 1, people.length - groupSize - 1]), { label: 'the room sizes after choosing' });

  // ---- the facilitator moves one person out, then into room 2: three and three
  const mover = people[groupSize].join;
  expectError(await p1.request({ type: 'breakout.move', id: 'p1-move', participantId: mover.participantId, room: 2 }), 'forbidden', 'breakout.move from a participant');
  expectError(await fac.request({ type: 'breakout.move', id: 'f-move-nobody', participantId: 'p-nobody', room: 1 }), 'participant_not_found', 'breakout.move of an unknown participant');
  expectError(await fac.request({ type: 'breakout.move', id: 'f-move-none', participantId: mover.participantId, room: rooms + 1 }), 'invalid_field', 'breakout.move to a room that does not exist');
  ok(await fac.request({ type: 'breakout.move', id: 'f-move-out', participantId: mover.participantId, room: 0 }), 'breakout.move out of every room');
  await fac.waitState('console', (d) => d.breakouts?.unassigned.some((u) => u.id === mover.participantId), { label: 'the moved person unassigned' });
  ok(await fac.request({ type: 'breakout.move', id: 'f-move', participantId: mover.participantId, room: 2 }), 'breakout.move');
  const placed = await fac.waitState('console', (d) => d.breakouts?.rooms[1]?.members.some((m) => m.id === mover.participantId) && d.breakouts.unassigned.length === 0, { label: 'the moved person in room 2' });
  if (placed.data.breakouts.rooms.some((r) => r.members.length !== groupSize)) soft(`rooms after the move: ${JSON.stringify(placed.data.breakouts.rooms.map((r) => r.members.length))}, expected ${groupSize} each`);

  // ---- the rounds
  expectError(await fac.request({ type: 'breakout.time', id: 'f-time-early', seconds: 60 }), 'phase_invalid', 'breakout.time before the rounds run');
  expectError(await p1.request({ type: 'breakout.start', id: 'p1-start' }), 'forbidden', 'breakout.start from a participant');
  ok(await fac.request({ type: 'breakout.start', id: 'f-start' }), 'breakout.start');
  const views = new Map();
  for (const { conn } of people) {
    const v = await conn.waitState('room', (d) => d?.status === 'running' && d.choosing === false && !('roomSizes' in d) && d.room?.clock.round === 1 && d.room.clock.step === 0 && d.room.clock.deadline > 0, { label: 'round 1 running' });
    views.set(conn, v.data);
  }
  const started = await fac.waitState('console', (d) => d.breakouts?.status === 'running' && d.breakouts.rooms.every((r) => r.clock.deadline > 0), { label: 'the rounds running on the console' });
  expectError(await people[5].conn.request({ type: 'breakout.choose', id: 'pr4-choose-late', room: 1 }), 'phase_invalid', 'breakout.choose once the rounds run');
  expectError(await fac.request({ type: 'breakout.form', id: 'f-form-running' }), 'phase_invalid', 'breakout.form while the rounds run');

  // The observer of round 1: the one whose room view has a checklist.
  const obs = people.find((p) => views.get(p.conn).room.checklist !== null);
  assert.ok(obs, 'nobody observes round 1');
  const obsView = views.get(obs.conn);
  const roomNo = obsView.room.number;
  const player = people.find((p) => p !== obs && views.get(p.conn).room.number === roomNo && views.get(p.conn).room.checklist === null);
  assert.ok(player, `nobody plays in room ${roomNo} besides the observer`);
  const items = obsView.room.checklist.items;

  // ---- time
  const deadlines = started.data.breakouts.rooms.map((r) => r.clock.deadline);
  expectError(await p1.request({ type: 'breakout.time', id: 'p1-time', seconds: 60 }), 'forbidden', 'breakout.time from a participant');
  for (const [seconds, room, what] of [[0, undefined, 'by nothing'], [1801, undefined, 'by more than 1800 s'], [-1801, undefined, 'by less than -1800 s'], [60, rooms + 1, 'in a room that does not exist']]) {
    expectError(await fac.request({ type: 'breakout.time', id: `f-time-bad-${seconds}-${room}`, seconds, ...(room ? { room } : {}) }), 'invalid_field', `breakout.time ${what}`);
  }
  ok(await fac.request({ type: 'breakout.time', id: 'f-time', seconds: 60 }), 'breakout.time for every room');
  await fac.waitState('console', (d) => d.breakouts?.rooms.every((r, i) => r.clock.deadline === deadlines[i] + 60_000), { label: 'a minute more in every room' });
  ok(await fac.request({ type: 'breakout.time', id: 'f-time-room', seconds: -30, room: 2 }), 'breakout.time for room 2');
  await fac.waitState('console', (d) => d.breakouts?.rooms[0].clock.deadline === deadlines[0] + 60_000 && d.breakouts.rooms[1].clock.deadline === deadlines[1] + 30_000, { label: 'half a minute less in room 2' });

  // ---- help
  expectError(await fac.request({ type: 'breakout.help', id: 'f-help' }), 'forbidden', 'breakout.help from the facilitator');
  ok(await player.conn.request({ type: 'breakout.help', id: `${player.conn.name}-help` }), 'breakout.help');
  await fac.waitState('console', (d) => d.breakouts?.rooms[roomNo - 1].help === true && d.breakouts.rooms[roomNo - 1].helpSince > 0, { label: 'the room asking for help' });
  await obs.conn.waitState('room', (d) => d?.room?.help === true, { label: 'help asked, in the room' });
  ok(await player.conn.request({ type: 'breakout.help', id: `${player.conn.name}-help-again` }), 'breakout.help again');
  expectError(await player.conn.request({ type: 'breakout.help.clear', id: `${player.conn.name}-help-clear`, room: roomNo }), 'forbidden', 'breakout.help.clear from a participant');
  expectError(await fac.request({ type: 'breakout.help.clear', id: 'f-help-clear-none', room: rooms + 1 }), 'invalid_field', 'breakout.help.clear of a room that does not exist');
  ok(await fac.request({ type: 'breakout.help.clear', id: 'f-help-clear', room: roomNo }), 'breakout.help.clear');
  await fac.waitState('console', (d) => d.breakouts?.rooms[roomNo - 1].help === false && d.breakouts.rooms[roomNo - 1].helpSince === null, { label: 'help cleared' });
  await player.conn.waitState('room', (d) => d?.room?.help === false, { label: 'help cleared, in the room' });

  // ---- the observer's checklist
  const oc = obs.conn;
  expectError(await player.conn.request({ type: 'breakout.checklist', id: `${player.conn.name}-checklist`, round: 1, ticked: [0] }), 'forbidden', 'breakout.checklist from someone who plays that round');
  expectError(await fac.request({ type: 'breakout.checklist', id: 'f-checklist', round: 1, ticked: [0] }), 'forbidden', 'breakout.checklist from the facilitator');
  expectError(await oc.request({ type: 'breakout.checklist', id: `${oc.name}-checklist-round2`, round: 2, ticked: [0] }), 'invalid_field', 'breakout.checklist for a round not started');
  expectError(await oc.request({ type: 'breakout.checklist', id: `${oc.name}-checklist-item`, round: 1, ticked: [items.length] }), 'invalid_field', 'breakout.checklist ticking an item the checklist lacks');
  expectError(await oc.request({ type: 'breakout.checklist', id: `${oc.name}-checklist-65`, round: 1, ticked: Array(65).fill(0) }), 'invalid_field', 'breakout.checklist with 65 ticks');
  expectError(await oc.request({ type: 'breakout.checklist', id: `${oc.name}-checklist-long`, round: 1, ticked: [0], note: 'n'.repeat(2001) }), 'invalid_field', 'breakout.checklist with a 2001-character note');
  const note = 'Opened with the numbers,\nthen asked and waited.';
  ok(await oc.request({ type: 'breakout.checklist', id: `${oc.name}-checklist`, round: 1, ticked: [2, 0], note }), 'breakout.checklist');
  await oc.waitState('room', (d) => isDeepStrictEqual(d?.room?.checklist?.ticked, [0, 2]) && d.room.checklist.note === note, { label: 'the saved checklist' });
  const observation = { round: 1, observer: obs.join.name, ticked: [items[0], items[2]], note };
  await player.conn.waitState('room', (d) => d?.room?.observations.some((o) => isDeepStrictEqual(o, observation)), { label: 'the observation, in the room' });
  await fac.waitState('console', (d) => d.breakouts?.rooms[roomNo - 1].observations.some((o) => isDeepStrictEqual(o, observation))
    && d.breakouts.checklistSummary.find((s) => s.item === items[0])?.ticked === 1 && d.breakouts.checklistSummary.find((s) => s.item === items[1])?.ticked === 0, { label: 'the observation and its tally on the console' });

  // ---- call-back: a countdown, then now
  expectError(await p1.request({ type: 'breakout.callback', id: 'p1-callback', seconds: 0 }), 'forbidden', 'breakout.callback from a participant');
  expectError(await fac.request({ type: 'breakout.callback', id: 'f-callback-long', seconds: 601 }), 'invalid_field', 'breakout.callback of 601 s');
  ok(await fac.request({ type: 'breakout.callback', id: 'f-callback', seconds: 120 }), 'breakout.callback in 2 minutes');
  await p1.waitState('room', (d) => d?.status === 'running' && d.callBackAt > Date.now() - 60_000, { label: 'the call-back time' });
  await fac.waitState('console', (d) => d.breakouts?.callBackAt > 0, { label: 'the call-back time on the console' });
  ok(await fac.request({ type: 'breakout.callback', id: 'f-callback-now', seconds: 0 }), 'breakout.callback now');
  for (const { conn } of people) {
    await conn.waitState('room', (d) => d?.status === 'finished' && d.callBackAt === null && (d.room === null || d.room.clock.deadline === null), { label: 'the rooms closed' });
  }
  await fac.waitState('console', (d) => d.breakouts?.status === 'finished' && d.breakouts.callBackAt === null && d.breakouts.rooms.every((r) => r.clock.deadline === null), { label: 'the rooms closed on the console' });
  expectError(await fac.request({ type: 'breakout.callback', id: 'f-callback-again', seconds: 0 }), 'phase_invalid', 'breakout.callback of finished rooms');
  expectError(await fac.request({ type: 'breakout.time', id: 'f-time-late', seconds: 60 }), 'phase_invalid', 'breakout.time once the rooms are closed');

  // ---- forming again after the call-back, the scenario's way (auto): balanced rooms of everyone
  ok(await fac.request({ type: 'breakout.form', id: 'f-form-auto' }), 'breakout.form (the scenario\'s forming)');
  const auto = await fac.waitState('console', (d) => d.breakouts?.status === 'forming' && d.breakouts.rooms.length > 0 && d.breakouts.unassigned.length === 0, { label: 'rooms formed again' });
  const sizes = auto.data.breakouts.rooms.map((r) => r.members.length);
  if (sizes.length !== Math.max(1, Math.floor(people.length / groupSize)) || Math.max(...sizes) - Math.min(...sizes) > 1 || sizes.reduce((a, b) => a + b, 0) !== people.length) {
    soft(`breakout.form auto with ${people.length} people and groupSize ${groupSize}: room sizes ${JSON.stringify(sizes)}`);
  }
  for (const { conn } of people) await conn.waitState('room', (d) => d?.status === 'forming' && d.choosing === false && d.room !== null, { label: 'in a room again' });

  // ---- a newcomer, once rooms are formed (not by manual or choose), goes to the smallest room
  const smallest = Math.min(...sizes);
  const eve = await joinAs('pr5', 'Eve');
  const eveView = await eve.conn.waitState('room', (d) => d?.phase === rp && d.status === 'forming', { label: "the newcomer's room view" });
  if (eveView.data.room === null) soft('join once the rooms are formed (auto): the newcomer is in no room, expected the smallest room');
  const withEve = await fac.waitState('console', (d) => d.breakouts?.rooms.some((r) => r.members.some((m) => m.id === eve.join.participantId)), { label: 'the newcomer in a room on the console' });
  const eveRoom = withEve.data.breakouts.rooms.find((r) => r.members.some((m) => m.id === eve.join.participantId));
  if (eveRoom.members.length !== smallest + 1 || withEve.data.breakouts.unassigned.length !== 0) soft(`join once the rooms are formed: the newcomer went to a room of ${eveRoom.members.length - 1} when the smallest had ${smallest}`);

  for (const { conn } of people.slice(2)) ok(await conn.request({ type: 'leave', id: `${conn.name}-leave` }), `${conn.name} leave`);
  await fac.request({ type: 'resync', id: 'frp-barrier' }); // its replies are all in before it goes
  await fac.close();
}
