// RFC 6902 JSON Patch, the part the server sends (protocol/PROTOCOL.md, "patch"): add, remove and replace.
// The server patches a topic in a large session instead of pushing it whole (a "me too" storm changes a few
// counts on a 50 KB board); the connection applies the patch to the version it holds.

/** An RFC 6901 pointer's reference tokens: "/board/cards/3/votes" -> ["board", "cards", "3", "votes"]. */
function tokens(pointer) {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function arrayIndex(array, token, forAdd) {
  if (forAdd && token === '-') return array.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new Error(`not an array index: ${token}`);
  const index = Number(token);
  if (index > array.length || (!forAdd && index === array.length)) throw new Error(`index out of range: ${token}`);
  return index;
}

function applyOne(doc, op) {
  const path = tokens(op.path);
  if (path.length === 0) {
    if (op.op === 'add' || op.op === 'replace') return structuredClone(op.value);
    throw new Error(`cannot ${op.op} the whole document`);
  }
  let parent = doc;
  for (const token of path.slice(0, -1)) {
    parent = Array.isArray(parent) ? parent[arrayIndex(parent, token, false)] : parent?.[token];
    if (parent === null || typeof parent !== 'object') throw new Error(`no such path: ${op.path}`);
  }
  const last = path[path.length - 1];
  const value = structuredClone(op.value);
  if (Array.isArray(parent)) {
    const index = arrayIndex(parent, last, op.op === 'add');
    if (op.op === 'add') parent.splice(index, 0, value);
    else if (op.op === 'remove') parent.splice(index, 1);
    else if (op.op === 'replace') parent[index] = value;
    else throw new Error(`unknown operation: ${op.op}`);
    return doc;
  }
  if (op.op !== 'add' && !Object.hasOwn(parent, last)) throw new Error(`no such member: ${op.path}`);
  if (op.op === 'add' || op.op === 'replace') parent[last] = value;
  else if (op.op === 'remove') delete parent[last];
  else throw new Error(`unknown operation: ${op.op}`);
  return doc;
}

/** `doc` with `ops` applied, as a new value (`doc` is left as it was); throws when an operation does not fit. */
export function applyPatch(doc, ops) {
  if (!Array.isArray(ops)) throw new Error('a patch is a list of operations');
  let out = structuredClone(doc);
  for (const op of ops) out = applyOne(out, op);
  return out;
}
