// The wire contract, machine-checked (see protocol/schema/README.md):
//   a. every ```json example in PROTOCOL.md matches the schema its type selects;
//   b. PROTOCOL.md and the schemas (and the C++ request table and ErrorCode enum) cover the same request
//      types, topics and error codes;
//   c. every frame a real server sends during a scripted conversation matches its schema, and every
//      request gets exactly one reply;
//   d. the checkers reject deliberately wrong frames, so a green run means something.
// Run: cd tests && node --test protocol/
// Env: HUDDLE_BIN (server binary; default ../../build/bin/huddle from this file), HUDDLE_SKIP_LIVE=1 (skip
// part c), HUDDLE_CAPTURE_OUT (file to write the captured frames of part c to, as JSON).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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

  test('request types: the C++ request table agrees too (when present)', (t) => {
    const parser = path.join(repoRoot, 'protocol/cpp/request_parser.cpp');
    if (!existsSync(parser)) return t.skip('no request_parser.cpp');
    const table = /request_table\s*\{\{([\s\S]*?)\n\}\};/.exec(readFileSync(parser, 'utf8'))?.[1];
    assert.ok(table, 'cannot find request_table in request_parser.cpp');
    const cpp = [...table.matchAll(/^\s*\{\s*"([^"]+)"\s*,/gm)].map((m) => m[1]);
    assert.ok(cpp.length > 0, 'found no request type in request_table');
    assertNone(setDiff('the C++ request_table', cpp, 'PROTOCOL.md "## Requests"', md.requestTypes), 'request types differ');
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
    accepts({ type: 'state', topic: 'me', version: 1, epoch: 'e-1', data: { ballot: null, meToo: [], cardsLeft: null, observationsLeft: null } });
  });

  test('a patch passes; one on another topic, with an unknown operation or a replace without a value is rejected', () => {
    const patch = { type: 'patch', topic: 'activity', version: 3, base: 2, epoch: 'e-1', ops: [{ op: 'replace', path: '/board/cards/0/votes', value: 4 }, { op: 'remove', path: '/board/cards/1' }] };
    accepts(patch);
    assert.ok(rejects({ ...patch, topic: 'me' }), 'a private topic is never patched');
    assert.ok(rejects({ ...patch, ops: [{ op: 'move', from: '/a', path: '/b' }] }));
    assert.ok(rejects({ ...patch, ops: [{ op: 'replace', path: '/board' }] }));
    assert.ok(rejects({ ...patch, ops: [{ op: 'remove', path: '/board', value: 1 }] }));
    assert.ok(rejects({ ...patch, leaked: true }));
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
    const roster = { type: 'state', topic: 'roster', version: 3, epoch: 'e-1', data: { participants: [{ id: 'p-1', name: 'Dana', presence: 'online', joinedAt: 1795000000000 }], count: 1, online: 1 } };
    accepts(roster);
    assert.ok(rejects({ ...roster, data: { ...roster.data, participants: [{ ...roster.data.participants[0], resumeToken: 'tok' }] } }));
    assert.ok(rejects({ ...roster, data: { participants: roster.data.participants } }), 'a roster without its counts');
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
    open: { ...desc, kind: 'open', maxEntries: 1, maxLength: 280, results: { voters: 1, textCount: 1, texts: ['Why?'] } },
  };
  const card = { id: 'c-0123456789ab', text: 'Why?', votes: 0, addressed: false, pinned: false, group: null, batch: 1 };
  const header = { prompt: 'What?', open: true, votesEnabled: true, moderated: false, releaseThreshold: 3, maxLength: 280, maxPerPerson: 3, waiting: 0, sort: 'votes' };
  const board = { ...header, sort: 'released', cards: [card] };
  const fboard = { ...header, cards: [{ ...card, merged: [] }], approvalQueue: [], hidden: [], groups: [] };
  const activity = (poll, b = null) => push('activity', { phase: 1, poll, board: b, fishbowl: null });
  const consolePoll = (poll, extra = {}) => push('console', { poll: { ...poll, revealed: false, ...extra }, board: null, polls: [], breakouts: null, fishbowl: null });

  test('polls of every kind, a board and the console pass (control)', () => {
    for (const poll of Object.values(polls)) {
      accepts(activity(poll));
      accepts(activity({ ...poll, resultsVisible: false, results: null }));
      accepts(consolePoll(poll));
    }
    accepts(activity(null, board));
    accepts(push('console', { poll: null, board: fboard, polls: [{ pollId: 'quick-1', question: 'Q?', kind: 'single', status: 'closed', voterCount: 0, quick: true, active: false }], breakouts: null, fishbowl: null }));
    accepts(consolePoll({ ...polls.multi, anonymous: false }, { answers: [{ name: 'Dana', ballot: { choices: [0, 1] } }] }));
    accepts(push('me', { ballot: { pollId: 'poll-4', ballot: { words: ['time'] } }, meToo: [card.id], cardsLeft: 2, observationsLeft: null }));
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
    assert.ok(rejects(push('console', { poll: null, board: { ...fboard, cards: [{ ...card, merged: [], createdAt: 1 }] }, polls: [], breakouts: null, fishbowl: null })), 'a time on a card');
  });

  test('a me push without the new fields, or with a mixed ballot, is rejected', () => {
    const me = { ballot: null, meToo: [], cardsLeft: null, observationsLeft: null };
    assert.ok(rejects(push('me', { ...me, name: 'Dana' })), 'me naming its participant (anonymity)');
    for (const field of ['ballot', 'meToo', 'cardsLeft', 'observationsLeft']) {
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
    timeline, situation: 'A missed deadline', status: 'running', interrupted: false, callBackAt: 1795000120000,
    rooms: [{ number: 1, members: [{ id: 'p-1', name: 'Ana', role: 'manager', online: true }], clock, help: true, helpSince: 1795000000000, videoLink: null, observations: [] }],
    unassigned: [{ id: 'p-2', name: 'Dee', online: false }],
    checklistSummary: [{ role: 'observer', item: 'Asked an open question', ticked: 1 }],
  };
  const consoleWith = (b) => push('console', { poll: null, board: null, polls: [], breakouts: b, fishbowl: null });

  test('room views, the console\'s breakouts and an announcement pass (control)', () => {
    accepts(push('room', null));
    accepts(push('room', { ...roomHead, status: 'forming', room: null }));
    accepts(push('room', { ...roomHead, status: 'forming', callBackAt: null, roomCount: 2, choosing: true, roomSizes: [1, 0], room: null }));
    accepts(push('room', formed));
    accepts(push('room', { ...formed, status: 'finished', room: { ...ownRoom, checklist: null, videoLink: null, clock: { ...clock, deadline: null, done: true } } }));
    accepts(consoleWith(breakouts));
    accepts(consoleWith({ ...breakouts, status: 'forming', callBackAt: null, rooms: [], checklistSummary: [] }));
    const session = { code: 'K7QX3M', title: 'T', scenarioId: 's', mode: 'facilitated', language: 'en', status: 'running', phase: null, agenda: [], participantCount: 0, onlineCount: 0, locked: false };
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
    assert.ok(rejects(push('console', { poll: null, board: null, polls: [], fishbowl: null })), 'a console without breakouts');
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

  // Feedback fishbowls: the fishbowl on the activity topic (everyone), on the console (with every
  // observation), the acks and the requests. An anonymous fishbowl names no observation's author anywhere.
  const fbSeat = (seat, who = null, emptyChair = false) => ({ seat, emptyChair, participantId: who?.id ?? null, name: who?.name ?? null, since: who ? 1795000300000 : null });
  const ana = { id: 'p-1', name: 'Ana' };
  const fishbowl = {
    phase: 8, topic: 'A 1:1 with Jo', prompt: 'What did you notice?', seating: 'volunteer', observations: 'anonymous',
    seats: [fbSeat(1, ana), fbSeat(2), fbSeat(3, null, true)],
    queue: [{ participantId: 'p-2', name: 'Ben' }],
    talk: [{ participantId: 'p-1', name: 'Ana', ms: 0, seatedSince: 1795000300000, turns: 1 }, { participantId: 'p-3', name: 'Cy', ms: 61000, seatedSince: null, turns: 2 }],
    surfaced: [{ observationId: 'o-0123456789ab', text: 'Open question first.', name: null }],
    observationCount: 2,
  };
  const fbAll = [{ observationId: 'o-ba9876543210', text: 'Long pause.', name: null, surfaced: false, guessable: false }, { observationId: 'o-0123456789ab', text: 'Open question first.', name: null, surfaced: true, guessable: false }];
  const fbActivity = (f) => push('activity', { phase: 8, poll: null, board: null, fishbowl: f });
  // The console's fishbowl also says how many anonymous observations wait, K, and the small-circle warning.
  const fbConsole = (f) => push('console', { poll: null, board: null, polls: [], breakouts: null, fishbowl: { waiting: 0, releaseWriters: f.observations === 'named' ? null : 3, warning: null, ...f } });
  const named = { ...fishbowl, observations: 'named', surfaced: [{ ...fishbowl.surfaced[0], name: 'Dee' }] };
  const tapinById = (id) => (id === 1 ? 'fishbowl.tapin' : undefined);

  test('a fishbowl on the activity topic and the console, and the fishbowl acks, pass (control)', () => {
    accepts(fbActivity(fishbowl));
    accepts(fbActivity(named));
    accepts(fbActivity({ ...fishbowl, seats: [fbSeat(1), fbSeat(2)], queue: [], talk: [], surfaced: [], observationCount: 0 }));
    accepts(fbConsole({ ...fishbowl, all: fbAll }));
    accepts(fbConsole({ ...named, all: [{ ...fbAll[0], name: 'Ana' }, { ...fbAll[1], name: 'Dee' }] }));
    accepts({ type: 'ack', id: 1, result: { seated: true, seat: 3, queuePosition: null } }, tapinById);
    accepts({ type: 'ack', id: 1, result: { seated: false, seat: null, queuePosition: 2 } }, tapinById);
  });

  test('a fishbowl naming an anonymous observation\'s author, or out of shape, is rejected', () => {
    assert.ok(rejects(fbActivity({ ...fishbowl, surfaced: [{ ...fishbowl.surfaced[0], name: 'Dee' }] })), 'an author on an anonymous surfaced observation');
    assert.ok(rejects(fbActivity({ ...fishbowl, surfaced: [{ ...fishbowl.surfaced[0], participantId: 'p-4' }] })), 'an author id on a surfaced observation');
    assert.ok(rejects(fbConsole({ ...fishbowl, all: [{ ...fbAll[0], name: 'Ana' }] })), 'an author on an anonymous observation on the console');
    assert.ok(rejects(fbConsole({ ...named, all: [{ ...fbAll[0], authorId: 'p-1' }] })), 'an author id on the console');
    assert.ok(rejects(fbActivity({ ...fishbowl, all: fbAll })), "the console's list of every observation on the public topic");
    assert.ok(rejects(fbConsole(fishbowl)), 'a console fishbowl without all');
    assert.ok(rejects(push('activity', { phase: 8, poll: null, board: null })), 'an activity push without fishbowl');
    assert.ok(rejects(push('console', { poll: null, board: null, polls: [], breakouts: null })), 'a console push without fishbowl');
    assert.ok(rejects(fbActivity({ ...fishbowl, seats: [{ ...fbSeat(1, ana), since: null }, fbSeat(2)] })), 'a taken seat without since');
    assert.ok(rejects(fbActivity({ ...fishbowl, seats: [{ ...fbSeat(1), name: 'Ana' }, fbSeat(2)] })), 'a name in a free seat');
    assert.ok(rejects(fbActivity({ ...fishbowl, seats: [{ ...fbSeat(1, ana), seat: 0 }, fbSeat(2)] })), 'seat 0');
    assert.ok(rejects(fbActivity({ ...fishbowl, seats: [fbSeat(1, ana)] })), 'a single seat');
    assert.ok(rejects(fbActivity({ ...fishbowl, seating: 'lottery' })), 'an unknown seating');
    assert.ok(rejects(fbActivity({ ...fishbowl, talk: [{ ...fishbowl.talk[0], ms: -1 }] })), 'negative talk time');
    assert.ok(rejects(fbActivity({ ...fishbowl, queue: [{ participantId: 'p-2', name: 'Ben', resumeToken: 'tok' }] })), 'a token in the queue');
    assert.ok(rejects(fbActivity({ ...fishbowl, surfaced: [{ ...fishbowl.surfaced[0], observationId: 'o-1' }] })), 'an observation id that is not drawn at random');
    assert.ok(rejects({ type: 'ack', id: 1, result: { seated: true, seat: null, queuePosition: 1 } }, tapinById), 'seated without a seat');
    assert.ok(rejects({ type: 'ack', id: 1, result: { seated: false, seat: 1, queuePosition: null } }, tapinById), 'queued without a place');
    assert.ok(rejects({ type: 'ack', id: 1, result: { observationsLeft: 19, observationId: 'o-0123456789ab' } }, (id) => (id === 1 ? 'fishbowl.observe' : undefined)), 'an observation id in the ack');
  });

  test('fishbowl requests are checked', () => {
    const good = [
      { type: 'fishbowl.tapin', id: 1 },
      { type: 'fishbowl.tapin', id: 1, seat: 'empty' },
      { type: 'fishbowl.tapout', id: 1 },
      { type: 'fishbowl.seat', id: 1, participantId: 'p-1' },
      { type: 'fishbowl.seat', id: 1, participantId: 'p-1', seat: 9 },
      { type: 'fishbowl.unseat', id: 1, participantId: 'p-1' },
      { type: 'fishbowl.observe', id: 1, text: 'o'.repeat(500) },
      { type: 'fishbowl.observe', id: 1, text: 'Two lines\r\nare fine.' },
      { type: 'fishbowl.surface', id: 1, observationId: 'o-0123456789ab' },
      { type: 'fishbowl.surface', id: 1, observationId: 'o-0123456789ab', surfaced: false },
    ];
    for (const r of good) assert.deepEqual(contract.check(clientSchema(r.type), r), [], JSON.stringify(r));
    const bad = [
      { type: 'fishbowl.tapin', id: 1, seat: 'outer' },
      { type: 'fishbowl.tapin', id: 1, seat: 1 },
      { type: 'fishbowl.seat', id: 1 },
      { type: 'fishbowl.seat', id: 1, participantId: 'p-1', seat: 0 },
      { type: 'fishbowl.seat', id: 1, participantId: 'p-1', seat: 10 },
      { type: 'fishbowl.unseat', id: 1 },
      { type: 'fishbowl.observe', id: 1, text: '' },
      { type: 'fishbowl.observe', id: 1, text: 'o'.repeat(501) },
      { type: 'fishbowl.observe', id: 1, text: 'tab\there' },
      { type: 'fishbowl.observe', id: 1, text: 'evil \u202Eoverride' },
      { type: 'fishbowl.surface', id: 1 },
      { type: 'fishbowl.surface', id: 1, observationId: 'o-1' },
      { type: 'fishbowl.surface', id: 1, observationId: 'o-0123456789ab', surfaced: 'yes' },
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
  const run = { started: false, rec: new Recorder(), conns: [], soft: [], secrets: [], briefs: [], observations: [], anonymity: [], server: null };

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

  test('an anonymous observation is never tied to its author: not sent, not stored, not logged', (t) => {
    if (!captured(t)) return;
    const anonymous = run.observations.filter((o) => o.anonymous);
    assert.ok(anonymous.length > 0 && run.observations.some((o) => !o.anonymous), 'the conversation wrote no anonymous or no named observation');
    const problems = [...run.anonymity];
    const visit = (node, where) => {
      if (Array.isArray(node)) return node.forEach((n) => visit(n, where));
      if (!node || typeof node !== 'object') return;
      const o = anonymous.find((a) => a.text === node.text);
      if (o && ((node.name ?? null) !== null || JSON.stringify(node).includes(o.author.id))) problems.push(`${where} names the author of an anonymous observation: ${JSON.stringify(node)}`);
      Object.values(node).forEach((v) => visit(v, where));
    };
    for (const c of run.conns) c.received.forEach((f, i) => visit(f, `${c.name} frame ${i}`));
    const { stdout, stderr } = run.server.output();
    for (const line of `${stdout}\n${stderr}`.split('\n')) {
      for (const o of anonymous) {
        if (line.includes(o.text) && (line.includes(o.author.id) || line.includes(o.author.name))) problems.push(`the server logged an anonymous observation with its author: ${line}`);
      }
    }
    assertNone(problems, 'anonymity of observations');
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

  test('outside resync, a connection never gets a version of a topic it already holds', (t) => {
    if (!captured(t)) return;
    const problems = [];
    for (const c of run.conns) {
      const resyncs = new Set(c.sent.filter((r) => r.type === 'resync').map((r) => JSON.stringify(r.id)));
      const last = new Map(); // topic|epoch -> the highest version received
      let again = new Set(); // after a resync's ack: topics that may come once more at the version held
      for (const f of c.received) {
        if (f.type === 'ack' && resyncs.has(JSON.stringify(f.id))) again = new Set(['session', 'roster', 'me', 'facilitator', 'activity', 'console', 'room']);
        if (f.type !== 'state') continue;
        const k = `${f.topic}|${f.epoch}`;
        if (last.get(k) === f.version && !again.delete(f.topic)) problems.push(`${c.name}: ${f.topic} version ${f.version} again`);
        last.set(k, Math.max(f.version, last.get(k) ?? 0));
      }
    }
    assertNone(problems, 'versions sent twice');
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
  await fishbowls({ run, p1, p2, j1, j2, open, hello, ok, expectError, soft, secret, code, facilitatorKey, scenarioFile, scenarios });

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

  // The door: locked, a newcomer is refused and nothing else changes; unlocked, two join and are removed together.
  const locked = ok(await fac.request({ type: 'session.lock', id: 'f-lock', locked: true }), 'session.lock');
  if (locked.locked !== true) soft(`session.lock: ${JSON.stringify(locked)}, expected {"locked": true}`);
  await fac.waitState('session', (d) => d.locked === true, { label: 'a locked session' });
  expectError(await fac.request({ type: 'session.lock', id: 'f-lock-str', locked: 'yes' }), 'invalid_field', 'session.lock with a string');
  const p4 = await open('p4');
  await hello(p4, 'p4-hello');
  expectError(await p4.request({ type: 'join', id: 'p4-join-locked', code, name: 'Kit' }), 'session_locked', 'join a locked session');
  ok(await fac.request({ type: 'session.lock', id: 'f-unlock', locked: false }), 'session.lock false');
  await fac.waitState('session', (d) => d.locked === false, { label: 'an open session again' });
  const kitReply = await p4.request({ type: 'join', id: 'p4-join', code, name: 'Kit' });
  secret(ok(kitReply, 'join after unlocking').resumeToken, "a late joiner's resume token", p4, kitReply);
  const p5 = await open('p5');
  await hello(p5, 'p5-hello');
  const louReply = await p5.request({ type: 'join', id: 'p5-join', code, name: 'Lou' });
  secret(ok(louReply, 'a second late join').resumeToken, "a late joiner's resume token", p5, louReply);
  const lateRoster = await fac.waitState('roster', (d) => d.participants.length === 2, { label: 'two late joiners' });
  const since = Math.min(...lateRoster.data.participants.map((p) => p.joinedAt));
  expectError(await p4.request({ type: 'participant.remove.since', id: 'p4-remove-since', since }), 'forbidden', 'participant.remove.since from a participant');
  expectError(await fac.request({ type: 'participant.remove.since', id: 'f-remove-since-neg', since: -1 }), 'invalid_field', 'participant.remove.since before time began');
  const gone = ok(await fac.request({ type: 'participant.remove.since', id: 'f-remove-since', since }), 'participant.remove.since');
  if (gone.removed !== 2) soft(`participant.remove.since: ${JSON.stringify(gone)}, expected {"removed": 2}`);
  for (const c of [p4, p5]) await c.waitClose();
  await fac.waitState('roster', (d) => d.participants.length === 0, { label: 'an empty roster after removing the late joiners' });

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

  // The room's screen: the console's projector code opens the projector view, which is pushed the public topics
  // and may change nothing; a wrong projector code is a miss like a wrong key.
  const linkReply = await fac.request({ type: 'projector.link', id: 'f-projector-link' });
  const { projectorCode } = ok(linkReply, 'projector.link');
  secret(projectorCode, 'the projector code', fac, linkReply);
  const wall = await open('wall');
  await hello(wall, 'w-hello');
  expectError(await wall.request({ type: 'projector.attach', id: 'w-attach-bad', code, projectorCode: 'AAAA-BBBB-CCCC' }), 'token_invalid', 'projector.attach with a wrong code');
  ok(await wall.request({ type: 'projector.attach', id: 'w-attach', code, projectorCode }), 'projector.attach');
  await wall.waitState('activity', () => true);
  expectError(await wall.request({ type: 'phase.next', id: 'w-next' }), 'forbidden', 'phase.next from the projector');
  expectError(await wall.request({ type: 'projector.link', id: 'w-link' }), 'forbidden', 'projector.link from the projector');
  await wall.close();

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
  const page = echoes(ok(await fac.request({ type: 'poll.results', id: 'f-poll-results', pollId: pid, offset: 0, limit: 50 }), 'poll.results'), 'poll.results');
  if (page.offset !== 0) soft(`poll.results: result.offset ${page.offset}, expected 0`);
  expectError(await p1.request({ type: 'poll.results', id: 'p1-poll-results', pollId: pid }), 'forbidden', 'poll.results from a participant');
  expectError(await fac.request({ type: 'poll.results', id: 'f-poll-results-999', pollId: 'poll-999' }), 'poll_not_found', 'poll.results on poll-999');

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

// Feedback fishbowls, with every fishbowl.* request, in two fishbowls. A: the main session's fishbowl phase
// (facilitator seating, two inner seats and the empty chair, anonymous observations) with p1, p2 and two
// newcomers, driven from a third console (fac-fb): raised hands, the self-service empty chair, seating and
// moving people, observations surfaced and taken down, a leave, and the phase left and come back to. B: a
// second session, of a scenario whose fishbowl seats volunteers and names observations, with five people of
// its own: freed seats fill from the queue by themselves, and a lost connection keeps its seat. Seats are
// numbered from 1 on the wire. Everyone who joined the main session here leaves it again.
async function fishbowls({ run, p1, p2, j1, j2, open, hello, ok, expectError, soft, secret, code, facilitatorKey, scenarioFile, scenarios }) {
  const fishbowlOf = (sc, want) => {
    const i = sc.phases.findIndex((ph) => ph.activity?.kind === 'fishbowl');
    const a = sc.phases[i]?.activity;
    if (!a || (sc.mode ?? 'facilitated') !== 'facilitated') return null;
    const f = { index: i, topic: a.topic, prompt: a.prompt ?? 'What did you notice?', inner: a.seats ?? 4, emptyChair: a.emptyChair ?? false, seating: a.seating ?? 'volunteer', observations: a.observations ?? 'anonymous' };
    return Object.entries(want).every(([k, v]) => f[k] === v) ? f : null;
  };
  const A = fishbowlOf(scenarioFile, { inner: 2, emptyChair: true, seating: 'facilitator', observations: 'anonymous' });
  assert.ok(A, `scenario ${scenarioFile.id} needs a fishbowl phase with 2 inner seats, an empty chair, facilitator seating and anonymous observations`);
  const chair = A.inner + 1;

  const fb = (c, pred, label) => c.waitState('activity', (d) => d.fishbowl != null && pred(d.fishbowl), { label });
  const fbc = (c, pred, label) => c.waitState('console', (d) => d.fishbowl != null && pred(d.fishbowl), { label: `${label} (console)` });
  const seated = (f, seat) => f.seats[seat - 1]?.participantId ?? null;
  const queueIds = (f) => f.queue.map((q) => q.participantId);
  const noSeats = (f) => f.seats.every((s) => s.participantId === null) && f.queue.length === 0;
  const same = (result, expected, what) => {
    if (!isDeepStrictEqual(result, expected)) soft(`${what}: result ${JSON.stringify(result)}, expected ${JSON.stringify(expected)}`);
  };
  const queued = (queuePosition) => ({ seated: false, seat: null, queuePosition });
  const sits = (seat) => ({ seated: true, seat, queuePosition: null });
  const joinAs = async (label, name, sessionCode) => {
    const c = await open(label);
    await hello(c, `${label}-hello`);
    const reply = await c.request({ type: 'join', id: `${label}-join`, code: sessionCode, name });
    const j = ok(reply, `${label} join`);
    secret(j.resumeToken, `${label}'s resume token`, c, reply);
    return { conn: c, join: j };
  };
  const observe = async (c, id, text, author, anonymous) => {
    const result = ok(await c.request({ type: 'fishbowl.observe', id, text: `  ${text}\n` }), 'fishbowl.observe');
    run.observations.push({ text, author: { id: author.participantId, name: author.name }, anonymous });
    return result;
  };

  // ================================ A: facilitator seating, anonymous observations
  const fac = await open('fac-fb');
  await hello(fac, 'ffb-hello');
  ok(await fac.request({ type: 'facilitator.attach', id: 'ffb-attach', code, facilitatorKey }), 'facilitator.attach of a third console');
  await fac.waitState('console', (d) => d.fishbowl === null, { label: 'no fishbowl on the console outside a fishbowl phase' });
  await p1.waitState('activity', (d) => d.fishbowl === null, { label: 'no fishbowl outside a fishbowl phase' });

  // ---- outside a fishbowl phase every fishbowl request is phase_invalid
  expectError(await p1.request({ type: 'fishbowl.tapin', id: 'p1-fb-tapin-early' }), 'phase_invalid', 'fishbowl.tapin outside a fishbowl phase');
  expectError(await p1.request({ type: 'fishbowl.tapout', id: 'p1-fb-tapout-early' }), 'phase_invalid', 'fishbowl.tapout outside a fishbowl phase');
  expectError(await p1.request({ type: 'fishbowl.observe', id: 'p1-fb-observe-early', text: 'Too early.' }), 'phase_invalid', 'fishbowl.observe outside a fishbowl phase');
  expectError(await fac.request({ type: 'fishbowl.seat', id: 'ffb-seat-early', participantId: j1.participantId }), 'phase_invalid', 'fishbowl.seat outside a fishbowl phase');
  expectError(await fac.request({ type: 'fishbowl.unseat', id: 'ffb-unseat-early', participantId: j1.participantId }), 'phase_invalid', 'fishbowl.unseat outside a fishbowl phase');
  expectError(await fac.request({ type: 'fishbowl.surface', id: 'ffb-surface-early', observationId: 'o-000000000000' }), 'phase_invalid', 'fishbowl.surface outside a fishbowl phase');

  const { conn: pf1, join: jf1 } = await joinAs('pf1', 'Flo', code);
  const { conn: pf2, join: jf2 } = await joinAs('pf2', 'Gus', code);
  ok(await fac.request({ type: 'phase.goto', id: 'ffb-goto', index: A.index }), 'phase.goto the fishbowl phase');
  for (const c of [p1, p2, pf1, pf2]) await fb(c, (f) => f.phase === A.index && noSeats(f), 'the fishbowl, every seat free');
  const start = (await fbc(fac, (f) => f.phase === A.index && noSeats(f), 'the fishbowl, every seat free')).data.fishbowl;
  const expectedStart = {
    phase: A.index, topic: A.topic, prompt: A.prompt, seating: 'facilitator', observations: 'anonymous',
    seats: Array.from({ length: chair }, (_, i) => ({ seat: i + 1, emptyChair: i + 1 === chair, participantId: null, name: null, since: null })),
    queue: [], talk: [], surfaced: [], observationCount: 0, all: [],
  };
  for (const [k, v] of Object.entries(expectedStart)) if (!isDeepStrictEqual(start[k], v)) soft(`the fishbowl at its start: ${k} is ${JSON.stringify(start[k])}, expected ${JSON.stringify(v)}`);

  // ---- who may send what
  expectError(await fac.request({ type: 'fishbowl.tapin', id: 'ffb-tapin' }), 'forbidden', 'fishbowl.tapin from the facilitator');
  expectError(await fac.request({ type: 'fishbowl.tapout', id: 'ffb-tapout' }), 'forbidden', 'fishbowl.tapout from the facilitator');
  expectError(await fac.request({ type: 'fishbowl.observe', id: 'ffb-observe', text: 'I saw it all.' }), 'forbidden', 'fishbowl.observe from the facilitator');
  expectError(await p1.request({ type: 'fishbowl.seat', id: 'p1-fb-seat', participantId: j1.participantId }), 'forbidden', 'fishbowl.seat from a participant');
  expectError(await p1.request({ type: 'fishbowl.unseat', id: 'p1-fb-unseat', participantId: j2.participantId }), 'forbidden', 'fishbowl.unseat from a participant');
  expectError(await p1.request({ type: 'fishbowl.surface', id: 'p1-fb-surface', observationId: 'o-000000000000' }), 'forbidden', 'fishbowl.surface from a participant');
  expectError(await p1.request({ type: 'fishbowl.tapin', id: 'p1-fb-tapin-bad', seat: 'middle' }), 'invalid_field', 'fishbowl.tapin with an unknown seat');

  // ---- raised hands, and the empty chair, which is self-service even here
  same(ok(await p1.request({ type: 'fishbowl.tapin', id: 'p1-fb-tapin' }), 'fishbowl.tapin'), queued(1), 'fishbowl.tapin in facilitator seating (a raised hand)');
  await fbc(fac, (f) => isDeepStrictEqual(queueIds(f), [j1.participantId]) && f.queue[0].name === j1.name, 'Dana in the queue');
  same(ok(await p1.request({ type: 'fishbowl.tapin', id: 'p1-fb-tapin-again' }), 'fishbowl.tapin again'), queued(1), 'fishbowl.tapin while queued');
  same(ok(await p2.request({ type: 'fishbowl.tapin', id: 'p2-fb-tapin', seat: 'inner' }), 'fishbowl.tapin'), queued(2), 'fishbowl.tapin inner in facilitator seating');
  same(ok(await pf1.request({ type: 'fishbowl.tapin', id: 'pf1-tapin-chair', seat: 'empty' }), 'fishbowl.tapin empty'), sits(chair), 'fishbowl.tapin of the free empty chair in facilitator seating');
  await fb(p1, (f) => seated(f, chair) === jf1.participantId && f.seats[chair - 1].name === jf1.name && f.seats[chair - 1].since > 0, 'Flo in the empty chair');
  expectError(await pf1.request({ type: 'fishbowl.tapin', id: 'pf1-tapin-again' }), 'invalid_field', 'fishbowl.tapin from the inner circle');
  same(ok(await pf2.request({ type: 'fishbowl.tapin', id: 'pf2-tapin-chair', seat: 'empty' }), 'fishbowl.tapin empty'), queued(3), 'fishbowl.tapin of the empty chair when it is taken');
  await fbc(fac, (f) => isDeepStrictEqual(queueIds(f), [j1.participantId, j2.participantId, jf2.participantId]), 'three in the queue');
  ok(await pf2.request({ type: 'fishbowl.tapout', id: 'pf2-tapout' }), 'fishbowl.tapout of the queue');
  await fbc(fac, (f) => isDeepStrictEqual(queueIds(f), [j1.participantId, j2.participantId]), 'Gus out of the queue');
  expectError(await pf2.request({ type: 'fishbowl.tapout', id: 'pf2-tapout-again' }), 'invalid_field', 'fishbowl.tapout from the outer circle');

  // ---- the facilitator seats people
  const seatIs = (result, seat, what) => same(result, { seat }, what);
  expectError(await fac.request({ type: 'fishbowl.seat', id: 'ffb-seat-nobody', participantId: 'p-nobody' }), 'participant_not_found', 'fishbowl.seat of an unknown participant');
  expectError(await fac.request({ type: 'fishbowl.seat', id: 'ffb-seat-none', participantId: j2.participantId, seat: chair + 1 }), 'invalid_field', 'fishbowl.seat of a seat that does not exist');
  seatIs(ok(await fac.request({ type: 'fishbowl.seat', id: 'ffb-seat-p1', participantId: j1.participantId }), 'fishbowl.seat'), 1, 'fishbowl.seat in the first free inner seat');
  seatIs(ok(await fac.request({ type: 'fishbowl.seat', id: 'ffb-seat-p2', participantId: j2.participantId }), 'fishbowl.seat'), 2, 'fishbowl.seat in the first free inner seat');
  const full = await fb(pf2, (f) => seated(f, 1) === j1.participantId && seated(f, 2) === j2.participantId && f.queue.length === 0, 'both Danas seated, out of the queue');
  const order = full.data.fishbowl.talk.map((t) => t.participantId);
  if (!isDeepStrictEqual(order, [jf1.participantId, j1.participantId, j2.participantId])) soft(`fishbowl talk: ${JSON.stringify(full.data.fishbowl.talk)}, expected Flo, Dana, Dana (2) in the order they first sat down`);
  if (full.data.fishbowl.talk.some((t) => t.turns !== 1 || !(t.seatedSince > 0) || t.ms !== 0)) soft(`fishbowl talk of three people seated once: ${JSON.stringify(full.data.fishbowl.talk)}`);
  expectError(await fac.request({ type: 'fishbowl.seat', id: 'ffb-seat-full', participantId: jf2.participantId }), 'invalid_field', 'fishbowl.seat with every inner seat taken');

  // ---- observations come from the outer circle
  expectError(await p1.request({ type: 'fishbowl.observe', id: 'p1-fb-observe-seated', text: 'From the inside.' }), 'forbidden', 'fishbowl.observe from the inner circle');
  expectError(await pf2.request({ type: 'fishbowl.observe', id: 'pf2-observe-blank', text: ' \n ' }), 'invalid_field', 'fishbowl.observe of a blank text');
  expectError(await pf2.request({ type: 'fishbowl.observe', id: 'pf2-observe-long', text: 'o'.repeat(501) }), 'invalid_field', 'fishbowl.observe of 501 characters');
  const obs1 = 'Asking what Jo wanted from the hour opened Jo up.';
  const t0 = Date.now();
  same(await observe(pf2, 'pf2-observe', obs1, jf2, true), { observationsLeft: 19 }, 'fishbowl.observe');
  const withObs1 = await fbc(fac, (f) => f.all.some((o) => o.text === obs1), 'the observation, trimmed');
  const o1 = withObs1.data.fishbowl.all.find((o) => o.text === obs1);
  // Whether it waited for three writers or went out at once marked guessable depends on how many watch.
  same(o1, { observationId: o1.observationId, text: obs1, name: null, surfaced: false, guessable: o1.guessable }, 'an anonymous observation on the console');
  if (o1.guessable !== (withObs1.data.fishbowl.warning !== null)) soft(`a guessable observation without the console's warning, or the reverse: ${JSON.stringify(withObs1.data.fishbowl)}`);
  const quick = await pf2.request({ type: 'fishbowl.observe', id: 'pf2-observe-again', text: 'And the silence after it.' });
  if (Date.now() - t0 < 2000) expectError(quick, 'rate_limited', 'a second fishbowl.observe within 2 s');
  else if (quick.type === 'ack') run.observations.push({ text: 'And the silence after it.', author: { id: jf2.participantId, name: jf2.name }, anonymous: true });
  await fb(p1, (f) => f.observationCount >= 1 && f.surfaced.length === 0, 'an observation counted, none surfaced');

  // ---- seating someone in a taken seat: Flo moves from the empty chair to seat 1, Dana goes back out
  seatIs(ok(await fac.request({ type: 'fishbowl.seat', id: 'ffb-seat-move', participantId: jf1.participantId, seat: 1 }), 'fishbowl.seat'), 1, 'fishbowl.seat into a taken seat');
  const moved = await fb(p2, (f) => seated(f, 1) === jf1.participantId && seated(f, chair) === null && !f.seats.some((s) => s.participantId === j1.participantId), 'Flo in seat 1, Dana in the outer circle');
  const talkOf = (f, id) => f.talk.find((t) => t.participantId === id);
  const floTalk = talkOf(moved.data.fishbowl, jf1.participantId);
  const danaTalk = talkOf(moved.data.fishbowl, j1.participantId);
  if (floTalk?.turns !== 2 || !(floTalk.seatedSince > 0)) soft(`fishbowl talk of Flo after moving seats: ${JSON.stringify(floTalk)}, expected 2 turns and seated`);
  if (danaTalk?.turns !== 1 || danaTalk.seatedSince !== null || !(danaTalk.ms >= 0)) soft(`fishbowl talk of Dana back in the outer circle: ${JSON.stringify(danaTalk)}, expected 1 turn, seatedSince null`);

  const obs2 = 'Two questions at once, and Jo answered neither.';
  same(await observe(p1, 'p1-fb-observe', obs2, j1, true), { observationsLeft: 19 }, 'fishbowl.observe after leaving the inner circle');
  const withObs2 = await fbc(fac, (f) => f.all[0]?.text === obs2, 'the newest observation first');
  const o2 = withObs2.data.fishbowl.all[0];

  // ---- surfacing
  const surfacedIs = (result, observationId, surfaced, what) => same(result, { observationId, surfaced }, what);
  expectError(await fac.request({ type: 'fishbowl.surface', id: 'ffb-surface-none', observationId: 'o-000000000000' }), 'invalid_field', 'fishbowl.surface of an unknown observation');
  surfacedIs(ok(await fac.request({ type: 'fishbowl.surface', id: 'ffb-surface-1', observationId: o1.observationId }), 'fishbowl.surface'), o1.observationId, true, 'fishbowl.surface with surfaced left out');
  await fb(pf2, (f) => isDeepStrictEqual(f.surfaced, [{ observationId: o1.observationId, text: obs1, name: null }]), 'the observation surfaced, naming nobody');
  surfacedIs(ok(await fac.request({ type: 'fishbowl.surface', id: 'ffb-surface-2', observationId: o2.observationId, surfaced: true }), 'fishbowl.surface'), o2.observationId, true, 'fishbowl.surface');
  await fb(p1, (f) => isDeepStrictEqual(f.surfaced.map((o) => o.observationId), [o1.observationId, o2.observationId]), 'two surfaced, in the order surfaced');
  surfacedIs(ok(await fac.request({ type: 'fishbowl.surface', id: 'ffb-surface-down', observationId: o1.observationId, surfaced: false }), 'fishbowl.surface false'), o1.observationId, false, 'fishbowl.surface false');
  await fb(p1, (f) => isDeepStrictEqual(f.surfaced.map((o) => o.observationId), [o2.observationId]), 'the first taken back down');
  await fbc(fac, (f) => f.all.find((o) => o.observationId === o1.observationId)?.surfaced === false && f.all.find((o) => o.observationId === o2.observationId)?.surfaced === true, 'surfaced flags');
  surfacedIs(ok(await fac.request({ type: 'fishbowl.surface', id: 'ffb-surface-repeat', observationId: o2.observationId }), 'fishbowl.surface again'), o2.observationId, true, 'fishbowl.surface repeated');

  // ---- unseating, from a seat and from the queue; in facilitator seating nothing moves by itself
  expectError(await fac.request({ type: 'fishbowl.unseat', id: 'ffb-unseat-none', participantId: jf2.participantId }), 'invalid_field', 'fishbowl.unseat of someone in the outer circle');
  ok(await fac.request({ type: 'fishbowl.unseat', id: 'ffb-unseat', participantId: j2.participantId }), 'fishbowl.unseat from a seat');
  await fb(p1, (f) => seated(f, 2) === null, 'seat 2 free');
  same(ok(await p1.request({ type: 'fishbowl.tapin', id: 'p1-fb-tapin-free' }), 'fishbowl.tapin'), queued(1), 'fishbowl.tapin in facilitator seating while an inner seat is free');
  await fbc(fac, (f) => isDeepStrictEqual(queueIds(f), [j1.participantId]), 'a raised hand, and the free seat still free');
  ok(await fac.request({ type: 'fishbowl.unseat', id: 'ffb-unseat-queued', participantId: j1.participantId }), 'fishbowl.unseat from the queue');
  await fbc(fac, (f) => f.queue.length === 0 && seated(f, 2) === null, 'the queue empty');

  // ---- leaving the session frees the seat (and, in facilitator seating, nobody moves in)
  seatIs(ok(await fac.request({ type: 'fishbowl.seat', id: 'ffb-seat-gus', participantId: jf2.participantId }), 'fishbowl.seat'), 2, 'fishbowl.seat in the free inner seat');
  same(ok(await p1.request({ type: 'fishbowl.tapin', id: 'p1-fb-tapin-last' }), 'fishbowl.tapin'), queued(1), 'fishbowl.tapin');
  ok(await pf1.request({ type: 'leave', id: 'pf1-leave' }), 'pf1 leave');
  const left = await fbc(fac, (f) => seated(f, 1) === null, 'the seat of someone who left, freed');
  if (seated(left.data.fishbowl, 2) !== jf2.participantId || !isDeepStrictEqual(queueIds(left.data.fishbowl), [j1.participantId])) soft(`after a leave in facilitator seating: ${JSON.stringify(left.data.fishbowl.seats)} queue ${JSON.stringify(left.data.fishbowl.queue)}, expected Gus still in seat 2 and Dana still queued`);

  // ---- leaving the phase empties the seats and the queue; coming back starts with empty seats
  const before = left.data.fishbowl;
  const away = A.index + 1 < scenarioFile.phases.length ? A.index + 1 : A.index - 1;
  ok(await fac.request({ type: 'phase.goto', id: 'ffb-goto-away', index: away }), 'phase.goto away from the fishbowl');
  for (const c of [p1, p2, pf2]) await c.waitState('activity', (d) => d.phase === away && d.fishbowl === null, { label: 'no fishbowl after the phase' });
  await fac.waitState('console', (d) => d.fishbowl === null, { label: 'no fishbowl on the console after the phase' });
  expectError(await pf2.request({ type: 'fishbowl.tapout', id: 'pf2-tapout-away' }), 'phase_invalid', 'fishbowl.tapout after the fishbowl phase');
  ok(await fac.request({ type: 'phase.goto', id: 'ffb-goto-back', index: A.index }), 'phase.goto back to the fishbowl');
  const back = (await fbc(fac, (f) => f.phase === A.index, 'the fishbowl again')).data.fishbowl;
  await fb(pf2, (f) => f.phase === A.index, 'the fishbowl again');
  if (!noSeats(back)) soft(`coming back to a fishbowl: seats ${JSON.stringify(back.seats)} queue ${JSON.stringify(back.queue)}, expected every seat free and no queue`);
  const talkKept = before.talk.map((t) => t.participantId);
  if (!isDeepStrictEqual(back.talk.map((t) => t.participantId), talkKept)) soft(`coming back to a fishbowl: talk ${JSON.stringify(back.talk)}, expected the same people as before ${JSON.stringify(before.talk)}`);
  for (const t of back.talk) {
    const was = before.talk.find((b) => b.participantId === t.participantId);
    if (t.seatedSince !== null || (was && t.ms < was.ms)) soft(`coming back to a fishbowl: talk ${JSON.stringify(t)}, before ${JSON.stringify(was)}: seated time must be kept and nobody seated`);
  }
  if (back.observationCount !== before.observationCount || !isDeepStrictEqual(back.all, before.all) || !isDeepStrictEqual(back.surfaced, before.surfaced)) {
    soft(`coming back to a fishbowl: observations ${JSON.stringify({ count: back.observationCount, all: back.all, surfaced: back.surfaced })}, expected them kept as ${JSON.stringify({ count: before.observationCount, all: before.all, surfaced: before.surfaced })}`);
  }
  ok(await pf2.request({ type: 'leave', id: 'pf2-leave' }), 'pf2 leave');
  await fac.request({ type: 'resync', id: 'ffb-barrier' });
  await fac.close();

  // ================================ B: volunteer seating, named observations, in a session of its own
  const candidates = scenarios.map((sc) => sc.id).sort((a, b) => (b === 'sales-objection-handling') - (a === 'sales-objection-handling'));
  let vScenario;
  let B;
  for (const id of candidates) {
    const file = path.join(repoRoot, 'scenarios', `${id}.json`);
    if (!existsSync(file)) continue;
    const sc = JSON.parse(readFileSync(file, 'utf8'));
    B = fishbowlOf(sc, { inner: 2, emptyChair: true, seating: 'volunteer', observations: 'named' });
    if (B) {
      vScenario = sc;
      break;
    }
  }
  assert.ok(B, 'a bundled facilitated scenario whose fishbowl has 2 inner seats, an empty chair, volunteer seating and named observations');
  const vChair = B.inner + 1;
  const facV = await open('fac-fbv');
  await hello(facV, 'fbv-hello');
  const createReply = await facV.request({ type: 'session.create', id: 'fbv-create', scenario: vScenario.id });
  const createdV = ok(createReply, 'session.create of a second session');
  secret(createdV.facilitatorKey, "the second session's facilitator key", facV, createReply);
  const vp = [];
  for (const [i, name] of ['Ona', 'Pat', 'Quin', 'Ray', 'Sol'].entries()) vp.push(await joinAs(`pv${i + 1}`, name, createdV.code));
  const [v1, v2, v3, v4, v5] = vp.map((p) => p.join);
  const [pv1, pv2, pv3, pv4, pv5] = vp.map((p) => p.conn);
  ok(await facV.request({ type: 'phase.goto', id: 'fbv-goto', index: B.index }), 'phase.goto the fishbowl phase of the second session');
  for (const c of [pv1, pv2, pv3, pv4, pv5]) await fb(c, (f) => f.phase === B.index && f.seating === 'volunteer' && f.observations === 'named' && noSeats(f), 'a volunteer fishbowl, every seat free');

  same(ok(await pv1.request({ type: 'fishbowl.tapin', id: 'pv1-tapin' }), 'fishbowl.tapin'), sits(1), 'fishbowl.tapin in volunteer seating');
  same(ok(await pv2.request({ type: 'fishbowl.tapin', id: 'pv2-tapin', seat: 'inner' }), 'fishbowl.tapin'), sits(2), 'fishbowl.tapin in volunteer seating');
  same(ok(await pv3.request({ type: 'fishbowl.tapin', id: 'pv3-tapin' }), 'fishbowl.tapin'), queued(1), 'fishbowl.tapin with every inner seat taken (the empty chair is free, but asked for by name only)');
  same(ok(await pv4.request({ type: 'fishbowl.tapin', id: 'pv4-tapin', seat: 'empty' }), 'fishbowl.tapin empty'), sits(vChair), 'fishbowl.tapin of the empty chair');
  same(ok(await pv5.request({ type: 'fishbowl.tapin', id: 'pv5-tapin' }), 'fishbowl.tapin'), queued(2), 'fishbowl.tapin with every inner seat taken');
  await fb(pv1, (f) => seated(f, 1) === v1.participantId && seated(f, 2) === v2.participantId && seated(f, vChair) === v4.participantId
    && isDeepStrictEqual(queueIds(f), [v3.participantId, v5.participantId]), 'two volunteers seated, one in the empty chair, two queued');

  // ---- a freed seat goes to the first in the queue: after a tap out, an unseat and a leave; not after a lost connection
  ok(await pv1.request({ type: 'fishbowl.tapout', id: 'pv1-tapout' }), 'fishbowl.tapout of a seat');
  const afterTapout = (await fb(pv2, (f) => seated(f, 1) !== v1.participantId, 'seat 1 freed by a tap out')).data.fishbowl;
  if (seated(afterTapout, 1) !== v3.participantId || !isDeepStrictEqual(queueIds(afterTapout), [v5.participantId])) soft(`a tap out in volunteer seating: seats ${JSON.stringify(afterTapout.seats)} queue ${JSON.stringify(afterTapout.queue)}, expected Quin (first in the queue) in seat 1`);
  ok(await facV.request({ type: 'fishbowl.unseat', id: 'fbv-unseat', participantId: v2.participantId }), 'fishbowl.unseat in volunteer seating');
  await fb(pv1, (f) => seated(f, 2) === v5.participantId && f.queue.length === 0, 'Sol (first in the queue) in the seat freed by an unseat');
  same(ok(await pv1.request({ type: 'fishbowl.tapin', id: 'pv1-tapin-again' }), 'fishbowl.tapin'), queued(1), 'fishbowl.tapin with every seat taken');
  same(ok(await pv2.request({ type: 'fishbowl.tapin', id: 'pv2-tapin-again' }), 'fishbowl.tapin'), queued(2), 'fishbowl.tapin with every seat taken');

  await pv3.close();
  await facV.waitState('roster', (d) => d.participants.some((p) => p.id === v3.participantId && p.presence === 'away'), { label: 'Quin away' });
  const mark = pv5.mark();
  ok(await pv5.request({ type: 'resync', id: 'pv5-resync' }), 'resync');
  const blip = (await pv5.waitState('activity', (d) => d.fishbowl != null, { since: mark, label: 'the fishbowl after a lost connection' })).data.fishbowl;
  if (seated(blip, 1) !== v3.participantId || !isDeepStrictEqual(queueIds(blip), [v1.participantId, v2.participantId])) soft(`a lost connection: seats ${JSON.stringify(blip.seats)} queue ${JSON.stringify(blip.queue)}, expected Quin to keep seat 1 and the queue to stay`);
  const pv3b = await open('pv3b');
  await hello(pv3b, 'pv3b-hello');
  ok(await pv3b.request({ type: 'resume', id: 'pv3b-resume', code: createdV.code, resumeToken: v3.resumeToken }), 'resume');
  await fb(pv3b, (f) => f.phase === B.index, 'the fishbowl after resume');

  ok(await pv4.request({ type: 'leave', id: 'pv4-leave' }), 'pv4 leave');
  const afterLeave = (await fb(pv1, (f) => seated(f, vChair) !== v4.participantId, 'the empty chair freed by a leave')).data.fishbowl;
  if (seated(afterLeave, vChair) !== v1.participantId || !isDeepStrictEqual(queueIds(afterLeave), [v2.participantId])) soft(`a leave in volunteer seating: seats ${JSON.stringify(afterLeave.seats)} queue ${JSON.stringify(afterLeave.queue)}, expected Ona (first in the queue) in the empty chair`);

  // ---- the facilitator seats someone from the queue in a taken seat; its occupant goes back out
  seatIs(ok(await facV.request({ type: 'fishbowl.seat', id: 'fbv-seat', participantId: v2.participantId, seat: 1 }), 'fishbowl.seat'), 1, 'fishbowl.seat into a taken seat');
  await fb(pv1, (f) => seated(f, 1) === v2.participantId && f.queue.length === 0 && !f.seats.some((s) => s.participantId === v3.participantId), 'Pat in seat 1, Quin in the outer circle');

  // ---- a named observation carries its author's name, on the console and once surfaced
  expectError(await pv1.request({ type: 'fishbowl.observe', id: 'pv1-observe-seated', text: 'From the chair.' }), 'forbidden', 'fishbowl.observe from the empty chair');
  const obsV = 'I would have asked which route they use today before talking price.';
  same(await observe(pv3b, 'pv3b-observe', obsV, v3, false), { observationsLeft: 19 }, 'fishbowl.observe');
  const withV = await fbc(facV, (f) => f.all.some((o) => o.text === obsV), 'the named observation');
  const ov = withV.data.fishbowl.all.find((o) => o.text === obsV);
  same(ov, { observationId: ov.observationId, text: obsV, name: v3.name, surfaced: false, guessable: false }, 'a named observation on the console');
  surfacedIs(ok(await facV.request({ type: 'fishbowl.surface', id: 'fbv-surface', observationId: ov.observationId }), 'fishbowl.surface'), ov.observationId, true, 'fishbowl.surface');
  await fb(pv5, (f) => isDeepStrictEqual(f.surfaced, [{ observationId: ov.observationId, text: obsV, name: v3.name }]), 'the named observation surfaced with its author');

  // ---- what the server stored: an anonymous observation has no author in the journal; a named one does
  run.anonymity.push(...storedObservationProblems(run.server.dataDir, run.observations));
}

// Finds each observation's text in the files under the server's data directory (the journal keeps every
// event as a small JSON object) and checks the object around it: no author for an anonymous one, and, so
// the scan is known to see the journal at all, its author's id for a named one.
function storedObservationProblems(dir, observations) {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.isFile()) files.push(path.join(d, e.name));
    }
  };
  walk(dir);
  const contents = files.map((f) => [f, readFileSync(f)]);
  const problems = [];
  for (const o of observations) {
    const needle = Buffer.from(JSON.stringify(o.text).slice(1, -1));
    const around = [];
    for (const [file, buf] of contents) {
      for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + 1)) {
        const open = buf.lastIndexOf(0x7b, at); // {
        const close = buf.indexOf(0x7d, at + needle.length); // }
        around.push({ file, text: buf.subarray(Math.max(open, at - 2000, 0), close < 0 ? at + needle.length : Math.min(close + 1, at + needle.length + 2000)).toString('utf8') });
      }
    }
    if (o.anonymous) {
      for (const a of around) {
        if (a.text.includes('authorId') || a.text.includes(o.author.id)) problems.push(`${path.basename(a.file)} stores the anonymous observation ${JSON.stringify(o.text)} with its author: ${a.text}`);
      }
    } else if (!around.some((a) => a.text.includes(o.author.id))) {
      problems.push(`the named observation ${JSON.stringify(o.text)} is stored nowhere with its author's id under ${dir} (found ${around.length} times), so this scan cannot vouch for the anonymous ones`);
    }
  }
  return problems;
}
