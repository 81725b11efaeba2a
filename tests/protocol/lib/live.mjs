// Running the real server and talking to it: a child process whose stdout we read for the listening
// line, and WebSocket connections that record every frame and let a test wait for a specific one.
// Nothing here sleeps: every wait is on an event, with a timeout that fails the test.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import WebSocket from 'ws';

export const DEFAULT_TIMEOUT_MS = 5000;

// Starts the server and resolves once it printed `listening on http://127.0.0.1:PORT` on stdout.
export async function startServer({ bin, repo, timeoutMs = 15000 }) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'huddle-protocol-'));
  const args = ['--bind', '127.0.0.1', '--port', '0', '--scenarios', path.join(repo, 'scenarios'),
    '--web', path.join(repo, 'client-web'), '--data', dataDir, '--log-level', 'warn'];
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));

  const describe = () => `${bin} ${args.join(' ')}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
  const listening = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server printed no "listening on" line within ${timeoutMs} ms\n${describe()}`)), timeoutMs);
    const done = (fn, v) => { clearTimeout(timer); fn(v); };
    proc.once('error', (e) => done(reject, new Error(`cannot start ${bin}: ${e.message}`)));
    exited.then(({ code, signal }) => done(reject, new Error(`server exited (code ${code}, signal ${signal}) before listening\n${describe()}`)));
    proc.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (m) done(resolve, Number(m[1]));
    });
  });
  let port;
  try {
    port = await listening;
  } catch (e) {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }

  return {
    port,
    proc,
    dataDir, // what the server stores, for tests that check what it must not store
    output: () => ({ stdout, stderr }),
    // SIGTERM, then SIGKILL if it has not exited in time; removes the data directory.
    async stop(graceMs = 5000) {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        let timer;
        const killed = new Promise((resolve) => {
          timer = setTimeout(() => { proc.kill('SIGKILL'); resolve(); }, graceMs);
        });
        await Promise.race([exited, killed]);
        clearTimeout(timer);
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
      return exited;
    },
  };
}

// Every event of a conversation in order, across connections: what the tests validate and what
// HUDDLE_CAPTURE_OUT receives.
export class Recorder {
  constructor() {
    this.events = [];
    this.t0 = Date.now();
  }
  add(conn, dir, fields) {
    this.events.push({ seq: this.events.length, ms: Date.now() - this.t0, conn, dir, ...fields });
  }
}

// One WebSocket connection with a log of what it received and sent.
export class Conn {
  constructor(name, url, recorder) {
    this.name = name;
    this.url = url;
    this.recorder = recorder;
    this.received = []; // parsed frames, in arrival order (unparseable ones as {__raw})
    this.sent = []; // {id, type} per frame sent; id null when the server cannot read it
    this.waiters = new Set();
    this.closeInfo = null;
  }

  open(timeoutMs = DEFAULT_TIMEOUT_MS) {
    this.ws = new WebSocket(this.url);
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        this.recorder.add(this.name, 'close', this.closeInfo);
        for (const w of this.waiters) w.onClose();
        resolve(this.closeInfo);
      });
    });
    this.ws.on('message', (data, isBinary) => {
      const raw = data.toString();
      let frame;
      try {
        frame = JSON.parse(raw);
      } catch {
        frame = { __raw: raw };
      }
      this.recorder.add(this.name, 'received', { binary: isBinary, frame });
      this.received.push(frame);
      for (const w of this.waiters) w.onFrame(frame);
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: WebSocket did not open within ${timeoutMs} ms`)), timeoutMs);
      this.ws.once('open', () => {
        clearTimeout(timer);
        this.recorder.add(this.name, 'open', { url: this.url });
        resolve(this);
      });
      this.ws.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`${this.name}: ${e.message}`));
      });
    });
  }

  get isOpen() {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  // Sends an object (a request) or a raw string. `idReadable: false` marks a frame whose id the server
  // cannot read, so its reply must carry id null.
  send(frame, { idReadable = true } = {}) {
    const raw = typeof frame === 'string' ? frame : JSON.stringify(frame);
    const obj = typeof frame === 'string' ? undefined : frame;
    this.sent.push(idReadable && obj && 'id' in obj ? { id: obj.id, type: obj.type } : { id: null, type: obj?.type });
    this.recorder.add(this.name, 'sent', { raw });
    this.ws.send(raw);
  }

  // Index of the next frame to arrive, for waits that must ignore what came before.
  mark() {
    return this.received.length;
  }

  // Resolves with the first frame (from index `since` on, including ones already received) for which
  // `pred` is true; rejects after `timeout` ms or when the connection closes first.
  waitFor(pred, { since = 0, timeout = DEFAULT_TIMEOUT_MS, label = 'a matching frame' } = {}) {
    for (let i = since; i < this.received.length; i++) if (pred(this.received[i])) return Promise.resolve(this.received[i]);
    return this.#wait(pred, timeout, label);
  }

  // Resolves when a snapshot of `topic` satisfying `pred` is current: the newest one already received
  // (from `since` on) or one that arrives. Pushes are full snapshots, so only the newest one counts.
  waitState(topic, pred = () => true, { since = 0, timeout = DEFAULT_TIMEOUT_MS, label } = {}) {
    const isTopic = (f) => f?.type === 'state' && f.topic === topic;
    const latest = this.received.slice(since).filter(isTopic).at(-1);
    if (latest && pred(latest.data, latest)) return Promise.resolve(latest);
    return this.#wait((f) => isTopic(f) && pred(f.data, f), timeout, label ?? `a ${topic} push`);
  }

  // Sends a request and resolves with its reply (ack or error), whichever it is. The test sends one
  // request at a time per connection, so the reply is the next ack or error to arrive; matching by
  // order rather than by id lets the conversation go on past a server that echoes a wrong id (the
  // reply-pairing check reports that).
  request(frame, opts = {}) {
    const since = this.mark();
    const reply = this.waitFor((f) => f?.type === 'ack' || f?.type === 'error',
      { since, label: `the reply to ${frame.type} ${JSON.stringify(frame.id)}`, ...opts });
    this.send(frame);
    return reply;
  }

  waitClose(timeout = DEFAULT_TIMEOUT_MS) {
    if (this.closeInfo) return Promise.resolve(this.closeInfo);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: connection did not close within ${timeout} ms`)), timeout);
      this.closed.then((info) => {
        clearTimeout(timer);
        resolve(info);
      });
    });
  }

  close() {
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) this.ws.close(1000);
    return this.closed;
  }

  #wait(pred, timeout, label) {
    return new Promise((resolve, reject) => {
      const w = {
        onFrame: (f) => {
          if (pred(f)) finish(() => resolve(f));
        },
        onClose: () => finish(() => reject(new Error(`${this.name}: connection closed (${JSON.stringify(this.closeInfo)}) while waiting for ${label}\n${this.tail()}`))),
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`${this.name}: timed out after ${timeout} ms waiting for ${label}\n${this.tail()}`))), timeout);
      const finish = (fn) => {
        clearTimeout(timer);
        this.waiters.delete(w);
        fn();
      };
      if (this.closeInfo) return w.onClose();
      this.waiters.add(w);
    });
  }

  tail(n = 8) {
    return `last frames ${this.name} received:\n${this.received.slice(-n).map((f) => `  ${JSON.stringify(f)}`).join('\n')}`;
  }
}
