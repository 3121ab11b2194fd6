// admin_users: the users list and patch, the last-admin rule, the audit trail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem, fieldNames, admin, userWithRole } from './lib.mjs';

test('users list: paginated without gaps or duplicates, filter by role', async () => {
  const token = await admin();
  for (let i = 0; i < 3; i++) await userWithRole('agent');
  const seen = new Set();
  let cursor = null;
  let pages = 0;
  do {
    const r = await api('GET', `/api/admin/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.length <= 2);
    for (const u of r.json.items) {
      assert.ok(!seen.has(u.id), 'no duplicates');
      assert.ok(!('password_hash' in u));
      seen.add(u.id);
    }
    cursor = r.json.next_cursor;
    pages += 1;
  } while (cursor && pages < 500);
  const all = await api('GET', '/api/admin/users?limit=100', { token });
  assert.ok(seen.size >= Math.min(all.json.items.length, 100));
  const agents = await api('GET', '/api/admin/users?role=agent&limit=100', { token });
  assert.ok(agents.json.items.length >= 3);
  assert.ok(agents.json.items.every((u) => u.role === 'agent'));
});

test('users list: bad parameters are 400; forged cursors are 400', async () => {
  const token = await admin();
  for (const q of ['limit=0', 'limit=101', 'limit=abc', 'role=root', 'cursor=abc',
    "cursor=1' OR 1=1 --", 'cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
    assertProblem(await api('GET', `/api/admin/users?${q}`, { token }), 400, 'bad_request');
  }
});

test('users patch: 404, 422, 403 for agents, 401 anonymous', async () => {
  const token = await admin();
  const agent = await userWithRole('agent');
  assertProblem(await api('PATCH', '/api/admin/users/999999999', { token, body: { disabled: true } }), 404, 'not_found');
  assertProblem(await api('PATCH', '/api/admin/users/abc', { token, body: { disabled: true } }), 404, 'not_found');
  const bad = await api('PATCH', `/api/admin/users/${agent.id}`, { token, body: { role: 'root', disabled: 'yes' } });
  assertProblem(bad, 422, 'validation_failed');
  assert.deepEqual(fieldNames(bad), ['disabled', 'role']);
  assertProblem(await api('PATCH', `/api/admin/users/${agent.id}`, { token: agent.token, body: { disabled: true } }), 403, 'forbidden');
  assertProblem(await api('PATCH', `/api/admin/users/${agent.id}`, { body: { disabled: true } }), 401, 'unauthorized');
});

test('the last active admin cannot be disabled or demoted', async () => {
  const token = await admin();
  const me = (await api('GET', '/api/auth/me', { token })).json.user;
  // Demote every other admin first, so "me" is the last one.
  const admins = (await api('GET', '/api/admin/users?role=admin&limit=100', { token })).json.items;
  for (const a of admins) {
    if (a.id !== me.id && !a.disabled) {
      await api('PATCH', `/api/admin/users/${a.id}`, { token, body: { role: 'agent' } });
    }
  }
  assertProblem(await api('PATCH', `/api/admin/users/${me.id}`, { token, body: { disabled: true } }), 409, 'conflict');
  assertProblem(await api('PATCH', `/api/admin/users/${me.id}`, { token, body: { role: 'agent' } }), 409, 'conflict');
  assert.equal((await api('GET', '/api/auth/me', { token })).json.user.role, 'admin');
  // With a second admin, demoting the first works.
  const second = await userWithRole('agent');
  await api('PATCH', `/api/admin/users/${second.id}`, { token, body: { role: 'admin' } });
  const r = await api('PATCH', `/api/admin/users/${second.id}`, { token, body: { role: 'customer' } });
  assert.equal(r.status, 200);
});

test('every user change is in the audit log with the actor', async () => {
  const token = await admin();
  const me = (await api('GET', '/api/auth/me', { token })).json.user;
  const u = await userWithRole('customer');
  await api('PATCH', `/api/admin/users/${u.id}`, { token, body: { role: 'agent' } });
  const r = await api('GET', '/api/admin/audit?limit=5', { token });
  assert.equal(r.status, 200);
  const entry = r.json.items.find((e) => e.target === `user:${u.id}`);
  assert.ok(entry, 'audit entry present');
  assert.equal(entry.action, 'user.update');
  assert.equal(entry.actor_id, me.id);
  assert.match(entry.created_at, /Z$/);
});
