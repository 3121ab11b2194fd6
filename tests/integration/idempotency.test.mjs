// idempotency: Idempotency-Key on POST /api/tickets and POST /api/tickets/{id}/messages
// — a client's retry after a lost answer files nothing twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem, closeTicketsOf, fieldNames, userWithRole, sql } from './lib.mjs';

let customer;
let seq = 0;
const newKey = () => `k-${process.pid}-${Date.now()}-${(seq += 1)}`;
const fileTicket = (who, key, body = { subject: 'Invoice copy', body: 'Please send me a copy of my last invoice.' }) =>
  api('POST', '/api/tickets', { token: who.token, body, headers: key === undefined ? {} : { 'idempotency-key': key } });
const countTickets = (who) => Number(sql(`SELECT COUNT(*) FROM tickets WHERE customer_id = ${who.id}`));

// Its customers' tickets wait for an agent: closed at the end (the queue shows the 100 oldest).
const customers = [];
test.before(async () => { customer = await userWithRole('customer', 'Idem Customer'); customers.push(customer); });
test.after(() => closeTicketsOf(...customers));

test('a repeated key files one ticket and answers it again, marked as a replay', async () => {
  const before = countTickets(customer);
  const key = newKey();
  const first = await fileTicket(customer, key);
  assert.equal(first.status, 201, first.text);
  assert.equal(first.headers.get('idempotent-replayed'), null);
  const again = await fileTicket(customer, key);
  assert.equal(again.status, 201, again.text);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(again.json.id, first.json.id);
  assert.equal(again.json.subject, first.json.subject);
  assert.equal(again.json.status, first.json.status);
  assert.equal(countTickets(customer), before + 1);
  // The draft's quoted form is the same key.
  const quoted = await fileTicket(customer, `"${key}"`);
  assert.equal(quoted.json.id, first.json.id);
  // Another user's key is their own.
  const other = await userWithRole('customer');
  customers.push(other);
  const theirs = await fileTicket(other, key);
  assert.equal(theirs.status, 201);
  assert.notEqual(theirs.json.id, first.json.id);
  assert.equal(theirs.headers.get('idempotent-replayed'), null);
});

test('concurrent requests with one key file one ticket', async () => {
  const before = countTickets(customer);
  const key = newKey();
  const rs = await Promise.all(Array.from({ length: 6 }, () => fileTicket(customer, key)));
  for (const r of rs) assert.equal(r.status, 201, r.text);
  assert.equal(new Set(rs.map((r) => r.json.id)).size, 1);
  assert.equal(countTickets(customer), before + 1);
});

test('a key reused for a different request is 422 and stores nothing', async () => {
  const before = countTickets(customer);
  const key = newKey();
  assert.equal((await fileTicket(customer, key)).status, 201);
  const r = await fileTicket(customer, key, { subject: 'Something else', body: 'A different question entirely.' });
  assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(fieldNames(r), ['Idempotency-Key']);
  assert.equal(countTickets(customer), before + 1);
});

test('a malformed key is 400 naming the header; without a key nothing changes', async () => {
  for (const bad of ['', 'x'.repeat(256), 'has space', 'caf\u00e9', '"unterminated', 'back\\slash']) {
    const r = await fileTicket(customer, bad);
    assertProblem(r, 400, 'bad_request');
    assert.deepEqual(fieldNames(r), ['Idempotency-Key'], `key ${JSON.stringify(bad)}`);
  }
  assert.equal((await fileTicket(customer, 'x'.repeat(255))).status, 201);
  const before = countTickets(customer);
  assert.equal((await fileTicket(customer)).status, 201);
  assert.equal((await fileTicket(customer)).status, 201);
  assert.equal(countTickets(customer), before + 2);
});

test('a repeated key on a message adds one message and answers it again', async () => {
  const t = (await fileTicket(customer, undefined, { subject: 'Delivery', body: 'Where is my parcel, it is late?' })).json;
  const key = newKey();
  const post = (body) => api('POST', `/api/tickets/${t.id}/messages`, {
    token: customer.token, body: { body }, headers: { 'idempotency-key': key },
  });
  const first = await post('Any news about my parcel?');
  assert.equal(first.status, 201, first.text);
  const again = await post('Any news about my parcel?');
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.id, first.json.id);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assertProblem(await post('Another text'), 422, 'validation_failed');
  const read = (await api('GET', `/api/tickets/${t.id}`, { token: customer.token })).json;
  assert.equal(read.messages.filter((m) => m.body === 'Any news about my parcel?').length, 1);
  // The same key on POST /api/tickets is a different request.
  assertProblem(await fileTicket(customer, key), 422, 'validation_failed');
});

test('a key older than 24 hours is expired: reused as new, and old keys are pruned', async () => {
  const key = newKey();
  const first = await fileTicket(customer, key);
  sql(`UPDATE idempotency_keys SET created_at = UTC_TIMESTAMP() - INTERVAL 25 HOUR
       WHERE user_id = ${customer.id} AND idem_key = '${key}'`);
  const again = await fileTicket(customer, key);
  assert.equal(again.status, 201);
  assert.notEqual(again.json.id, first.json.id, 'an expired key files anew');
  assert.equal(again.headers.get('idempotent-replayed'), null);

  // Pruning runs on every 64th claim: make the next claim one.
  const stale = newKey();
  sql(`INSERT INTO idempotency_keys (user_id, idem_key, fingerprint, ticket_id, created_at)
       VALUES (${customer.id}, '${stale}', UNHEX(SHA2('x', 256)), ${first.json.id}, UTC_TIMESTAMP() - INTERVAL 30 HOUR)`);
  const next = Number(sql('SELECT MAX(id) FROM idempotency_keys')) + 1;
  sql(`ALTER TABLE idempotency_keys AUTO_INCREMENT = ${Math.ceil(next / 64) * 64}`);
  assert.equal((await fileTicket(customer, newKey())).status, 201);
  assert.equal(sql(`SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '${stale}'`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM idempotency_keys WHERE ${'created_at < UTC_TIMESTAMP() - INTERVAL 24 HOUR'}`), '0');
});
