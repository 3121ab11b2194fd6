// edges: what a hostile or careless client sends at the edges — nginx's own 400 and
// 414 on /api/, impossible dates in query bounds, lone UTF-16 surrogates in JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { api, admin, assertProblem, fieldNames, userWithRole, BASE } from './lib.mjs';

// One raw HTTP exchange (for requests fetch refuses to send); {status, type, body}.
function raw(request) {
  const { hostname, port } = new URL(BASE);
  return new Promise((resolve, reject) => {
    const chunks = [];
    const s = net.connect(Number(port), hostname, () => s.end(request));
    s.on('data', (c) => chunks.push(c));
    s.on('error', reject);
    s.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head, ...rest] = text.split('\r\n\r\n');
      resolve({
        status: Number(head.split(' ')[1]),
        type: (head.match(/^content-type:\s*(.*)$/im) || [])[1] || '',
        body: rest.join('\r\n\r\n'),
      });
    });
  });
}

function assertRawProblem(r, status, code) {
  assert.equal(r.status, status, r.body.slice(0, 200));
  assert.match(r.type, /^application\/problem\+json/);
  const p = JSON.parse(r.body);
  assert.equal(p.status, status);
  assert.equal(p.code, code);
  assert.equal(p.type, 'about:blank');
}

test("nginx's own 400 and 414 on /api/ are problem+json; the pages keep HTML", async () => {
  // HTTP/1.1 without Host, and two Host headers.
  assertRawProblem(await raw('GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n'), 400, 'bad_request');
  assertRawProblem(await raw('GET /api/tickets HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n'), 400, 'bad_request');
  // A header larger than nginx's buffers.
  assertProblem(await api('GET', '/api/health', { headers: { 'x-big': 'a'.repeat(100000) } }), 400, 'bad_request');
  // A URI longer than nginx's buffers.
  assertProblem(await api('GET', `/api/tickets?q=${'a'.repeat(100000)}`), 414, 'uri_too_long');
  const page = await raw('GET /login HTTP/1.1\r\nConnection: close\r\n\r\n');
  assert.equal(page.status, 400);
  assert.match(page.type, /^text\/html/);
});

test('impossible dates and times in stats and simulate bounds are 400 naming the parameter', async () => {
  const token = await admin();
  for (const [param, value] of [['since', '2026-02-31'], ['until', '2026-01-01T23:59:60Z'],
    ['since', '2025-02-29'], ['until', '2026-04-31T00:00:00Z'], ['since', '2026-01-01T24:00:00Z']]) {
    for (const url of ['/api/admin/stats', '/api/admin/simulate']) {
      const r = await api('GET', `${url}?${param}=${encodeURIComponent(value)}`, { token });
      assertProblem(r, 400, 'bad_request');
      assert.deepEqual(fieldNames(r), [param], `${url} ${param}=${value}`);
    }
  }
  assert.equal((await api('GET', '/api/admin/stats?since=2024-02-29&until=2026-12-31T23:59:59Z', { token })).status, 200);
  assert.equal((await api('GET', '/api/admin/simulate?since=2024-02-29', { token })).status, 200);
});

test('a lone surrogate escape in JSON is refused naming the field, not stored as U+FFFD', async () => {
  const c = await userWithRole('customer');
  const file = (rawBody) => api('POST', '/api/tickets', { token: c.token, raw: rawBody, headers: { 'content-type': 'application/json' } });
  for (const [rawBody, field] of [
    ['{"subject":"Hello \\ud800 there","body":"A real question about my order."}', 'subject'],
    ['{"subject":"Hello","body":"Broken \\udc00 text"}', 'body'],
    ['{"subject":"Hello","body":"Ends high \\ud83d"}', 'body'],
  ]) {
    const r = await file(rawBody);
    assertProblem(r, 422, 'validation_failed');
    assert.deepEqual(fieldNames(r), [field]);
  }
  // A surrogate pair is one character, and U+FFFD written as itself is text.
  const ok = await file('{"subject":"Smile \\ud83d\\ude00 \\ufffd","body":"A real question about my order."}');
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.subject, 'Smile \u{1F600} \uFFFD');
});
