// housekeeping: `deskpilot housekeeping` resolves tickets left PENDING, unchanged, for
// longer than the setting pending_auto_close_days — telling the customer why and how to
// reopen — and leaves everything else alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin, api, assertProblem, cli, closeTicketsOf, sql, userWithRole, withSettings } from './lib.mjs';

let cust, agent;
test.before(async () => {
  [cust, agent] = await Promise.all([userWithRole('customer', 'Hana Housekeeping'), userWithRole('agent', 'Ivo Idle')]);
});
test.after(() => closeTicketsOf(cust));

// A ticket the agent answered without resolving (PENDING), last changed `days` ago.
async function pendingFor(days) {
  const r = await api('POST', '/api/tickets', { token: cust.token, body: { subject: 'Housekeeping', body: 'My parrot will not eat its seeds.' } });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal((await api('POST', `/api/tickets/${id}/messages`, { token: agent.token, body: { body: 'Which seeds?' } })).status, 201);
  sql(`UPDATE tickets SET updated_at = UTC_TIMESTAMP() - INTERVAL ${days} DAY WHERE id = ${id}`);
  return id;
}
const get = async (id) => (await api('GET', `/api/tickets/${id}`, { token: cust.token })).json;
const pass = () => Number(cli(['housekeeping']).match(/(\d+) pending tickets resolved/)[1]);

test('a ticket pending past the setting is resolved with a message saying why; younger and other ones are left alone', async () => {
  await withSettings({ pending_auto_close_days: 14 }, async () => {
    const stale = await pendingFor(15);
    const young = await pendingFor(13);
    const open = (await api('POST', '/api/tickets', { token: cust.token, body: { subject: 'Still open', body: 'My parrot will not eat its seeds.' } })).json.id;
    sql(`UPDATE tickets SET updated_at = UTC_TIMESTAMP() - INTERVAL 30 DAY WHERE id = ${open}`);
    const before = await get(stale);
    assert.ok(pass() >= 1);
    const after = await get(stale);
    assert.equal(after.status, 'RESOLVED');
    assert.ok(after.version > before.version, 'a new version');
    const last = after.messages.at(-1);
    assert.equal(last.author_role, 'system');
    assert.match(last.body, /not heard back from you.*reply here/s);
    assert.equal((await get(young)).status, 'PENDING');
    assert.equal((await get(open)).status, 'OPEN');
    assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'ticket.auto_resolve' AND target = 'ticket:${stale}' AND actor_id IS NULL`), '1');
    assert.equal(sql(`SELECT COUNT(*) FROM outbox WHERE ticket_id = ${stale} AND kind = 'resolved'`), '1', 'the customer is told by mail');
    assert.equal(pass(), 0, 'a second pass finds nothing more');
    // The customer can still write back: it opens again, as after any answer.
    assert.equal((await api('POST', `/api/tickets/${stale}/messages`, { token: cust.token, body: { body: 'Sunflower seeds, still nothing.' } })).status, 201);
    assert.equal((await get(stale)).status, 'REOPENED');
  });
});

test('0 days means never; the setting is validated', async () => {
  await withSettings({ pending_auto_close_days: 0 }, async () => {
    const old = await pendingFor(400);
    assert.equal(pass(), 0);
    assert.equal((await get(old)).status, 'PENDING');
  });
  const token = await admin();
  for (const bad of [-1, 366, 1.5, 'seven']) {
    const r = await api('PUT', '/api/admin/settings', { token, body: { pending_auto_close_days: bad } });
    assertProblem(r, 422, 'validation_failed');
  }
  const s = (await api('GET', '/api/admin/settings', { token })).json;
  assert.equal(typeof s.pending_auto_close_days, 'number');
});
