// versions: no lost updates — every change of a ticket moves its version; the API gives
// it as ETag and refuses a change based on an older one (If-Match → 412); the agent
// page carries it in its forms and shows a stale page again instead of applying it;
// and it tells an agent who else has the ticket open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem, closeTicketsOf, userWithRole } from './lib.mjs';
import { Client } from './pages_client.mjs';

let cust, a, b;
test.before(async () => {
  [cust, a, b] = await Promise.all([userWithRole('customer', 'Vera Version'),
    userWithRole('agent', 'Agent Anna'), userWithRole('agent', 'Agent Bert')]);
});
test.after(() => closeTicketsOf(cust));

const file = async () => {
  const r = await api('POST', '/api/tickets', { token: cust.token, body: { subject: 'Versions', body: 'My parrot will not eat its seeds.' } });
  assert.equal(r.status, 201, r.text);
  return r.json;
};

test('API: ETag on GET, If-Match on PATCH and messages, 412 on a stale version, nothing applied', async () => {
  const t = await file();
  let r = await api('GET', `/api/tickets/${t.id}`, { token: a.token });
  const etag = r.headers.get('etag');
  assert.equal(etag, `"${r.json.version}"`);
  // A's change based on the current version goes through and moves it.
  r = await api('PATCH', `/api/tickets/${t.id}`, { token: a.token, body: { priority: 'high' }, headers: { 'if-match': etag } });
  assert.equal(r.status, 200, r.text);
  assert.notEqual(r.headers.get('etag'), etag);
  // B, still on the old version: refused, and nothing of B's lands.
  r = await api('POST', `/api/tickets/${t.id}/messages`, { token: b.token, body: { body: 'B replies late', resolve: true }, headers: { 'if-match': etag } });
  assertProblem(r, 412, 'precondition_failed');
  r = await api('PATCH', `/api/tickets/${t.id}`, { token: b.token, body: { priority: 'low' }, headers: { 'if-match': `W/${etag}` } });
  assertProblem(r, 412, 'precondition_failed');
  const now = (await api('GET', `/api/tickets/${t.id}`, { token: a.token })).json;
  assert.equal(now.priority, 'high');
  assert.ok(!now.messages.some((m) => m.body === 'B replies late'));
  // A malformed tag is 400 naming the header; "*" and no header mean "any version".
  r = await api('PATCH', `/api/tickets/${t.id}`, { token: b.token, body: { priority: 'low' }, headers: { 'if-match': 'seven' } });
  assertProblem(r, 400, 'bad_request');
  assert.match(r.text, /If-Match/);
  r = await api('PATCH', `/api/tickets/${t.id}`, { token: b.token, body: { priority: 'low' }, headers: { 'if-match': '*' } });
  assert.equal(r.status, 200, r.text);
  r = await api('POST', `/api/tickets/${t.id}/messages`, { token: b.token, body: { body: 'A note', internal: true } });
  assert.equal(r.status, 201, r.text);
  assert.ok((await api('GET', `/api/tickets/${t.id}`, { token: a.token })).json.version > now.version, 'a note moves it too');
});

test('pages: a reply sent from a page loaded before another agent resolved is not applied; who else is viewing', async () => {
  const t = await file();
  const pa = await new Client().login(a.email, a.password);
  const pb = await new Client().login(b.email, b.password);
  const pageA = await pa.get(`/agent/tickets/${t.id}`);
  const pageB = await pb.get(`/agent/tickets/${t.id}`);
  assert.match(pageB.text, /Also viewing this ticket: Agent Anna/, 'B sees A has it open');
  const version = (html) => html.match(/name="version" value="(\d+)"/)[1];
  const csrf = (html) => Client.csrf(html);
  // A resolves.
  let r = await pa.post(`/agent/tickets/${t.id}/reply`, { csrf: csrf(pageA.text), version: version(pageA.text), body: 'A resolves it', action: 'resolve' });
  assert.equal(r.status, 303, r.text);
  // B, on the page loaded before: "Send and resolve" is shown again, fresh, with B's text kept.
  r = await pb.post(`/agent/tickets/${t.id}/reply`, { csrf: csrf(pageB.text), version: version(pageB.text), body: 'B resolves it too', action: 'resolve' });
  assert.equal(r.status, 409);
  assert.match(r.text, /This ticket changed while you had it open/);
  assert.match(r.text, /B resolves it too/, 'the text is kept');
  assert.match(r.text, /A resolves it/, 'the fresh conversation is shown');
  const msgs = (await api('GET', `/api/tickets/${t.id}`, { token: a.token })).json.messages;
  assert.equal(msgs.filter((m) => /resolves it/.test(m.body)).length, 1, 'only A\'s resolution');
  // Sent again from the fresh page, it goes.
  r = await pb.post(`/agent/tickets/${t.id}/reply`, { csrf: csrf(r.text), version: version(r.text), body: 'B adds a note', action: 'note' });
  assert.equal(r.status, 303, r.text);
});
