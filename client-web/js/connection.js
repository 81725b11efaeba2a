// The one WebSocket to the Huddle server (protocol/PROTOCOL.md): hello, request/reply matching, per-topic state, reconnects.

import { t } from './i18n.js';
import { applyPatch } from './json-patch.js';

export const PROTOCOL_VERSION = 1;
export const CLIENT_NAME = 'huddle-web/1';

// Reconnect backoff: the first retry comes after about half a second, each failure doubles it, capped at ten.
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 10_000;
// How the server words the close (1008) of a connection that joined, resumed, attached or created nothing in time.
const ADMISSION_CLOSE_REASON = 'join a session within';

/** Connection states, as the UI shows them. */
export const Status = Object.freeze({
  CONNECTING: 'connecting', // first attempt, nothing shown yet
  OPEN: 'open', // hello done and the on-connect hook finished: requests go out now
  RECONNECTING: 'reconnecting', // lost it, retrying with backoff
  CLOSED: 'closed', // stopped for good (stop() or a protocol the server does not speak)
});

/** A server `error` reply (or a local failure such as `disconnected`), with the protocol's stable `code`. */
export class RequestError extends Error {
  constructor(code, message) {
    super(message || code);
    this.name = 'RequestError';
    this.code = code;
  }
}

function defaultUrl() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws`;
}

// The address with the session's join code: the server ignores it, a cluster's balancer hashes on it, so every
// reconnect of the session's people lands on the node that runs it (PROTOCOL.md).
function withCode(url, code) {
  if (!code) return url;
  return `${url}${url.includes('?') ? '&' : '?'}code=${encodeURIComponent(code)}`;
}

/**
 * Events (all on this EventTarget):
 *  - `status`: detail {status, retryInMs}
 *  - `state`: detail {topic, version, data} after a newer snapshot of a topic was kept
 *  - `reset`: the kept topics were dropped (new epoch or resetTopics())
 *  - `fatal`: detail {error} when the connection gave up for good
 */
export class Connection extends EventTarget {
  #url;
  #code = null;
  #onConnect;
  #ws = null;
  #nextId = 1;
  #pending = new Map(); // id -> {resolve, reject, socket}
  #status = Status.CONNECTING;
  #attempt = 0;
  #retryTimer = null;
  #retryInMs = 0;
  #stopped = false;
  #openWaiters = [];
  #epoch = null;
  #topics = new Map(); // topic -> {version, data}

  /** Server clock minus ours, in milliseconds, from the last hello. */
  serverOffsetMs = 0;
  /** The `hello` result: protocol, server, serverTime, limits. */
  serverInfo = null;

  /**
   * @param {object} options
   * @param {string} [options.url] defaults to ws(s)://<this host>/ws
   * @param {string|null} [options.code] the session's join code, when the page knows it already (see useCode)
   * @param {(link: {request: Function}) => Promise<void>} [options.onConnect] runs after every successful hello,
   *   before requests made with request() go out; use link.request() inside it. Re-run after every reconnect.
   */
  constructor({ url = defaultUrl(), code = null, onConnect = null } = {}) {
    super();
    this.#url = url;
    this.#code = code;
    this.#onConnect = onConnect;
    addEventListener('online', () => this.#retryNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState !== 'visible') return;
      if (this.#status === Status.OPEN) this.resync().catch(() => {});
      else this.#retryNow();
    });
  }

  get status() {
    return this.#status;
  }

  /** Starts connecting; call once. */
  start() {
    this.#connect();
    return this;
  }

  /** Closes the socket for good; pending requests fail with `disconnected`. */
  stop() {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#ws?.close(1000, 'client closed');
    this.#setStatus(Status.CLOSED);
    this.#failPending(null, 'disconnected', 'The connection was closed.');
    this.#failWaiters('disconnected', 'The connection was closed.');
  }

  /** Connects to `/ws?code=CODE` from the next connection on (null: plain `/ws`), once the page knows its session. */
  useCode(code) {
    this.#code = code || null;
  }

  /** Drops the current socket and connects again after the usual backoff (for a failure worth retrying). */
  reconnect() {
    this.#ws?.close(4000, 'retry');
  }

  /**
   * Sends a request once the connection is open (waiting through reconnects if needed) and resolves with the ack's
   * `result`, or rejects with a RequestError carrying the server's `code` and `message`.
   */
  async request(type, fields = {}) {
    if (this.#status !== Status.OPEN) await this.#whenOpen();
    return this.#send(type, fields);
  }

  /** Asks the server to push every followed topic again. */
  resync() {
    return this.request('resync');
  }

  /** The newest kept snapshot of `topic`, or undefined. */
  topic(name) {
    return this.#topics.get(name)?.data;
  }

  /** Calls `callback(data)` for each newer snapshot of `topic` (and at once if one is kept). Returns an unsubscribe. */
  onTopic(name, callback) {
    const listener = (event) => {
      if (event.detail.topic === name) callback(event.detail.data);
    };
    this.addEventListener('state', listener);
    if (this.#topics.has(name)) callback(this.#topics.get(name).data);
    return () => this.removeEventListener('state', listener);
  }

  /** Forgets every kept topic (before joining or attaching to another session). */
  resetTopics() {
    this.#topics.clear();
    this.#epoch = null;
    this.dispatchEvent(new Event('reset'));
  }

  // --- internals ---

  #whenOpen() {
    if (this.#status === Status.CLOSED) {
      return Promise.reject(new RequestError('disconnected', 'The connection was closed.'));
    }
    return new Promise((resolve, reject) => this.#openWaiters.push({ resolve, reject }));
  }

  #send(type, fields) {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new RequestError('disconnected', 'Not connected to the server.'));
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, socket: ws });
      ws.send(JSON.stringify({ ...fields, type, id }));
    });
  }

  #setStatus(status) {
    if (this.#status === status && status !== Status.RECONNECTING) return;
    this.#status = status;
    this.dispatchEvent(new CustomEvent('status', { detail: { status, retryInMs: this.#retryInMs } }));
  }

  #connect() {
    if (this.#stopped) return;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    let ws;
    try {
      ws = new WebSocket(withCode(this.#url, this.#code));
    } catch (error) {
      console.error('huddle: cannot open WebSocket', error);
      this.#scheduleRetry();
      return;
    }
    this.#ws = ws;
    ws.addEventListener('open', () => this.#greet(ws));
    ws.addEventListener('message', (event) => this.#receive(ws, event.data));
    ws.addEventListener('close', (event) => this.#closed(ws, event));
  }

  async #greet(ws) {
    try {
      const info = await this.#send('hello', { protocol: PROTOCOL_VERSION, client: CLIENT_NAME });
      this.serverInfo = info;
      if (Number.isFinite(info?.serverTime)) this.serverOffsetMs = info.serverTime - Date.now();
      if (this.#onConnect) {
        try {
          await this.#onConnect({ request: (type, fields) => this.#send(type, fields) });
        } catch (error) {
          // The hook owns its UI; a lost socket simply re-runs it after the reconnect.
          if (error?.code !== 'disconnected') console.error('huddle: on-connect hook failed', error);
        }
      }
      if (ws !== this.#ws || ws.readyState !== WebSocket.OPEN) return;
      this.#attempt = 0;
      this.#retryInMs = 0;
      this.#setStatus(Status.OPEN);
      const waiters = this.#openWaiters.splice(0);
      for (const w of waiters) w.resolve();
    } catch (error) {
      if (error?.code === 'unsupported_protocol') {
        this.dispatchEvent(new CustomEvent('fatal', { detail: { error } }));
        this.stop();
      } else if (ws === this.#ws && ws.readyState === WebSocket.OPEN) {
        // hello failed for another reason (rate_limited, internal): start over after the backoff.
        ws.close(4000, 'hello failed');
      }
      // `disconnected`: the socket closed under us, and #closed schedules the retry.
    }
  }

  #receive(ws, raw) {
    if (ws !== this.#ws) return;
    let msg;
    try {
      msg = JSON.parse(raw);
    } catch {
      console.error('huddle: frame is not JSON', raw);
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'state') {
      this.#keep(msg);
    } else if (msg.type === 'patch') {
      this.#patch(msg);
    } else if (msg.type === 'ack' || msg.type === 'error') {
      const pending = this.#pending.get(msg.id);
      if (!pending) {
        console.warn('huddle: reply to no request', msg);
        return;
      }
      this.#pending.delete(msg.id);
      if (msg.type === 'ack') pending.resolve(msg.result ?? {});
      else pending.reject(new RequestError(msg.code ?? 'internal', msg.message));
    }
  }

  #keep({ topic, version, epoch, data }) {
    if (typeof topic !== 'string' || !Number.isFinite(version)) return;
    if (epoch !== this.#epoch) {
      // A new epoch (the session was reloaded): what we kept no longer compares, take this snapshot whatever its version.
      if (this.#epoch !== null) {
        this.#topics.clear();
        this.dispatchEvent(new Event('reset'));
      }
      this.#epoch = epoch;
    }
    const kept = this.#topics.get(topic);
    if (kept && version <= kept.version) return;
    this.#topics.set(topic, { version, data });
    this.dispatchEvent(new CustomEvent('state', { detail: { topic, version, data } }));
  }

  // A patch turns the version we hold (`base`) into `version`. The server sends one only to a connection it
  // handed `base`; if we do not hold it after all (or it does not apply), we ask for every topic again.
  #patch({ topic, version, base, epoch, ops }) {
    const kept = this.#topics.get(topic);
    if (kept && epoch === this.#epoch && version <= kept.version) return;
    let data;
    try {
      if (!kept || epoch !== this.#epoch || kept.version !== base) throw new Error(`holds ${kept?.version}, not ${base}`);
      data = applyPatch(kept.data, ops);
    } catch (error) {
      console.warn('huddle: a patch that does not fit, asking for everything again', topic, error);
      this.resync().catch(() => {});
      return;
    }
    this.#keep({ topic, version, epoch, data });
  }

  #closed(ws, event) {
    if (ws !== this.#ws) return;
    this.#ws = null;
    this.#failPending(ws, 'disconnected', 'The connection to the server was lost. Please try again.');
    if (this.#stopped) return;
    if (event.code === 1009) console.error('huddle: server closed the connection: message too big');
    if (event.code === 1008 && event.reason.startsWith(ADMISSION_CLOSE_REASON)) {
      // Someone still reading the join page or choosing a scenario: the server does not keep a connection that
      // has joined nothing (PROTOCOL.md, Limits). Nothing was lost, so connect again at once and say nothing;
      // requests made meanwhile wait for the new socket (#whenOpen).
      this.#status = Status.CONNECTING;
      this.#connect();
      return;
    }
    // 1012: in a cluster, the node running the session changed (PROTOCOL.md). Nothing was lost and the next node is
    // ready: come back after the shortest step of the backoff, however many retries came before.
    if (event.code === 1012) this.#attempt = 0;
    this.#scheduleRetry();
  }

  #scheduleRetry() {
    if (this.#stopped) return;
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.#attempt);
    this.#attempt += 1;
    // Jitter: somewhere in the upper half of the step, so a restarted server is not hit by everyone at once.
    this.#retryInMs = Math.round(base / 2 + Math.random() * (base / 2));
    this.#setStatus(Status.RECONNECTING);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#connect(), this.#retryInMs);
  }

  #retryNow() {
    if (this.#stopped || this.#ws || this.#retryTimer === null) return;
    this.#connect();
  }

  #failPending(socket, code, message) {
    for (const [id, pending] of this.#pending) {
      if (socket && pending.socket !== socket) continue;
      this.#pending.delete(id);
      pending.reject(new RequestError(code, message));
    }
  }

  #failWaiters(code, message) {
    for (const w of this.#openWaiters.splice(0)) w.reject(new RequestError(code, message));
  }
}

/** Human words for a connection status, for the status line. */
export function describeStatus(status) {
  switch (status) {
    case Status.OPEN:
      return t('connection.open');
    case Status.CONNECTING:
      return t('connection.connecting');
    case Status.RECONNECTING:
      return t('connection.reconnecting');
    default:
      return t('connection.closed');
  }
}
