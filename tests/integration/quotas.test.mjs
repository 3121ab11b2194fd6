// quotas: sign-ups per address and tickets per customer per clock hour (admin settings
// signup_quota and ticket_quota; 429 + Retry-After past them; staff exempt). The test
// stack's defaults are high, so the rest of the suite stays under them; these tests
// lower them for their own length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin, api, assertProblem, from, sleep, uniqueEmail, userWithRole, withSettings } from './lib.mjs';

// A clock hour must not end in the middle of a test: wait out its last seconds.
async function clearOfTheHour() {
  const left = 3600 - (Math.floor(Date.now() / 1000) % 3600);
  if (left < 15) await sleep(left * 1000 + 1000);
}

function assertQuota(r) {
  const wrapped = { ...r, headers: r.headers instanceof Headers ? r.headers : new Headers(r.headers) };
  assertProblem(wrapped, 429, 'rate_limited');
  const retry = Number(wrapped.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 3600, `Retry-After ${retry}`);
}

test('sign-ups per address are bounded: past the quota 429 with Retry-After; other addresses go on', async () => {
  const token = await admin();
  assert.equal((await api('GET', '/api/admin/settings', { token })).json.signup_quota, 100000);
  await clearOfTheHour();
  await withSettings({ signup_quota: 3 }, async () => {
    const signUp = (addr) => from(addr, 'POST', '/api/auth/register', {
      body: { email: uniqueEmail('quota'), password: 'password-123', name: 'Quota' } });
    for (let i = 0; i < 3; i++) assert.equal((await signUp('127.0.0.100')).status, 201);
    assertQuota(await signUp('127.0.0.100'));
    assert.equal((await signUp('127.0.0.101')).status, 201);
  });
  const bad = await api('PUT', '/api/admin/settings', { token, body: { signup_quota: -1, ticket_quota: 1.5 } });
  assertProblem(bad, 422, 'validation_failed');
});

test('tickets per customer are bounded: past the quota 429 with Retry-After; staff are exempt', async () => {
  const customer = await userWithRole('customer');
  const other = await userWithRole('customer');
  const agent = await userWithRole('agent');
  await clearOfTheHour();
  const filed = [];
  const file = async (who) => {
    const r = await api('POST', '/api/tickets', { token: who.token, body: { subject: 'Quota', body: 'One more ticket.' } });
    if (r.status === 201) filed.push(r.json.id);
    return r;
  };
  await withSettings({ ticket_quota: 3 }, async () => {
    for (let i = 0; i < 2; i++) assert.equal((await file(customer)).status, 201);
    // The third with a key; its retry past the quota is still answered as the ticket
    // it filed (its client must learn the first attempt went through).
    const keyed = { subject: 'Quota', body: 'One more ticket.' };
    const first = await api('POST', '/api/tickets', { token: customer.token, body: keyed, headers: { 'idempotency-key': 'quota-retry-1' } });
    assert.equal(first.status, 201, first.text);
    filed.push(first.json.id);
    const retry = await api('POST', '/api/tickets', { token: customer.token, body: keyed, headers: { 'idempotency-key': 'quota-retry-1' } });
    assert.equal(retry.status, 201, retry.text);
    assert.equal(retry.json.id, first.json.id);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    const r = await file(customer);
    assertQuota(r);
    // Nothing was stored for the refused one.
    const mine = (await api('GET', '/api/tickets?limit=100', { token: customer.token })).json.items;
    assert.equal(mine.length, 3);
    assert.equal((await file(other)).status, 201);
    for (let i = 0; i < 5; i++) assert.equal((await file(agent)).status, 201);
  });
  // Back to the default: the customer files again.
  assert.equal((await file(customer)).status, 201);
  // Out of the agents' queue again, which the browser tests read.
  for (const id of filed) {
    const r = await api('PATCH', `/api/tickets/${id}`, { token: agent.token, body: { assignee_id: agent.id, status: 'CLOSED' } });
    assert.equal(r.status, 200, r.text);
  }
});
