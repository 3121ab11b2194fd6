// ratelimit: nginx bounds sign-in/sign-up requests per client address (429 problem+json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { BASE, api } from './lib.mjs';

// One POST from a chosen loopback source address (127.0.0.2 is a different client).
function postFrom(localAddress, path, body) {
  const url = new URL(BASE + path);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method: 'POST', localAddress,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('a burst of logins from one address past the limit gets 429 problem+json; others are unaffected', async () => {
  const body = JSON.stringify({ email: 'flood@test.example', password: 'x' });
  const answers = await Promise.all(Array.from({ length: 400 }, () => postFrom('127.0.0.2', '/api/auth/login', body)));
  const limited = answers.filter((r) => r.status === 429);
  assert.ok(limited.length > 0, 'some requests were limited');
  assert.match(limited[0].headers['content-type'], /^application\/problem\+json/);
  assert.equal(JSON.parse(limited[0].text).code, 'rate_limited');
  assert.ok(Number(limited[0].headers['retry-after']) > 0);
  const other = await api('POST', '/api/auth/login', { body: { email: 'nobody@test.example', password: 'whatever1' } });
  assert.equal(other.status, 401, 'another address is not limited');
});
