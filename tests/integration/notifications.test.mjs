// notifications.test.mjs: who is told what (issue 18, point 5) — a customer of an
// agent's reply and of a resolution (a notification, and a mail through the outbox
// that `deskpilot mail-out` delivers to a real SMTP server, with rating links for a
// resolution), never twice on a mail-channel ticket and never an internal note; staff
// of new tickets and of changes to tickets assigned to them, only as they chose
// (notification settings), by mail when they chose that too; the API's list, unread
// count and read marks; the header's unread badge and the list page.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { answeringSettings, api, assertProblem, cli, closeTicketsOf, fieldNames, freePort, sql, userWithRole } from './lib.mjs';
import { Client } from './pages_client.mjs';
import { startSink, received as readMails } from './mail_sink.mjs';

const PUBLIC = process.env.DESKPILOT_PUBLIC_URL;
let sinkPort, sinkDir, sink;
const mailOut = () => cli(['mail-out'], '', { DESKPILOT_SMTP_URL: `smtp://127.0.0.1:${sinkPort}` }).trim();
const mailsTo = (email) => readMails(sinkDir).filter((m) => m.h['x-envelope-to'] === email);
const notes = (userId) => sql(`SELECT kind, ticket_id FROM notifications WHERE user_id = ${userId} ORDER BY id`)
  .split('\n').filter(Boolean).map((l) => l.split('\t')).map(([k, t]) => [k, Number(t)]);
const outboxOf = (ticketId) => sql(`SELECT kind, IFNULL(recipient_id, 0) FROM outbox WHERE ticket_id = ${ticketId} ORDER BY id`)
  .split('\n').filter(Boolean).map((l) => l.split('\t')).map(([k, r]) => [k, Number(r)]);
const customers = [], staff = [];
// A question nobody answers automatically: it waits in the queue.
const QUEUED = { subject: 'Strange noise', body: 'My blender makes a strange grinding noise since Tuesday.' };

async function file(customer, q = QUEUED) {
  const r = await api('POST', '/api/tickets', { token: customer.token, body: q });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
async function settings(user, body) {
  const r = await api('PUT', '/api/notifications/settings', { token: user.token, body });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

test.before(async () => {
  await answeringSettings(); // the password question is answered automatically
  sinkPort = await freePort();
  sinkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskpilot-notify-'));
  sink = await startSink(sinkPort, sinkDir);
  mailOut(); // what earlier tests queued
});

test.after(async () => {
  // Staff of this file stop asking for notifications, so later tests' tickets queue
  // no mail for them.
  for (const s of staff) await settings(s, { new_tickets: false, assigned: false, by_mail: false });
  closeTicketsOf(...customers);
  sink?.kill('SIGTERM');
  if (sinkDir) fs.rmSync(sinkDir, { recursive: true, force: true });
});

test('a web customer is told of an agent reply and a resolution, in the pages and by mail once each', async () => {
  const c = await userWithRole('customer', 'Notified Customer');
  const agent = await userWithRole('agent', 'Replying Agent');
  customers.push(c);
  staff.push(agent);
  const t = await file(c);
  assert.equal(t.channel, 'web');
  assert.deepEqual(notes(c.id), [], 'filing tells the customer nothing');

  const note = 'INTERNAL: the customer is difficult';
  assert.equal((await api('POST', `/api/tickets/${t.id}/messages`, { token: agent.token, body: { body: note, internal: true } })).status, 201);
  assert.deepEqual(notes(c.id), [], 'an internal note tells the customer nothing');
  const reply = 'Please send us a photo of the blade.';
  assert.equal((await api('POST', `/api/tickets/${t.id}/messages`, { token: agent.token, body: { body: reply } })).status, 201);
  assert.deepEqual(notes(c.id), [['reply', t.id]]);
  assert.equal((await api('POST', `/api/tickets/${t.id}/messages`, { token: agent.token, body: { body: 'The blade is fixed by a new part; we send it today.', resolve: true } })).status, 201);
  assert.deepEqual(notes(c.id), [['reply', t.id], ['resolved', t.id]]);
  assert.deepEqual(outboxOf(t.id), [['reply', 0], ['reply', 0]], 'one mail per reply, to the customer');

  mailOut();
  const mails = mailsTo(c.email);
  assert.equal(mails.length, 2, 'a web-channel customer gets the agent replies by mail');
  assert.ok(mails[0].text.includes(reply));
  assert.doesNotMatch(mails[0].text, /Did this solve/, 'a reply that does not resolve has no rating links');
  assert.match(mails[1].text, /Did this solve your problem\?\r?\nYes: (\S+)\r?\nNo: (\S+)/, 'the resolution has rating links');
  for (const m of mails) assert.ok(!m.raw.includes('INTERNAL'), 'no internal note in any mail');
  // The link rates the resolution (as the customer, once).
  const yes = /Yes: (\S+)/.exec(mails[1].text)[1];
  const vote = await api('POST', yes.slice(PUBLIC.length).split('?')[0], { raw: 'helpful=yes', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(vote.status, 200, vote.text.slice(0, 300));
  assert.equal(sql(`SELECT status FROM tickets WHERE id = ${t.id}`), 'CLOSED');

  // The API: the customer's list, newest first, nothing of the note.
  const list = await api('GET', '/api/notifications', { token: c.token });
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((n) => n.kind), ['resolved', 'reply']);
  assert.equal(list.json.items[0].url, `/support/tickets/${t.id}`);
  assert.equal(list.json.items[0].subject, QUEUED.subject);
  assert.equal(list.json.items[0].read_at, null);
  assert.ok(!list.text.includes('INTERNAL') && !list.text.includes(reply), 'a notification carries no message text');
  assert.equal((await api('GET', '/api/notifications/unread', { token: c.token })).json.unread, 2);
  // Another user cannot read or mark them.
  const other = await userWithRole('customer');
  customers.push(other);
  assert.deepEqual((await api('GET', '/api/notifications', { token: other.token })).json.items, []);
  const foreign = await api('POST', '/api/notifications/read', { token: other.token, body: { id: list.json.items[0].id } });
  assert.equal(foreign.json.marked, 0);
  const one = await api('POST', '/api/notifications/read', { token: c.token, body: { id: list.json.items[1].id } });
  assert.deepEqual(one.json, { marked: 1, unread: 1, more: false });
  const all = await api('POST', '/api/notifications/read', { token: c.token, body: { up_to: list.json.items[0].id } });
  assert.deepEqual(all.json, { marked: 1, unread: 0, more: false });
  // Input and roles.
  assertProblem(await api('POST', '/api/notifications/read', { token: c.token, body: {} }), 422, 'validation_failed');
  const bad = await api('POST', '/api/notifications/read', { token: c.token, body: { up_to: 'x' } });
  assert.deepEqual(fieldNames(bad), ['up_to']);
  assertProblem(await api('GET', '/api/notifications'), 401, 'unauthorized');
  assertProblem(await api('GET', '/api/notifications/settings', { token: c.token }), 403, 'forbidden');
});

test('a mail-channel ticket gets one mail per agent reply, not two', async () => {
  const c = await userWithRole('customer', 'Mail Channel Customer');
  const agent = await userWithRole('agent');
  customers.push(c);
  const t = await file(c);
  sql(`UPDATE tickets SET channel = 'mail' WHERE id = ${t.id}`);
  assert.equal((await api('POST', `/api/tickets/${t.id}/messages`, { token: agent.token, body: { body: 'Answer by mail.' } })).status, 201);
  assert.deepEqual(outboxOf(t.id), [['reply', 0]]);
  mailOut();
  assert.equal(mailsTo(c.email).length, 1);
});

test('staff are told of new tickets and of changes to their tickets only as they chose', async () => {
  const c = await userWithRole('customer', 'Queue Customer');
  const keen = await userWithRole('agent', 'Keen Agent');
  const quiet = await userWithRole('agent', 'Quiet Agent');
  const boss = await userWithRole('admin', 'Busy Admin');
  customers.push(c);
  staff.push(keen, quiet, boss);
  assert.deepEqual((await api('GET', '/api/notifications/settings', { token: quiet.token })).json,
    { new_tickets: false, assigned: true, by_mail: false }, 'the defaults');
  await settings(keen, { new_tickets: true, by_mail: true });
  await settings(quiet, { assigned: false });
  const bad = await api('PUT', '/api/notifications/settings', { token: keen.token, body: { by_mail: 'yes' } });
  assertProblem(bad, 422, 'validation_failed');
  assert.deepEqual(fieldNames(bad), ['by_mail']);

  const t = await file(c);
  assert.deepEqual(notes(keen.id).filter(([, id]) => id === t.id), [['new_ticket', t.id]]);
  assert.deepEqual(notes(quiet.id), [], 'not chosen: not told');
  assert.deepEqual(outboxOf(t.id), [['new_ticket', keen.id]], 'by mail for the one who chose it');
  // An automatically answered ticket never waits in the queue: nobody is told.
  const auto = await file(c, { subject: 'Forgot my password', body: 'I forgot my password and cannot log in. How do I reset my password?' });
  assert.equal(auto.status, 'AUTO_RESOLVED', auto.decision_reason);
  assert.deepEqual(notes(keen.id).filter(([, id]) => id === auto.id), []);

  // Assigned to quiet (who chose not to be told) and then to keen by the admin.
  assert.equal((await api('PATCH', `/api/tickets/${t.id}`, { token: boss.token, body: { assignee_id: quiet.id } })).status, 200);
  assert.deepEqual(notes(quiet.id), []);
  assert.equal((await api('PATCH', `/api/tickets/${t.id}`, { token: boss.token, body: { assignee_id: keen.id } })).status, 200);
  assert.deepEqual(notes(keen.id).filter(([, id]) => id === t.id), [['new_ticket', t.id], ['ticket_changed', t.id]]);
  // keen's own change tells keen nothing; the customer's message does.
  assert.equal((await api('PATCH', `/api/tickets/${t.id}`, { token: keen.token, body: { priority: 'high' } })).status, 200);
  assert.equal((await api('POST', `/api/tickets/${t.id}/messages`, { token: c.token, body: { body: 'Any news?' } })).status, 201);
  assert.deepEqual(notes(keen.id).filter(([, id]) => id === t.id).map(([k]) => k), ['new_ticket', 'ticket_changed', 'ticket_changed']);
  assert.deepEqual(outboxOf(t.id), [['new_ticket', keen.id], ['ticket_changed', keen.id], ['ticket_changed', keen.id]]);

  mailOut();
  const mails = mailsTo(keen.email);
  assert.equal(mails.length, 3);
  assert.equal(mails[0].subject, `New ticket #${t.id}: ${QUEUED.subject}`);
  assert.ok(mails[0].text.includes(`${PUBLIC}/agent/tickets/${t.id}`));
  assert.equal(mails[0].h['auto-submitted'], 'auto-generated');
  assert.doesNotMatch(mails[0].subject, /\[#/, 'no ticket tag: a reply must not join the customer\'s conversation');
  assert.match(mails[0].h['message-id'], /^<deskpilot-staff\.\d+\.[0-9a-f]{16}@/, 'nor a Message-ID naming the ticket');
  assert.equal(mails[0].h['in-reply-to'], undefined);
  assert.equal(mails[1].subject, `Ticket changed #${t.id}: ${QUEUED.subject}`);
  assert.equal(mailsTo(quiet.email).length, 0);
  assert.deepEqual(mailsTo(c.email).map((m) => m.subject), [`[#${auto.id}] Forgot my password`],
    'the customer was mailed their automatic answer, nothing of the staff\'s');
  // The agent page's "mail to the customer" card lists the customer's mails only.
  const page = await new Client().login(boss.email, boss.password).then((b) => b.get(`/agent/tickets/${t.id}`));
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /Mail to the customer/, 'staff mails are not the customer\'s');
  // Opted out again: nothing more.
  await settings(keen, { new_tickets: false });
  const t2 = await file(c);
  assert.deepEqual(notes(keen.id).filter(([, id]) => id === t2.id), []);
  assert.deepEqual(outboxOf(t2.id), []);
});

test('the pages: an unread badge in the header, the list, opening one reads it', async () => {
  const c = await userWithRole('customer', 'Badge Customer');
  const agent = await userWithRole('agent', 'Badge Agent');
  customers.push(c);
  const t = await file(c);
  for (const body of ['First answer.', 'Second answer.'])
    assert.equal((await api('POST', `/api/tickets/${t.id}/messages`, { token: agent.token, body: { body } })).status, 201);
  const b = await new Client().login(c.email, c.password);
  let home = await b.get('/support/');
  assert.match(home.text, /id="unread-count">2<span class="sr-only"> unread<\/span>/);
  const list = await b.get('/notifications');
  assert.equal(list.status, 200);
  assert.equal((list.text.match(/We replied to your request/g) || []).length, 2);
  const id = /href="\/notifications\/(\d+)"/.exec(list.text)[1];
  const open = await b.get(`/notifications/${id}`);
  assert.equal(open.status, 303);
  assert.equal(open.location, `/support/tickets/${t.id}`);
  home = await b.get('/support/');
  assert.match(home.text, /id="unread-count">1</);
  // Mark all: the badge goes.
  const all = await b.submit('/notifications', '/notifications/read', { up_to: /name="up_to" value="(\d+)"/.exec((await b.get('/notifications')).text)[1] });
  assert.equal(all.status, 303);
  assert.doesNotMatch((await b.get('/support/')).text, /unread-count/);
  // Another's notification is 404; staff settings are not a customer's page.
  assert.equal((await b.get('/notifications/999999999')).status, 404);
  assert.equal((await b.get('/notifications/settings')).status, 403);
  // Staff choose on their page.
  const s = await new Client().login(agent.email, agent.password);
  const saved = await s.submit('/notifications/settings', '/notifications/settings', { new_tickets: '1', assigned: '1' });
  assert.equal(saved.status, 303);
  assert.deepEqual((await api('GET', '/api/notifications/settings', { token: agent.token })).json,
    { new_tickets: true, assigned: true, by_mail: false });
  staff.push(agent);
});
