// signin_limits: an attacker guessing an account's password from many addresses cannot
// lock its user out; guessing stays bounded and atomic; X-Forwarded-For counts only
// from a trusted proxy (127.0.0.9 in the test stack); old counters are pruned.
// Addresses 127.0.0.x are distinct clients to nginx (each test its own range). The
// test stack's delays start at 60 s (DESKPILOT_LOGIN_BASE_DELAY), so nothing here
// depends on how fast the machine is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem, from, register, sql } from './lib.mjs';

const signIn = (addr, email, password, headers = {}) =>
  from(addr, 'POST', '/api/auth/login', { body: { email, password }, headers });

function deviceCookie(r) {
  const all = [].concat(r.headers['set-cookie'] || []);
  const c = all.find((s) => s.startsWith('dp_device='));
  return c && c.split(';')[0];
}

// Wrong passwords from `count` different addresses (127.0.0.<first>...), one each,
// until the account's count across unknown clients makes them wait.
async function attack(email, first, count) {
  const statuses = [];
  for (let i = 0; i < count; i++) statuses.push((await signIn(`127.0.0.${first + i}`, email, 'wrong-guess-' + i)).status);
  assert.ok(statuses.every((s) => s === 401 || s === 429), statuses.join(' '));
  assert.equal(statuses.at(-1), 429, `the guesses end up waiting: ${statuses.join(' ')}`);
}

test('an attack from many addresses does not lock the user out: a known address and a device cookie still sign in', async () => {
  const u = await register('victim');
  // The user signed in before from 127.0.0.1 (an API client) and from a browser at 127.0.0.20.
  assert.equal((await signIn('127.0.0.1', u.email, u.password)).status, 200);
  const browser = await signIn('127.0.0.20', u.email, u.password);
  assert.equal(browser.status, 200);
  const device = deviceCookie(browser);
  assert.match(device, /^dp_device=[0-9a-f]{32}\.\d+\.[0-9a-f]{64}$/);
  assert.match([].concat(browser.headers['set-cookie']).join('\n'), /dp_device=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+/);

  await attack(u.email, 21, 12); // the account allows 10 failures from unknown clients

  // Guessing stays bounded: a new client, even with the right password, waits.
  const stranger = await signIn('127.0.0.40', u.email, u.password);
  assertProblem({ ...stranger, headers: new Headers(stranger.headers) }, 429, 'rate_limited');
  const retry = Number(stranger.headers['retry-after']);
  assert.ok(retry > 0 && retry <= 900, `Retry-After ${retry}`);
  // The user is not locked out: from the address they signed in from before...
  assert.equal((await signIn('127.0.0.1', u.email, u.password)).status, 200);
  // ...and from a new address with the browser's device cookie.
  const moved = await signIn('127.0.0.41', u.email, u.password, { cookie: device });
  assert.equal(moved.status, 200, moved.text);
  // A device cookie is bound to its account and to the server's key.
  const other = await register('other');
  assert.equal((await signIn('127.0.0.42', other.email, 'wrong-password')).status, 401);
  assert.equal((await signIn('127.0.0.43', u.email, u.password, { cookie: device.replace(/.$/, (c) => (c === '0' ? '1' : '0')) })).status, 429);
  const mine = deviceCookie(await signIn('127.0.0.44', other.email, other.password));
  assert.equal((await signIn('127.0.0.45', u.email, u.password, { cookie: mine })).status, 429);
});

test('a device cookie has its own failure budget', async () => {
  const u = await register('device');
  const device = deviceCookie(await signIn('127.0.0.50', u.email, u.password));
  const statuses = [];
  for (let i = 0; i < 7; i++) statuses.push((await signIn('127.0.0.51', u.email, 'nope-' + i, { cookie: device })).status);
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
  // Another client is not held up by it (the device's failures are its own).
  assert.equal((await signIn('127.0.0.52', u.email, u.password)).status, 200);
});

test('concurrent wrong passwords are counted atomically: at most 5 of 20 are evaluated', async () => {
  const u = await register('race');
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn('127.0.0.60', u.email, 'wrong-' + i)));
  const evaluated = answers.filter((r) => r.status === 401).length;
  const limited = answers.filter((r) => r.status === 429);
  assert.equal(evaluated + limited.length, 20, answers.map((r) => r.status).join(' '));
  assert.ok(evaluated <= 5, `${evaluated} wrong passwords were evaluated`);
  assert.ok(limited.every((r) => Number(r.headers['retry-after']) > 0 && /problem\+json/.test(r.headers['content-type'])));
});

test('X-Forwarded-For names the client only when a trusted proxy sends it', async () => {
  const u = await register('proxied');
  // Through the proxy (127.0.0.9), the user signs in from their office, 10.1.2.3.
  assert.equal((await signIn('127.0.0.9', u.email, u.password, { 'x-forwarded-for': '10.1.2.3' })).status, 200);
  await attack(u.email, 70, 12);
  // The proxy passes the office on: known, so it signs in despite the attack.
  assert.equal((await signIn('127.0.0.9', u.email, u.password, { 'x-forwarded-for': '198.51.100.7, 10.1.2.3' })).status, 200);
  // Another address of the proxy's is not the office.
  assert.equal((await signIn('127.0.0.9', u.email, u.password, { 'x-forwarded-for': '10.9.9.9' })).status, 429);
  // A client that is no trusted proxy cannot claim to be the office.
  assert.equal((await signIn('127.0.0.90', u.email, u.password, { 'x-forwarded-for': '10.1.2.3' })).status, 429);
});

test('counters past their expiry are pruned as sign-ins come', async () => {
  sql(`INSERT INTO login_limits (account, client, failures, next_at, expires_at)
       SELECT CONCAT('stale-', seq, '@test.example'), '192.0.2.1', 3, UTC_TIMESTAMP() - INTERVAL 3 DAY,
              UTC_TIMESTAMP() - INTERVAL 1 DAY FROM seq_1_to_150`);
  const u = await register('prune');
  assert.equal((await signIn('127.0.0.1', u.email, 'wrong-once')).status, 401);
  assert.equal((await signIn('127.0.0.1', u.email, u.password)).status, 200);
  const left = Number(sql(`SELECT COUNT(*) FROM login_limits WHERE account LIKE 'stale-%'`));
  assert.ok(left <= 50, `${left} expired counters left`);
  sql(`DELETE FROM login_limits WHERE account LIKE 'stale-%'`);
});
