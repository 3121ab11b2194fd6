// auth: register, login, me, brute-force limits, token checks, disabled users, role changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, assertProblem, fieldNames, uniqueEmail, register, login, admin, userWithRole, signToken,
} from './lib.mjs';

const sign = signToken;
const now = () => Math.floor(Date.now() / 1000);

test('register: 201 with a User, e-mail trimmed and lower-cased, never a hash', async () => {
  const email = uniqueEmail('Reg').toUpperCase();
  const r = await api('POST', '/api/auth/register', {
    body: { email: `  ${email}  `, password: 'longenough', name: 'Zoë Ünïcode' },
  });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(Object.keys(r.json.user).sort(),
    ['created_at', 'disabled', 'email', 'id', 'name', 'role']);
  assert.equal(r.json.user.email, email.toLowerCase());
  assert.equal(r.json.user.role, 'customer');
  assert.equal(r.json.user.name, 'Zoë Ünïcode');
  assert.match(r.json.user.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.doesNotMatch(r.text, /\$2b\$/);
});

test('register: duplicate e-mail in any case is 409', async () => {
  const u = await register();
  const r = await api('POST', '/api/auth/register', {
    body: { email: u.email.toUpperCase(), password: 'longenough', name: 'Again' },
  });
  assertProblem(r, 409, 'conflict');
});

test('register: 422 names each bad field; role in the body is ignored', async () => {
  let r = await api('POST', '/api/auth/register', { body: { email: 'not-an-email', password: 'short', name: '' } });
  assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(fieldNames(r), ['email', 'name', 'password']);
  r = await api('POST', '/api/auth/register', { body: {} });
  assert.deepEqual(fieldNames(r), ['email', 'name', 'password']);
  r = await api('POST', '/api/auth/register', {
    body: { email: uniqueEmail(), password: 'x'.repeat(129), name: 'n'.repeat(101) },
  });
  assert.deepEqual(fieldNames(r), ['name', 'password']);
  r = await api('POST', '/api/auth/register', { body: { email: uniqueEmail(), password: 'é'.repeat(65), name: 'Bytes' } });
  assert.deepEqual(fieldNames(r), ['password'], '130 bytes is over 128 even though 65 characters');
  r = await api('POST', '/api/auth/register', { body: { email: uniqueEmail(), password: 12345678, name: 'T' } });
  assert.deepEqual(fieldNames(r), ['password']);
  const ok = await api('POST', '/api/auth/register', {
    body: { email: uniqueEmail(), password: 'longenough', name: 'Sneaky', role: 'admin' },
  });
  assert.equal(ok.json.user.role, 'customer');
});

test('login: 200 with a bearer token; me returns the user', async () => {
  const u = await register();
  const r = await api('POST', '/api/auth/login', { body: { email: `  ${u.email.toUpperCase()} `, password: u.password } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.token_type, 'bearer');
  assert.ok(r.json.expires_in > 0);
  assert.equal(r.json.user.id, u.id);
  const me = await api('GET', '/api/auth/me', { token: r.json.access_token });
  assert.equal(me.status, 200);
  assert.equal(me.json.user.email, u.email);
  const [, payload] = r.json.access_token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url'));
  for (const k of ['sub', 'role', 'iat', 'exp', 'jti']) assert.ok(k in claims, k);
});

test('login: unknown e-mail and wrong password give the same 401 body', async () => {
  const u = await register();
  const a = await api('POST', '/api/auth/login', { body: { email: uniqueEmail('ghost'), password: 'whatever1' } });
  const b = await api('POST', '/api/auth/login', { body: { email: u.email, password: 'wrong-password' } });
  assertProblem(a, 401, 'unauthorized');
  assertProblem(b, 401, 'unauthorized');
  assert.equal(a.text, b.text);
  const bad = await api('POST', '/api/auth/login', { body: { email: 1 } });
  assertProblem(bad, 422, 'validation_failed');
  assert.deepEqual(fieldNames(bad), ['email', 'password']);
});

test('login: past 5 failures from one client its next attempt waits: 429 with Retry-After', async () => {
  const u = await register();
  for (let i = 0; i < 5; i++) {
    const r = await api('POST', '/api/auth/login', { body: { email: u.email, password: 'wrong-' + i } });
    assertProblem(r, 401, 'unauthorized');
  }
  const locked = await api('POST', '/api/auth/login', { body: { email: u.email, password: u.password } });
  assertProblem(locked, 429, 'rate_limited');
  const retry = Number(locked.headers.get('retry-after'));
  assert.ok(retry > 0 && retry <= 900, `Retry-After ${retry}`);
  // Another account from the same address is not locked by this one.
  const other = await register();
  assert.equal((await api('POST', '/api/auth/login', { body: { email: other.email, password: other.password } })).status, 200);
});

test('login: a success clears the e-mail count', async () => {
  const u = await register();
  for (let i = 0; i < 4; i++) await api('POST', '/api/auth/login', { body: { email: u.email, password: 'nope-' + i } });
  await login(u.email, u.password);
  for (let i = 0; i < 4; i++) {
    const r = await api('POST', '/api/auth/login', { body: { email: u.email, password: 'nope-' + i } });
    assert.equal(r.status, 401);
  }
  await login(u.email, u.password);
});

test('me: every kind of bad token is the same 401', async () => {
  const u = await userWithRole('customer');
  const claims = { sub: String(u.id), role: 'customer', iat: now(), exp: now() + 600, jti: 'j1' };
  const cases = {
    missing: undefined,
    malformed: 'not-a-token',
    empty_bearer: '',
    tampered: u.token.slice(0, -3) + (u.token.endsWith('AAA') ? 'BBB' : 'AAA'),
    wrong_key: sign(claims, { key: 'x'.repeat(32) }),
    alg_none: sign(claims, { alg: 'none' }),
    hs512: sign(claims, { alg: 'HS512' }),
    hs384: sign(claims, { alg: 'HS384' }),
    expired: sign({ ...claims, iat: now() - 7200, exp: now() - 3600 }),
    future_iat: sign({ ...claims, iat: now() + 3600, exp: now() + 7200 }),
    no_jti: sign({ sub: String(u.id), role: 'customer', iat: now(), exp: now() + 600 }),
    no_sub: sign({ role: 'customer', iat: now(), exp: now() + 600, jti: 'x' }),
    string_exp: sign({ ...claims, exp: String(now() + 600) }),
    unknown_user: sign({ ...claims, sub: '999999999' }),
  };
  for (const [name, tok] of Object.entries(cases)) {
    const headers = tok === '' ? { authorization: 'Bearer ' } : {};
    const r = await api('GET', '/api/auth/me', { token: tok || undefined, headers });
    assert.equal(r.status, 401, `${name}: ${r.text}`);
    assert.equal(r.json.code, 'unauthorized', name);
  }
  // Our own signature with the right key and all claims is accepted.
  assert.equal((await api('GET', '/api/auth/me', { token: sign(claims) })).status, 200);
  // Basic auth is not a bearer token.
  assert.equal((await api('GET', '/api/auth/me', { headers: { authorization: 'Basic YTpi' } })).status, 401);
});

test('a disabled user is locked out at once; a role change applies at once', async () => {
  const adminTok = await admin();
  const u = await userWithRole('customer');
  assert.equal((await api('GET', '/api/auth/me', { token: u.token })).status, 200);
  assertProblem(await api('GET', '/api/admin/users', { token: u.token }), 403, 'forbidden');
  let r = await api('PATCH', `/api/admin/users/${u.id}`, { token: adminTok, body: { role: 'admin' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user.role, 'admin');
  assert.equal((await api('GET', '/api/admin/users', { token: u.token })).status, 200, 'same token, new role');
  r = await api('PATCH', `/api/admin/users/${u.id}`, { token: adminTok, body: { role: 'customer', disabled: true } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user.disabled, true);
  assertProblem(await api('GET', '/api/auth/me', { token: u.token }), 401, 'unauthorized');
  const relog = await api('POST', '/api/auth/login', { body: { email: u.email, password: u.password } });
  assertProblem(relog, 401, 'unauthorized');
  r = await api('PATCH', `/api/admin/users/${u.id}`, { token: adminTok, body: { disabled: false } });
  assert.equal((await api('GET', '/api/auth/me', { token: u.token })).status, 200, 'enabled again');
});

test('logout ends the token at once, even for a copy of it', async () => {
  const u = await userWithRole('customer');
  const copy = u.token;
  assert.equal((await api('GET', '/api/auth/me', { token: copy })).status, 200);
  const r = await api('POST', '/api/auth/logout', { token: u.token });
  assert.equal(r.status, 204);
  assertProblem(await api('GET', '/api/auth/me', { token: copy }), 401, 'unauthorized');
  assertProblem(await api('POST', '/api/auth/logout', { token: copy }), 401, 'unauthorized');
  const fresh = await login(u.email, u.password);
  assert.equal((await api('GET', '/api/auth/me', { token: fresh })).status, 200, 'a new login works');
});

test('a long non-ASCII address that may register may also sign in (the device cookie signs it)', async () => {
  const email = `${'é'.repeat(200)}-${Date.now()}@x.example`;
  let r = await api('POST', '/api/auth/register', { body: { email, password: 'long-address-1', name: 'Long Address' } });
  assert.equal(r.status, 201, r.text);
  r = await api('POST', '/api/auth/login', { body: { email, password: 'long-address-1' } });
  assert.equal(r.status, 200, r.text);
});
