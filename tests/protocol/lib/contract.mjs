// The protocol contract as the tests see it: the JSON Schemas in protocol/schema/, the facts PROTOCOL.md
// states (request types, topics, error codes, examples), and pure checkers over frames. Pure functions
// only, so the self-checks can feed them deliberately wrong input and see them fail.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');
export const schemaDir = path.join(repoRoot, 'protocol/schema');
export const protocolMdPath = path.join(repoRoot, 'protocol/PROTOCOL.md');
export const SCHEMA_BASE = 'https://huddle.invalid/protocol/1/';
export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

// Server frame types that are replies or pushes; everything else with a `type` is a request.
export const SERVER_TYPES = new Set(['ack', 'error', 'state', 'patch']);
// Files under protocol/schema/ that are not one per message type, request or topic.
export const FIXED_SCHEMAS = ['common.json', 'server/ack.json', 'server/error.json', 'server/state.json', 'server/patch.json'];

export const clientSchema = (type) => `client/${type}.json`;
export const resultSchema = (type) => `server/results/${type}.json`;
export const topicSchema = (topic) => `server/topics/${topic}.json`;

function walk(dir, rel = '') {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(path.join(dir, entry.name), r));
    else if (entry.name.endsWith('.json')) out.push(r);
  }
  return out.sort();
}

const stem = (rel) => path.basename(rel, '.json');

// Loads every schema under `dir` into one Ajv instance and returns the contract.
export function loadContract(dir = schemaDir) {
  const files = new Map();
  for (const rel of walk(dir)) files.set(rel, JSON.parse(readFileSync(path.join(dir, rel), 'utf8')));

  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  for (const schema of files.values()) ajv.addSchema(schema);

  const inDir = (prefix) => [...files.keys()].filter((r) => r.startsWith(prefix) && !r.slice(prefix.length).includes('/')).map(stem);
  const compiled = new Map();
  const validatorFor = (rel) => {
    if (!compiled.has(rel)) {
      const fn = files.has(rel) ? ajv.getSchema(SCHEMA_BASE + rel) : undefined;
      compiled.set(rel, fn);
    }
    return compiled.get(rel);
  };

  return {
    files,
    ajv,
    requestTypes: inDir('client/'),
    resultTypes: inDir('server/results/'),
    topics: inDir('server/topics/'),
    errorCodes: files.get('server/error.json')?.properties?.code?.enum ?? [],
    has: (rel) => files.has(rel),
    // Returns [] when `data` matches schema `rel`, else a list of readable problems.
    check(rel, data, where = '') {
      const fn = validatorFor(rel);
      if (!fn) return [`${where}no schema ${rel}`];
      if (fn(data)) return [];
      return fn.errors.map((e) => `${where}${rel}: ${e.instancePath || '(root)'} ${e.message}${formatParams(e)}`);
    },
  };
}

function formatParams(e) {
  const p = e.params ?? {};
  if (p.additionalProperty !== undefined) return ` (${JSON.stringify(p.additionalProperty)})`;
  if (p.allowedValues !== undefined) return ` (${p.allowedValues.join(', ')})`;
  if (p.allowedValue !== undefined) return ` (${JSON.stringify(p.allowedValue)})`;
  return '';
}

// ------------------------------------------------------------------------------------------ PROTOCOL.md

// Splits PROTOCOL.md into what the tests need: every ```json block with its line and headings, the
// request types documented under "## Requests", the topics under "## Pushes" and the error-code table.
export function parseProtocolMd(text) {
  const lines = text.split('\n');
  const blocks = [];
  const requestTypes = [];
  const topics = [];
  const errorCodes = [];
  let h2 = '';
  let h3 = '';
  let section = 0; // counts ### and ## headings, so examples pair only within one section
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let m;
    if ((m = /^## (.*)$/.exec(line))) {
      h2 = m[1].trim();
      h3 = '';
      section++;
    } else if ((m = /^### (.*)$/.exec(line))) {
      h3 = m[1].trim();
      section++;
      const name = /^`([^`]+)`/.exec(h3)?.[1];
      const topic = /^topic `([^`]+)`/.exec(h3)?.[1];
      if (h2 === 'Requests' && name) requestTypes.push(name);
      if (h2 === 'Pushes' && topic) topics.push(topic);
    } else if (h2 === 'Error codes' && (m = /^\|\s*`([a-z_]+)`\s*\|/.exec(line))) {
      errorCodes.push(m[1]);
    } else if (/^```json\s*$/.test(line)) {
      const start = i + 1;
      const body = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
      const raw = body.join('\n');
      let json;
      let parseError;
      try {
        json = JSON.parse(raw);
      } catch (e) {
        parseError = e.message;
      }
      blocks.push({ line: start, raw, json, parseError, h2, h3, section });
    }
  }
  return { blocks, requestTypes, topics, errorCodes };
}

// Checks one example block against the schema(s) its type selects. `previous` is the block before it
// in the same section, if any: an ack right after a request example is that request's reply.
export function checkExample(contract, block, previous) {
  const where = `PROTOCOL.md line ${block.line}: `;
  if (block.parseError) return [`${where}not JSON: ${block.parseError}`];
  const msg = block.json;
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) return [`${where}not a JSON object`];
  const type = msg.type;
  const problems = [];
  const heading = /^`([^`]+)`/.exec(block.h3)?.[1];
  const headingTopic = /^topic `([^`]+)`/.exec(block.h3)?.[1];
  if (type === 'ack') {
    problems.push(...contract.check('server/ack.json', msg, where));
    const req = previous?.json;
    if (req && typeof req.type === 'string' && !SERVER_TYPES.has(req.type)) {
      problems.push(...contract.check(resultSchema(req.type), msg.result, `${where}result of ${req.type}: `));
      if (!isDeepStrictEqual(req.id, msg.id)) {
        problems.push(`${where}ack id ${JSON.stringify(msg.id)} does not echo the request id ${JSON.stringify(req.id)} (line ${previous.line})`);
      }
    }
  } else if (type === 'error') {
    problems.push(...contract.check('server/error.json', msg, where));
  } else if (type === 'patch') {
    problems.push(...contract.check('server/patch.json', msg, where));
  } else if (type === 'state') {
    problems.push(...contract.check('server/state.json', msg, where));
    // The envelope example in "## Pushes" (no topic heading) shows only the shape: its data is {}.
    if (headingTopic) {
      if (msg.topic !== headingTopic) problems.push(`${where}topic ${JSON.stringify(msg.topic)} under the heading of topic ${headingTopic}`);
      problems.push(...contract.check(topicSchema(msg.topic), msg.data, `${where}data of topic ${msg.topic}: `));
    }
  } else if (typeof type === 'string') {
    problems.push(...contract.check(clientSchema(type), msg, where));
    if (block.h2 === 'Requests' && heading && heading !== type) {
      problems.push(`${where}request ${type} under the heading of ${heading}`);
    }
  } else {
    problems.push(`${where}no string "type" to select a schema`);
  }
  return problems;
}

// Checks every example of a parsed PROTOCOL.md; returns [{block, problems}] for every block.
export function checkExamples(contract, md) {
  return md.blocks.map((block, i) => {
    const prev = i > 0 && md.blocks[i - 1].section === block.section ? md.blocks[i - 1] : undefined;
    return { block, problems: checkExample(contract, block, prev) };
  });
}

// Compares two lists as sets; returns readable differences.
export function setDiff(aName, a, bName, b) {
  const A = new Set(a);
  const B = new Set(b);
  const problems = [];
  for (const x of A) if (!B.has(x)) problems.push(`${JSON.stringify(x)} is in ${aName} but not in ${bName}`);
  for (const x of B) if (!A.has(x)) problems.push(`${JSON.stringify(x)} is in ${bName} but not in ${aName}`);
  const dups = a.filter((x, i) => a.indexOf(x) !== i);
  if (dups.length) problems.push(`${aName} lists ${dups.join(', ')} more than once`);
  return problems;
}

// Every object schema with `properties` under server/ must forbid other properties, so a server cannot
// leak a field the contract does not name. A subschema that applies to the same instance as a closed
// object (its allOf/anyOf/oneOf/not/if/then/else, e.g. "if kind is scale, results has points") only
// narrows that object: the closed parent's additionalProperties still holds, so it need not repeat it.
const IN_PLACE = new Set(['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else']);
export function findOpenServerObjects(contract) {
  const problems = [];
  const visit = (node, rel, ptr, covered) => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, rel, `${ptr}/${i}`, covered));
    if (!node || typeof node !== 'object') return;
    const closed = covered || node.additionalProperties === false;
    if (node.properties && !closed) problems.push(`${rel}#${ptr || '/'} allows additional properties`);
    for (const [k, v] of Object.entries(node)) {
      if (k !== 'const' && k !== 'enum') visit(v, rel, `${ptr}/${k}`, IN_PLACE.has(k) && closed);
    }
  };
  for (const [rel, schema] of contract.files) if (rel.startsWith('server/')) visit(schema, rel, '', false);
  return problems;
}

// ------------------------------------------------------------------------------------------ live frames

// Validates one frame a server sent. `requestTypeOf(id)` gives the type of the request with that id on
// the same connection (undefined if none), so an ack's result is checked by that request's schema.
export function checkServerFrame(contract, frame, requestTypeOf, where = '') {
  if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) return [`${where}frame is not a JSON object`];
  switch (frame.type) {
    case 'ack': {
      const problems = contract.check('server/ack.json', frame, where);
      const reqType = requestTypeOf(frame.id);
      if (reqType === undefined) problems.push(`${where}ack for id ${JSON.stringify(frame.id)}, which no request on this connection used`);
      else problems.push(...contract.check(resultSchema(reqType), frame.result, `${where}result of ${reqType}: `));
      return problems;
    }
    case 'error':
      return contract.check('server/error.json', frame, where);
    case 'patch':
      return contract.check('server/patch.json', frame, where);
    case 'state': {
      const problems = contract.check('server/state.json', frame, where);
      if (contract.has(topicSchema(frame.topic))) {
        problems.push(...contract.check(topicSchema(frame.topic), frame.data, `${where}data of topic ${frame.topic}: `));
      }
      return problems;
    }
    default:
      return [`${where}unknown server frame type ${JSON.stringify(frame.type)}`];
  }
}

// Checks "every request gets exactly one reply" on one connection. `sent` lists what the client sent:
// {id, type} for a request whose id the server can read, {id: null} for a frame whose id it cannot.
// `replies` lists the ack/error frames received. Ids must be unique within `sent`.
export function checkOneReplyEach(sent, replies, where = '') {
  const problems = [];
  const key = (id) => JSON.stringify(id); // 1 and "1" are different ids
  const expected = new Map();
  let expectedNull = 0;
  for (const s of sent) {
    if (s.id === null) {
      expectedNull++;
      continue;
    }
    if (expected.has(key(s.id))) problems.push(`${where}test bug: id ${key(s.id)} sent twice`);
    expected.set(key(s.id), { req: s, count: 0 });
  }
  let gotNull = 0;
  for (const r of replies) {
    if (r.id === null) {
      gotNull++;
      continue;
    }
    const e = expected.get(key(r.id));
    if (!e) problems.push(`${where}${r.type} with id ${key(r.id)} answers no request sent on this connection`);
    else e.count++;
  }
  for (const [k, e] of expected) {
    if (e.count !== 1) problems.push(`${where}request ${e.req.type ?? '?'} id ${k} got ${e.count} replies, expected exactly 1`);
  }
  if (gotNull !== expectedNull) {
    problems.push(`${where}${gotNull} replies with id null, expected ${expectedNull} (one per frame whose id cannot be read)`);
  }
  return problems;
}
