// HAProxy in front of three Huddle nodes (deploy/haproxy/huddle.cfg.in), checked with real processes: a join code
// always lands on the same node, codes spread over the nodes, the session API follows its code, a node killed
// with -9 costs no request and only its own codes move, and they come back with it. Which node served a
// request is read from HAProxy's own counters (its stats CSV), so nothing here depends on cluster mode.
// Run: cd tests && node --test cluster/routing.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { clusterSkipReason, startCluster } from './services.mjs';

const skip = clusterSkipReason();

const CODES = ['K7QX3M', 'ABCDEF', 'HJKMNP', 'QRSTVW', 'XYZ234', 'Z9Y8X7', 'PQRS23', 'MNPQ45', 'TVWX67', 'BCDE89', 'GHJK22', 'WXYZ33'];

describe('HAProxy routes by join code', { skip: skip ?? false, timeout: 120_000 }, () => {
  let cluster;
  before(async () => {
    cluster = await startCluster({ nodes: 3, cluster: false, services: false });
  });
  after(() => cluster?.stop());

  // The nodes one request went to (more than one when HAProxy retried it elsewhere), from the change in HAProxy's
  // per-node request counts.
  async function attempts(pathname) {
    const before_ = await cluster.haproxy.serverStates();
    const res = await fetch(cluster.url + pathname);
    await res.arrayBuffer();
    const after_ = await cluster.haproxy.serverStates();
    return { tried: Object.keys(after_).filter((n) => after_[n].total > (before_[n]?.total ?? 0)), status: res.status };
  }

  // The node that served one request, on the first try.
  async function servedBy(pathname) {
    const { tried, status } = await attempts(pathname);
    assert.equal(tried.length, 1, `exactly one node served ${pathname}: ${tried} (${JSON.stringify(await cluster.haproxy.serverStates())})`);
    return { node: tried[0], status };
  }

  test('every request naming a code reaches the same node, and codes spread over all nodes', async () => {
    const home = new Map();
    for (const code of CODES) {
      const first = await servedBy(`/healthz?code=${code}`);
      assert.equal(first.status, 200);
      home.set(code, first.node);
      for (let i = 0; i < 3; i += 1) assert.equal((await servedBy(`/healthz?code=${code}&n=${i}`)).node, first.node, `${code} moved`);
    }
    assert.equal(new Set(home.values()).size, 3, `12 codes use every node: ${JSON.stringify([...home])}`);
  });

  test('requests without a code take turns', async () => {
    const nodes = [];
    for (let i = 0; i < 6; i += 1) nodes.push((await servedBy('/api/scenarios')).node);
    assert.equal(new Set(nodes).size, 3, `round robin: ${nodes}`);
  });

  test("the session API (code in the path) reaches its code's node and still answers", async () => {
    for (const code of CODES.slice(0, 6)) {
      const { node } = await servedBy(`/healthz?code=${code}`);
      const qr = await servedBy(`/api/sessions/${code}/qr.svg`);
      assert.deepEqual(qr, { node, status: 200 }, `QR code of ${code}`);
      // No key: 401 from the node, so the rewritten address still names the report.
      assert.deepEqual(await servedBy(`/api/sessions/${code}/report?format=csv`), { node, status: 401 }, `report of ${code}`);
    }
  });

  test('a node killed with -9 costs no request; only its codes move, and they come back with it', async () => {
    const home = new Map();
    for (const code of CODES) home.set(code, (await servedBy(`/healthz?code=${code}`)).node);
    const victim = home.get(CODES[0]);
    await cluster.node(victim).crash();

    // At once, before any health check noticed: the refused connection is retried on another node.
    const rightAfter = await attempts(`/healthz?code=${CODES[0]}`);
    assert.equal(rightAfter.status, 200);
    assert.ok(rightAfter.tried.some((n) => n !== victim), `served by another node than ${victim}: ${rightAfter.tried}`);

    const others = Object.keys(await cluster.haproxy.serverStates()).filter((n) => n !== victim);
    await cluster.haproxy.waitForNodes(others);
    const moved = new Map();
    for (const code of CODES) {
      const { node, status } = await servedBy(`/healthz?code=${code}`);
      assert.equal(status, 200);
      if (home.get(code) === victim) {
        assert.notEqual(node, victim);
        moved.set(code, node);
        assert.equal((await servedBy(`/healthz?code=${code}`)).node, node, `${code} settles on one node while ${victim} is down`);
      } else {
        assert.equal(node, home.get(code), `${code} stays on ${home.get(code)} (consistent hashing) while ${victim} is down`);
      }
    }
    assert.ok(moved.size > 0);

    await cluster.restart(victim);
    await cluster.haproxy.waitForNodes([victim, ...others]);
    for (const code of CODES) assert.equal((await servedBy(`/healthz?code=${code}`)).node, home.get(code), `${code} is back home`);
  });

  test("HAProxy's own figures are on the stats port: Prometheus metrics and the stats page", async () => {
    const metrics = await (await fetch(cluster.statsUrl.replace(/\/stats$/, '/metrics'))).text();
    for (const n of ['n1', 'n2', 'n3']) assert.match(metrics, new RegExp(`haproxy_server_status\\{proxy="huddle_nodes",server="${n}",state="UP"\\} 1`));
    const page = await fetch(cluster.statsUrl);
    assert.equal(page.status, 200);
    // ...and not on the public port.
    assert.equal((await fetch(`${cluster.url}/stats`)).status, 404);
  });
});
