// tickets: every endpoint of the Tickets section and every status code it lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem, closeTicketsOf, fieldNames, userWithRole } from './lib.mjs';

const newTicket = (token, body = {}) => api('POST', '/api/tickets', {
  token, body: { subject: 'Where is my parcel', body: 'It has been two weeks.', ...body },
});

let cust, other, agent, adminUser;
// Every customer of this file: their tickets (most wait for an agent) are closed at the end.
const customers = [];
test.before(async () => {
  [cust, other, agent, adminUser] = await Promise.all([
    userWithRole('customer', 'Cora Customer'), userWithRole('customer', 'Otto Other'),
    userWithRole('agent', 'Agnes Agent'), userWithRole('admin', 'Ada Admin'),
  ]);
  customers.push(cust, other);
});
test.after(() => closeTicketsOf(...customers));

test('create: 201 with the ticket, text verbatim, lengths in characters', async () => {
  const subject = '  <b>Ünïcode</b> & "quotes" \u{1F600}  ';
  const r = await newTicket(cust.token, { subject, body: 'line1\n  line2\t', priority: 'high' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.subject, subject, 'stored and returned verbatim');
  assert.equal(r.json.body, 'line1\n  line2\t');
  assert.equal(r.json.priority, 'high');
  assert.equal(r.json.customer_id, cust.id);
  assert.equal(r.json.assignee_id, null);
  assert.ok(['OPEN', 'AUTO_RESOLVED'].includes(r.json.status));
  for (const k of ['id', 'subject', 'body', 'status', 'priority', 'customer_id', 'assignee_id', 'intent',
    'confidence', 'decision', 'decision_reason', 'similar_ticket_id', 'similarity', 'response',
    'response_source', 'created_at', 'updated_at', 'resolved_at']) assert.ok(k in r.json, k);
  const emoji = await newTicket(cust.token, { subject: '\u{1F600}'.repeat(200) });
  assert.equal(emoji.status, 201, '200 emoji are 200 characters');
  const defaults = await newTicket(cust.token);
  assert.equal(defaults.json.priority, 'normal');
});

test('create: the 201 answer is the ticket as stored, as GET reads it (customer and staff views)', async () => {
  for (const body of ['I forgot my password and cannot log in. How do I reset my password?', 'My parrot will not eat its seeds.']) {
    const r = await newTicket(cust.token, { subject: 'Answer as stored', body });
    assert.equal(r.status, 201, r.text);
    // messages and attachments come with a ticket read whole only (GET one).
    const { messages, attachments, ...got } = (await api('GET', `/api/tickets/${r.json.id}`, { token: cust.token })).json;
    assert.deepEqual(r.json, got);
    assert.ok(Array.isArray(messages));
    assert.deepEqual(attachments, []);
    assert.doesNotMatch(r.text, /\\u001f|ticket-id/, 'the id placeholder never shows');
    if (r.json.response) assert.match(r.json.response, new RegExp(`#${r.json.id}\\b`));
  }
});

test('create: 422 names each bad field, 401 without a token, 415 for other types', async () => {
  let r = await api('POST', '/api/tickets', { token: cust.token, body: { subject: '', body: 'x'.repeat(20001), priority: 'asap' } });
  assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(fieldNames(r), ['body', 'priority', 'subject']);
  r = await api('POST', '/api/tickets', { token: cust.token, body: { subject: 'x'.repeat(201), body: 5 } });
  assert.deepEqual(fieldNames(r), ['body', 'subject']);
  r = await api('POST', '/api/tickets', { token: cust.token, body: {} });
  assert.deepEqual(fieldNames(r), ['body', 'subject']);
  assertProblem(await newTicket(undefined), 401, 'unauthorized');
  assertProblem(await api('POST', '/api/tickets', { token: cust.token, raw: 'subject=x', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
  assertProblem(await api('POST', '/api/tickets', { token: cust.token, raw: '{"subject":', headers: { 'content-type': 'application/json' } }), 400, 'malformed_json');
});

test('visibility: customers see only their own (404 for others), staff see all', async () => {
  const mine = (await newTicket(cust.token, { subject: 'visibility check' })).json;
  assert.equal((await api('GET', `/api/tickets/${mine.id}`, { token: cust.token })).status, 200);
  assertProblem(await api('GET', `/api/tickets/${mine.id}`, { token: other.token }), 404, 'not_found');
  assertProblem(await api('GET', '/api/tickets/999999999', { token: other.token }), 404, 'not_found');
  assertProblem(await api('GET', '/api/tickets/abc', { token: other.token }), 404, 'not_found');
  assertProblem(await api('POST', `/api/tickets/${mine.id}/messages`, { token: other.token, body: { body: 'hi' } }), 404, 'not_found');
  assertProblem(await api('POST', `/api/tickets/${mine.id}/feedback`, { token: other.token, body: { helpful: true } }), 404, 'not_found');
  assert.equal((await api('GET', `/api/tickets/${mine.id}`, { token: agent.token })).status, 200);
  assert.equal((await api('GET', `/api/tickets/${mine.id}`, { token: adminUser.token })).status, 200);
  const list = await api('GET', '/api/tickets?limit=100', { token: other.token });
  assert.ok(list.json.items.every((t) => t.customer_id === other.id));
  const staffList = await api('GET', '/api/tickets?limit=100', { token: agent.token });
  assert.ok(staffList.json.items.some((t) => t.customer_id === cust.id));
});

test('get one: the ticket with its messages', async () => {
  const t = (await newTicket(cust.token)).json;
  await api('POST', `/api/tickets/${t.id}/messages`, { token: cust.token, body: { body: 'any news?' } });
  const r = await api('GET', `/api/tickets/${t.id}`, { token: cust.token });
  assert.equal(r.status, 200);
  const msgs = r.json.messages.filter((m) => m.author_role === 'customer');
  assert.equal(msgs.at(-1).body, 'any news?');
  assert.equal(msgs.at(-1).author_id, cust.id);
  for (const k of ['id', 'author_id', 'author_role', 'body', 'created_at']) assert.ok(k in msgs[0], k);
});

test('list: filters by status, intent, assignee and q; bad filters are 400', async () => {
  const word = `zebra${Date.now()}`;
  const t = (await newTicket(cust.token, { subject: `Question about ${word}` })).json;
  let r = await api('GET', `/api/tickets?q=${word}`, { token: agent.token });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((x) => x.id), [t.id]);
  r = await api('PATCH', `/api/tickets/${t.id}`, { token: agent.token, body: { assignee_id: agent.id, status: 'CLOSED' } });
  assert.equal(r.status, 200, r.text);
  r = await api('GET', `/api/tickets?assignee_id=${agent.id}&status=CLOSED&limit=100`, { token: agent.token });
  assert.ok(r.json.items.some((x) => x.id === t.id));
  assert.ok(r.json.items.every((x) => x.assignee_id === agent.id && x.status === 'CLOSED'));
  r = await api('GET', '/api/tickets?intent=no_such_intent', { token: agent.token });
  assert.deepEqual(r.json.items, []);
  for (const q of ['status=open', 'assignee_id=x', 'assignee_id=0', 'limit=500', 'cursor=zzz', `q=${'x'.repeat(201)}`]) {
    assertProblem(await api('GET', `/api/tickets?${q}`, { token: agent.token }), 400, 'bad_request');
  }
});

test('list: paging newest first, no duplicates or gaps while tickets arrive', async () => {
  const c = await userWithRole('customer');
  customers.push(c);
  const made = [];
  for (let i = 0; i < 7; i++) made.push((await newTicket(c.token, { subject: `page ${i}` })).json.id);
  const seen = [];
  let cursor = null;
  for (let page = 0; page < 10; page++) {
    const r = await api('GET', `/api/tickets?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: c.token });
    assert.equal(r.status, 200);
    seen.push(...r.json.items.map((t) => t.id));
    // New tickets arriving between pages must not shift what comes next.
    await newTicket(c.token, { subject: `arrived during paging ${page}` });
    cursor = r.json.next_cursor;
    if (!cursor) break;
  }
  assert.deepEqual(seen, [...made].reverse());
});

test('patch: staff change priority, assignee, intent and status; others refused', async () => {
  const t = (await newTicket(cust.token)).json;
  assertProblem(await api('PATCH', `/api/tickets/${t.id}`, { token: cust.token, body: { priority: 'low' } }), 403, 'forbidden');
  let r = await api('PATCH', `/api/tickets/${t.id}`, { token: agent.token, body: { priority: 'urgent', assignee_id: agent.id } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.priority, 'urgent');
  assert.equal(r.json.assignee_id, agent.id);
  r = await api('PATCH', `/api/tickets/${t.id}`, { token: adminUser.token, body: { assignee_id: null } });
  assert.equal(r.json.assignee_id, null);
  r = await api('PATCH', `/api/tickets/${t.id}`, { token: agent.token, body: { assignee_id: cust.id, intent: 'nope', priority: 'x', status: 'DONE' } });
  assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(fieldNames(r), ['priority', 'status']);
  r = await api('PATCH', `/api/tickets/${t.id}`, { token: agent.token, body: { assignee_id: cust.id } });
  assert.deepEqual(fieldNames(r), ['assignee_id']);
  r = await api('PATCH', `/api/tickets/${t.id}`, { token: agent.token, body: { intent: 'not_an_intent' } });
  assert.deepEqual(fieldNames(r), ['intent']);
  r = await api('PATCH', `/api/tickets/${t.id}`, { token: agent.token, body: { status: 'AUTO_RESOLVED' } });
  assertProblem(r, 422, 'validation_failed');
  r = await api('PATCH', `/api/tickets/${t.id}`, { token: agent.token, body: { status: 'RESOLVED' } });
  assert.equal(r.json.status, 'RESOLVED');
  assert.ok(r.json.resolved_at);
  assertProblem(await api('PATCH', '/api/tickets/999999999', { token: agent.token, body: { priority: 'low' } }), 404, 'not_found');
});

test('conversation: resolve, reopen by customer message, feedback no/yes, closed stays closed', async () => {
  const t = (await newTicket(cust.token)).json;
  // nothing to rate yet
  assertProblem(await api('POST', `/api/tickets/${t.id}/feedback`, { token: cust.token, body: { helpful: true } }), 409, 'conflict');
  // customers cannot resolve
  assertProblem(await api('POST', `/api/tickets/${t.id}/messages`, { token: cust.token, body: { body: 'done', resolve: true } }), 403, 'forbidden');
  // an agent resolves
  let r = await api('POST', `/api/tickets/${t.id}/messages`, { token: agent.token, body: { body: 'Your parcel is on its way.', resolve: true } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.author_role, 'agent');
  let view = (await api('GET', `/api/tickets/${t.id}`, { token: cust.token })).json;
  assert.equal(view.status, 'RESOLVED');
  assert.equal(view.response, 'Your parcel is on its way.');
  assert.equal(view.response_source, 'agent');
  assert.ok(view.resolved_at);
  // the customer writes back: reopened
  await api('POST', `/api/tickets/${t.id}/messages`, { token: cust.token, body: { body: 'still not here' } });
  view = (await api('GET', `/api/tickets/${t.id}`, { token: cust.token })).json;
  assert.equal(view.status, 'REOPENED');
  assert.equal(view.resolved_at, null);
  // resolved again; "not helpful" reopens; a second rating of the same answer is 409
  await api('POST', `/api/tickets/${t.id}/messages`, { token: agent.token, body: { body: 'Reshipped today.', resolve: true } });
  r = await api('POST', `/api/tickets/${t.id}/feedback`, { token: cust.token, body: { helpful: false, rating: 2, comment: 'meh' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.feedback.helpful, false);
  assert.equal(r.json.ticket.status, 'REOPENED');
  assertProblem(await api('POST', `/api/tickets/${t.id}/feedback`, { token: cust.token, body: { helpful: true } }), 409, 'conflict');
  // staff cannot rate
  await api('POST', `/api/tickets/${t.id}/messages`, { token: agent.token, body: { body: 'Delivered now.', resolve: true } });
  assertProblem(await api('POST', `/api/tickets/${t.id}/feedback`, { token: agent.token, body: { helpful: true } }), 403, 'forbidden');
  // bad feedback fields
  r = await api('POST', `/api/tickets/${t.id}/feedback`, { token: cust.token, body: { rating: 6, comment: 'x'.repeat(2001) } });
  assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(fieldNames(r), ['comment', 'helpful', 'rating']);
  // helpful closes
  r = await api('POST', `/api/tickets/${t.id}/feedback`, { token: cust.token, body: { helpful: true, rating: 5 } });
  assert.equal(r.json.ticket.status, 'CLOSED');
  assertProblem(await api('POST', `/api/tickets/${t.id}/feedback`, { token: cust.token, body: { helpful: true } }), 409, 'conflict');
  // a closed ticket takes no more messages, and the refused one left nothing behind
  const before = (await api('GET', `/api/tickets/${t.id}`, { token: cust.token })).json.messages.length;
  assertProblem(await api('POST', `/api/tickets/${t.id}/messages`, { token: cust.token, body: { body: 'hello?' } }), 409, 'conflict');
  const after = (await api('GET', `/api/tickets/${t.id}`, { token: cust.token })).json.messages.length;
  assert.equal(after, before);
  // message validation
  r = await api('POST', `/api/tickets/${t.id}/messages`, { token: agent.token, body: { body: '', resolve: 'yes' } });
  assert.deepEqual(fieldNames(r), ['body', 'resolve']);
});

test('customers never see an unsent suggestion', async () => {
  const t = (await newTicket(cust.token)).json;
  const r = await api('GET', `/api/tickets/${t.id}`, { token: cust.token });
  if (r.json.status === 'OPEN') {
    assert.equal(r.json.response, null);
    assert.equal(r.json.response_source, null);
    assert.equal(r.json.similar_ticket_id, null);
    assert.equal(r.json.similarity, null);
  }
  assertProblem(await api('POST', `/api/tickets/${t.id}/messages`, { token: cust.token, body: { body: 'x', reusable: true } }), 403, 'forbidden');
});

test('50 tickets created in parallel are all stored exactly once', async () => {
  const c = await userWithRole('customer');
  customers.push(c);
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => newTicket(c.token, { subject: `parallel ${i}` })));
  assert.ok(results.every((r) => r.status === 201), results.map((r) => r.status).join());
  const ids = new Set(results.map((r) => r.json.id));
  assert.equal(ids.size, 50);
  const listed = (await api('GET', '/api/tickets?limit=100', { token: c.token })).json.items;
  assert.equal(listed.length, 50);
  assert.deepEqual(new Set(listed.map((t) => t.subject)), new Set(results.map((r) => r.json.subject)));
});

test('a conversation is bounded: past 200 messages the ticket takes no more', async () => {
  const c = await userWithRole('customer');
  customers.push(c);
  const t = (await newTicket(c.token)).json;
  const existing = (await api('GET', `/api/tickets/${t.id}`, { token: c.token })).json.messages.length;
  for (let i = existing; i < 200; i++) {
    const r = await api('POST', `/api/tickets/${t.id}/messages`, { token: c.token, body: { body: `note ${i}` } });
    assert.equal(r.status, 201, r.text);
  }
  assertProblem(await api('POST', `/api/tickets/${t.id}/messages`, { token: c.token, body: { body: 'one more' } }), 409, 'conflict');
  const all = (await api('GET', `/api/tickets/${t.id}`, { token: c.token })).json.messages;
  assert.equal(all.length, 200);
});
