// ratelimit: nginx bounds sign-in/sign-up requests per client address (429 problem+json), and
// only those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, from, login, userWithRole } from './lib.mjs';

test('a burst of logins from one address past the limit gets 429 problem+json; others are unaffected', async () => {
  const body = { email: 'flood@test.example', password: 'x' };
  const answers = await Promise.all(Array.from({ length: 400 }, () => from('127.0.0.2', 'POST', '/api/auth/login', { body })));
  const limited = answers.filter((r) => r.status === 429);
  assert.ok(limited.length > 0, 'some requests were limited');
  assert.match(limited[0].headers['content-type'], /^application\/problem\+json/);
  assert.equal(JSON.parse(limited[0].text).code, 'rate_limited');
  assert.ok(Number(limited[0].headers['retry-after']) > 0);
  const other = await api('POST', '/api/auth/login', { body: { email: 'nobody@test.example', password: 'whatever1' } });
  assert.equal(other.status, 401, 'another address is not limited');
});

test('/api/auth/me and logout do not share the sign-in limit: a burst of them from one address gets no 429', async () => {
  // Past the test stack's per-address sign-in limit (200 r/s, burst 100) if they shared
  // it: 300 calls, 8 at a time (a few connections, as a browser's tabs would use).
  const u = await userWithRole('customer');
  const me = [];
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (me.length < 300) me.push(await from('127.0.0.3', 'GET', '/api/auth/me', { token: u.token }));
  }));
  assert.deepEqual([...new Set(me.map((r) => r.status))], [200]);
  const tokens = await Promise.all(Array.from({ length: 3 }, () => login(u.email, u.password)));
  const out = await Promise.all(tokens.map((token) => from('127.0.0.3', 'POST', '/api/auth/logout', { token })));
  assert.deepEqual(out.map((r) => r.status), [204, 204, 204]);
});
