// conn_flood: one client holding many idle or slow connections (slowloris) does not
// take the service from the others — nginx has room for them (workers per core,
// thousands of connections each), drops them after short timeouts, and bounds the
// requests in progress per address (limit_conn).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { BASE, from } from './lib.mjs';

const { hostname, port } = new URL(BASE);

// n connections from 127.0.0.1, each sending `head` and then nothing more. With
// keep, one closed by the server is opened again (at most 5 * n in all) while the
// flood is held, as a client bent on holding them does. stop() ends it.
async function holdConnections(n, head, { keep = false } = {}) {
  const socks = [];
  let opened = 0;
  let stopped = false;
  const open = () => new Promise((resolve) => {
    opened += 1;
    const s = net.connect({ host: hostname, port, localAddress: '127.0.0.1' }, () => {
      s.write(head);
      resolve(s);
    });
    s.on('error', () => resolve(s));
    s.on('close', () => { if (keep && !stopped && opened < 5 * n) open(); });
    socks.push(s);
  });
  for (let i = 0; i < n; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, n - i) }, open));
  }
  return {
    socks,
    held: () => socks.filter((s) => !s.destroyed).length,
    stop: () => { stopped = true; for (const s of socks) s.destroy(); },
  };
}

test('1,200 half-open connections from one address leave another address served', async () => {
  // More than the 1,024 connections a lone nginx worker had: it reset the rest, and
  // with the client opening them again, every other client's connection too.
  const flood = await holdConnections(1200, 'GET /api/health HTTP/1.1\r\nHost: flood\r\n', { keep: true });
  try {
    for (let i = 0; i < 5; i++) {
      const r = await from('127.0.0.2', 'GET', '/api/health', { timeoutMs: 8000 });
      assert.equal(r.status, 200);
    }
    assert.ok(flood.held() >= 1200, `connections held: ${flood.held()}`);
  } finally {
    flood.stop();
  }
});

test('slow requests past the per-address limit get 503 problem+json; another address is served', async () => {
  // Complete headers, a body that never comes: each is a request in progress.
  const { socks, stop } = await holdConnections(150,
    'POST /api/tickets HTTP/1.1\r\nHost: flood\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n');
  try {
    const answers = Promise.all(socks.map((s) => new Promise((resolve) => {
      let text = '';
      s.on('data', (c) => { text += c; });
      s.on('close', () => resolve(text));
      s.setTimeout(3000, () => { s.destroy(); }); // held and unanswered: the others
    })));
    const r = await from('127.0.0.2', 'GET', '/api/health', { timeoutMs: 8000 });
    assert.equal(r.status, 200);
    const refused = (await answers).filter((t) => t.startsWith('HTTP/1.1 503'));
    assert.ok(refused.length >= 40, `refused: ${refused.length} of 150`);
    assert.match(refused[0], /application\/problem\+json/);
    assert.match(refused[0], /"code":"unavailable"/);
  } finally {
    stop();
  }
});
