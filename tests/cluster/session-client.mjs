// A test client that behaves like the web client (client-web/js/connection.js, participant.js, facilitator.js)
// when its connection drops: it connects again with the same backoff (about 0.5 s, doubling, at most 10 s, with
// jitter), says hello, comes back as the same person (`resume` with its token, or `facilitator.attach` with the
// key) and keeps each topic's newest snapshot across connections, dropping them when the epoch changes.
// Each connection is a protocol/lib/live.mjs Conn; requests go one at a time, as Conn.request expects.
import { applyPatch } from '../../client-web/js/json-patch.js';
import { Conn } from '../protocol/lib/live.mjs';

const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 10_000;
// How long a request may wait for its reply on an open connection before the connection counts as broken.
const REPLY_TIMEOUT_MS = 20_000;
// What `resume` / `facilitator.attach` answer when the seat is gone for good: the web client forgets the seat.
const SEAT_GONE = new Set(['token_invalid', 'session_not_found', 'session_ended']);

/** The request's connection closed (or stalled) before its reply came: whether it was done is unknown. */
export class ReplyLost extends Error {}

/** The client was stopped (or gave up for good): nothing more will be sent. */
export class ClientStopped extends Error {}

export class SessionClient {
  /**
   * @param {object} o
   * @param {string} o.name for messages
   * @param {(code: string|null) => string} o.url the WebSocket address, given the join code once known
   * @param {import('../protocol/lib/live.mjs').Recorder} o.recorder
   */
  constructor({ name, url, recorder }) {
    this.name = name;
    this.url = url;
    this.recorder = recorder;
    this.code = null;
    this.seat = null; // {token} once joined
    this.facilitatorKey = null;
    this.topics = new Map(); // topic -> {version, epoch, data}
    this.epoch = null;
    this.closes = []; // {code, reason, at} of every connection that ended
    this.connections = 0;
    this.fatal = null; // an error after which the web client would give up (its seat gone)
    this.conn = null;
    this.ready = false; // a connection is open and the seat is back on it
    this.readyWaiters = [];
    this.nextId = 1;
    this.attempt = 0;
    this.stopped = false;
    this.topicWaiters = new Set();
    this.queue = Promise.resolve();
  }

  /** Connects, and keeps connecting after every loss, until stop(). Resolves once the first connection is ready. */
  start() {
    this.#connectLoop();
    return this.#whenOpen();
  }

  stop() {
    this.stopped = true;
    this.conn?.close();
    this.#wake();
  }

  /**
   * Sends one request once a connection is open and resolves with the reply frame (ack or error). Rejects with
   * ReplyLost when the connection ends before the reply; the caller decides whether to send it again.
   */
  request(type, fields = {}) {
    const run = async () => {
      await this.#whenOpen();
      const conn = this.conn;
      const id = this.nextId++;
      try {
        return await conn.request({ ...fields, type, id }, { timeout: REPLY_TIMEOUT_MS });
      } catch (e) {
        // Closed, or silent for too long (then close it: a late reply must not be paired with the next request).
        if (conn.isOpen) conn.ws.terminate();
        throw new ReplyLost(`${this.name}: no reply to ${type} ${id}: ${e.message.split('\n')[0]}`);
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  /** The newest snapshot of a topic, or undefined. */
  topic(name) {
    return this.topics.get(name)?.data;
  }

  /** {version, epoch, data} of a topic, or undefined. */
  topicState(name) {
    return this.topics.get(name);
  }

  /** Resolves with a topic's data once `pred(data)` holds for its newest snapshot. */
  waitTopic(name, pred = () => true, { timeout = 30_000, label = `${this.name}: ${name} matching` } = {}) {
    const now = this.topics.get(name);
    if (now && pred(now.data)) return Promise.resolve(now.data);
    return new Promise((resolve, reject) => {
      const w = {
        check: () => {
          const t = this.topics.get(name);
          if (t && pred(t.data)) {
            clearTimeout(timer);
            this.topicWaiters.delete(w);
            resolve(t.data);
          }
        },
      };
      const timer = setTimeout(() => {
        this.topicWaiters.delete(w);
        reject(new Error(`${label}: timed out after ${timeout} ms; newest ${name}: ${JSON.stringify(this.topics.get(name))?.slice(0, 600)}`));
      }, timeout);
      this.topicWaiters.add(w);
    });
  }

  // --- internals ---

  async #whenOpen() {
    for (;;) {
      if (this.fatal) throw this.fatal;
      if (this.stopped) throw new ClientStopped(`${this.name}: stopped`);
      if (this.ready && this.conn?.isOpen) return;
      await new Promise((resolve) => this.readyWaiters.push(resolve));
    }
  }

  #wake() {
    for (const w of this.readyWaiters.splice(0)) w();
  }

  async #connectLoop() {
    for (let first = true; !this.stopped && !this.fatal; first = false) {
      if (!first) await this.#backoff();
      if (this.stopped) break;
      const conn = new Conn(`${this.name}#${this.connections + 1}`, this.url(this.code), this.recorder);
      try {
        await conn.open(10_000);
      } catch {
        continue; // refused, reset, or HAProxy had no node for it: try again after the backoff
      }
      this.connections += 1;
      this.conn = conn;
      conn.ws.on('message', (raw) => this.#receive(raw));
      try {
        const hello = await conn.request({ type: 'hello', id: 'hello', protocol: 1, client: 'huddle-cluster-test' }, { timeout: REPLY_TIMEOUT_MS });
        if (hello.type !== 'ack') throw new Error(`hello: ${JSON.stringify(hello)}`);
        await this.#comeBack(conn);
        this.attempt = 0;
        this.ready = true;
        this.#wake();
      } catch {
        if (conn.isOpen) conn.ws.terminate();
      }
      const info = await conn.closed;
      this.ready = false;
      this.closes.push({ ...info, at: Date.now() });
      // 1012: the session moved to another node; like the web client, come back after the shortest backoff step.
      if (info.code === 1012) this.attempt = 0;
    }
    this.#wake();
  }

  // The web client's onConnect hooks: resume the seat, or re-attach the console.
  async #comeBack(conn) {
    let reply = null;
    if (this.seat) reply = await conn.request({ type: 'resume', id: 'resume', code: this.code, resumeToken: this.seat.token }, { timeout: REPLY_TIMEOUT_MS });
    else if (this.facilitatorKey) reply = await conn.request({ type: 'facilitator.attach', id: 'attach', code: this.code, facilitatorKey: this.facilitatorKey }, { timeout: REPLY_TIMEOUT_MS });
    if (!reply || reply.type === 'ack') return;
    if (SEAT_GONE.has(reply.code)) {
      // The web client would forget the seat here and show the join form: the person is out of the session.
      this.fatal = new Error(`${this.name}: ${this.seat ? 'resume' : 'facilitator.attach'} answered ${reply.code} (${reply.message}): the web client would drop its seat`);
      throw this.fatal;
    }
    throw new Error(`${this.name}: coming back failed for now: ${reply.code}`); // unavailable, rate_limited: retry
  }

  #backoff() {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt);
    this.attempt += 1;
    const ms = Math.round(base / 2 + Math.random() * (base / 2));
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  #receive(raw) {
    let msg;
    try {
      msg = JSON.parse(raw.toString());
    } catch {
      return;
    }
    if (msg?.type === 'state') this.#keep(msg);
    else if (msg?.type === 'patch') this.#patch(msg);
  }

  #keep({ topic, version, epoch, data }) {
    if (epoch !== this.epoch) {
      if (this.epoch !== null) this.topics.clear();
      this.epoch = epoch;
    }
    const kept = this.topics.get(topic);
    if (kept && version <= kept.version) return;
    this.topics.set(topic, { version, epoch, data });
    for (const w of [...this.topicWaiters]) w.check();
  }

  #patch({ topic, version, base, epoch, ops }) {
    const kept = this.topics.get(topic);
    if (kept && epoch === this.epoch && version <= kept.version) return;
    if (!kept || epoch !== this.epoch || kept.version !== base) {
      this.patchMisses = (this.patchMisses ?? 0) + 1;
      this.request('resync').catch(() => {});
      return;
    }
    this.#keep({ topic, version, epoch, data: applyPatch(kept.data, ops) });
  }
}
