// Where this browser keeps the facilitator key of the session it runs: localStorage, never the URL, so a reload of the
// console re-attaches and the projector view (same origin) can attach too without the key travelling in a link.

export const FACILITATOR_KEY_STORAGE = 'huddle.facilitator';

/** {code, facilitatorKey} of the session this browser runs, or null. */
export function loadFacilitatorKey() {
  try {
    const stored = JSON.parse(localStorage.getItem(FACILITATOR_KEY_STORAGE) ?? 'null');
    if (stored && typeof stored.code === 'string' && typeof stored.facilitatorKey === 'string') {
      return { code: stored.code, facilitatorKey: stored.facilitatorKey };
    }
  } catch {
    // unreadable storage is the same as none
  }
  return null;
}

export function saveFacilitatorKey(value) {
  try {
    localStorage.setItem(FACILITATOR_KEY_STORAGE, JSON.stringify({ code: value.code, facilitatorKey: value.facilitatorKey }));
  } catch {
    // storage blocked: the console works, only a reload (or the projector) will not find the session
  }
}

export function dropFacilitatorKey() {
  try {
    localStorage.removeItem(FACILITATOR_KEY_STORAGE);
  } catch {
    // nothing to drop
  }
}
