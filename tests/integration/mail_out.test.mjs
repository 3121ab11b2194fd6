// mail_out.test.mjs: mail to customers, end to end — the workers queue it with the
// change (the test stack runs with DESKPILOT_MAIL_FROM set and no sender), `deskpilot
// mail-out` delivers it to a real SMTP server (aiosmtpd, tests/integration/smtp_sink.py)
// on a free port, and the test reads what arrived: headers, threading, both parts,
// escaping, RFC 2047; retries with backoff, failures, the admins' retry, the
// feedback links, and the outbox rows of a rolled-back change.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, ADMIN, api, admin, cli, freePort, sql, stackEnv, userWithRole, eventually } from './lib.mjs';
import { Client } from './pages_client.mjs';
import { startSink, received as receivedIn } from './mail_sink.mjs';

const FROM = process.env.DESKPILOT_MAIL_FROM;
const PUBLIC = process.env.DESKPILOT_PUBLIC_URL;
const BUILD = path.resolve(ROOT, process.env.BUILD || 'build');

let sinkPort, deadPort, sinkDir, sink, adminTok, agent;
const smtp = (port) => ({ DESKPILOT_SMTP_URL: `smtp://127.0.0.1:${port}` });
// One run of the sender (as cron would run it); its summary line.
const mailOut = (args = [], port = sinkPort) => cli(['mail-out', ...args], '', smtp(port)).trim();

const received = () => receivedIn(sinkDir);
const mailsTo = (email) => received().filter((m) => m.h['x-envelope-to'] === email);

const rows = (ticketId) => sql(`SELECT id, kind, status, attempts, message_id IS NOT NULL FROM outbox
  WHERE ticket_id = ${ticketId} ORDER BY id`).split('\n').filter(Boolean).map((l) => l.split('\t'));

// A customer's ticket the pipeline answers by itself (the password-reset intent).
const answeredIds = [];
async function answered(customer, subject = 'Forgot my password') {
  const r = await api('POST', '/api/tickets', { token: customer.token,
    body: { subject, body: 'I forgot my password and cannot log in. How do I reset my password?' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'AUTO_RESOLVED', `${r.json.intent} ${r.json.decision_reason}`);
  answeredIds.push(r.json.id);
  return r.json;
}

test.before(async () => {
  assert.ok(FROM, 'the test stack runs with mail on (tools/teststack.sh)');
  adminTok = await admin();
  agent = await userWithRole('agent', 'Mail Agent');
  const s = await api('PUT', '/api/admin/settings', { token: adminTok,
    body: { confidence_threshold: 0.75, similarity_threshold: 0.8, auto_resolve_enabled: true } });
  assert.equal(s.status, 200, s.text);
  [sinkPort, deadPort] = [await freePort(), await freePort()];
  sinkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskpilot-smtp-'));
  sink = await startSink(sinkPort, sinkDir);
  // What the earlier test files queued goes out first (nothing ran a sender for them).
  mailOut();
  for (const f of fs.readdirSync(sinkDir)) fs.unlinkSync(path.join(sinkDir, f));
});

test.after(() => {
  sink?.kill('SIGTERM');
  if (sinkDir) fs.rmSync(sinkDir, { recursive: true, force: true });
});

test('an automatic answer, an agent reply and a resolution reach the customer as threaded, escaped mails', async () => {
  const c = await userWithRole('customer', 'Zoë Ürban');
  const t = await answered(c, 'Forgot my password <script>alert(1)</script>');
  assert.deepEqual(rows(t.id).map((r) => r.slice(1, 3)), [['auto_answer', 'queued']], 'queued with the ticket');

  assert.match(mailOut(), /^mail-out: [1-9]\d* sent, 0 to retry, 0 failed$/);
  let mails = mailsTo(c.email);
  assert.equal(mails.length, 1);
  const [first] = mails;
  assert.equal(first.h['x-envelope-from'], FROM);
  assert.equal(first.h.from, `Support <${FROM}>`);
  assert.match(first.h.to, /^=\?[\w-]+\?[BbQq]\?[^?]+\?= </, 'a non-ASCII name is RFC 2047 encoded');
  assert.match(first.to, new RegExp(`Zoë Ürban.*<${c.email}>`));
  assert.match(first.raw, /^[\x00-\x7f]*$/, 'every byte of the mail is 7-bit');
  assert.equal(first.subject, `[#${t.id}] Forgot my password <script>alert(1)</script>`);
  const domain = FROM.split('@')[1];
  assert.match(first.h['message-id'], new RegExp(`^<deskpilot\\.${t.id}\\.\\d+\\.[0-9a-f]{16}@${domain.replace('.', '\\.')}>$`));
  assert.equal(first.h['auto-submitted'], 'auto-replied');
  assert.equal(first.h['in-reply-to'], undefined);
  assert.match(first.h['content-type'], /^multipart\/alternative/);
  assert.ok(first.text.includes(t.response.split('\n')[0]), 'the text part holds the answer');
  assert.match(first.text, /Did this solve your problem\?\r?\nYes: (\S+)\r?\nNo: (\S+)/);
  assert.match(first.html, /<a href="[^"]+\/feedback\/[^"]+">Yes<\/a>/);
  assert.doesNotMatch(first.text + first.html, /decision|confidence|similar/i, 'nothing for agents only');

  // The links: GET shows the question and never votes; POST votes, once.
  const yes = /Yes: (\S+)/.exec(first.text)[1], no = /No: (\S+)/.exec(first.text)[1];
  assert.ok(yes.startsWith(`${PUBLIC}/feedback/`), yes);
  const local = (u) => u.slice(PUBLIC.length);
  for (const u of [yes, no, yes]) {
    const g = await api('GET', local(u));
    assert.equal(g.status, 200, g.text.slice(0, 300));
    assert.match(g.text, /<form method="post" action="\/feedback\/[^"]+"/);
    assert.match(g.text, /&lt;script&gt;/, 'the subject is escaped on the page');
  }
  assert.equal(sql(`SELECT COUNT(*) FROM feedback WHERE ticket_id = ${t.id}`), '0', 'a GET never votes');
  assert.equal(sql(`SELECT status FROM tickets WHERE id = ${t.id}`), 'AUTO_RESOLVED');
  const action = local(no).split('?')[0];
  const vote = await api('POST', action, { raw: 'helpful=no', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(vote.status, 200, vote.text.slice(0, 300));
  assert.match(vote.text, /reopened/);
  const again = await api('POST', action, { raw: 'helpful=yes', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(again.status, 409, 'once per answer');
  assert.equal(sql(`SELECT COUNT(*), MAX(helpful) FROM feedback WHERE ticket_id = ${t.id}`), '1\t0');
  assert.equal(sql(`SELECT status FROM tickets WHERE id = ${t.id}`), 'REOPENED');
  // A token changed by one character, or for another ticket, is refused.
  const forged = action.replace(/\.(\d+)\./, (m, n) => `.${Number(n) + 1}.`);
  assert.equal((await api('POST', forged, { raw: 'helpful=yes', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status, 404);
  assert.equal((await api('GET', `/feedback/${t.id}.1.99999999999.${'0'.repeat(64)}`)).status, 404);

  // The agent's reply (HTML in it) and the resolution: threaded to the first mail.
  const reply = 'Hello Zoë,\n\nTry this: <script>alert("x")</script> & reset it.\n\nBest';
  const m = await api('POST', `/api/tickets/${t.id}/messages`, { token: agent.token, body: { body: reply } });
  assert.equal(m.status, 201, m.text);
  const p = await api('PATCH', `/api/tickets/${t.id}`, { token: agent.token, body: { status: 'RESOLVED' } });
  assert.equal(p.status, 200, p.text);
  assert.match(mailOut(), /^mail-out: 2 sent/);
  mails = mailsTo(c.email);
  assert.equal(mails.length, 3);
  const [, second, third] = mails;
  assert.equal(second.subject, `Re: [#${t.id}] Forgot my password <script>alert(1)</script>`);
  assert.equal(second.h['in-reply-to'], first.h['message-id']);
  assert.equal(second.h.references, first.h['message-id']);
  assert.equal(second.h['auto-submitted'], undefined, 'a person wrote it');
  assert.equal(second.text.trim(), reply.replace(/\n/g, '\r\n'));
  assert.ok(second.html.includes('Try this: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; reset it.'), second.html);
  assert.doesNotMatch(second.html, /<script/);
  assert.doesNotMatch(second.text, /Did this solve/, 'feedback links are for automatic answers');
  assert.equal(third.h['in-reply-to'], second.h['message-id']);
  assert.equal(third.h.references, `${first.h['message-id']} ${second.h['message-id']}`);
  assert.equal(third.h['auto-submitted'], 'auto-generated');
  assert.match(third.text, new RegExp(`marked your request \\[#${t.id}\\] as resolved`));
  assert.deepEqual(rows(t.id).map((r) => r.slice(1)), [
    ['auto_answer', 'sent', '1', '1'], ['reply', 'sent', '1', '1'], ['resolved', 'sent', '1', '1']]);
  assert.equal(mailOut(), 'mail-out: 0 sent, 0 to retry, 0 failed', 'each mail goes once');
  // The agent sees on the ticket what the customer was sent.
  const page = await (await new Client().login(agent.email, agent.password)).get(`/agent/tickets/${t.id}`);
  assert.match(page.text, /Mail to the customer[\s\S]*mail-sent[^>]*>sent<\/span> auto_answer[\s\S]*> reply[\s\S]*> resolved/);
});

test('an answer to a ticket that came by mail threads under the customer\'s own message', async () => {
  const from = `threaded-${process.pid}-${Date.now()}@customer.example`;
  const msgid = `their-${process.pid}-${Date.now()}@mail.customer.example`;
  const mail = ['From: Theo Thread <' + from + '>', `To: ${FROM}`, 'Subject: Forgot my password',
    `Message-ID: <${msgid}>`, 'Date: Tue, 12 Nov 2024 09:15:02 +0100', 'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8', '',
    'I forgot my password and cannot log in. How do I reset my password?', ''].join('\r\n');
  assert.match(cli(['mail-in'], mail), /mail-in: ticket \d+ from/);
  mailOut();
  const [m] = mailsTo(from);
  assert.ok(m, 'the automatic answer went out');
  assert.equal(m.h['in-reply-to'], `<${msgid}>`);
  assert.match(m.h.references, new RegExp(`<${msgid.replace(/\./g, '\\.')}>`));
});

test('the SMTP server down: the mail waits out its backoff, then goes exactly once', async () => {
  const c = await userWithRole('customer', 'Retry Customer');
  const t = await answered(c);
  assert.equal(mailOut(['--backoff', '3'], deadPort), 'mail-out: 0 sent, 1 to retry, 0 failed');
  const [row] = sql(`SELECT status, attempts, last_error IS NOT NULL, next_attempt_at > UTC_TIMESTAMP()
    FROM outbox WHERE ticket_id = ${t.id}`).split('\n');
  assert.equal(row, 'queued\t1\t1\t1');
  assert.match(sql(`SELECT last_error FROM outbox WHERE ticket_id = ${t.id}`), /connect/i);
  // The server is back, but the mail is not due yet: nothing goes.
  assert.equal(mailOut(), 'mail-out: 0 sent, 0 to retry, 0 failed');
  assert.equal(mailsTo(c.email).length, 0);
  assert.ok(await eventually(() => sql(`SELECT next_attempt_at <= UTC_TIMESTAMP() FROM outbox WHERE ticket_id = ${t.id}`) === '1', 6000));
  assert.equal(mailOut(), 'mail-out: 1 sent, 0 to retry, 0 failed');
  assert.equal(mailOut(), 'mail-out: 0 sent, 0 to retry, 0 failed');
  assert.equal(mailsTo(c.email).length, 1);
  assert.equal(sql(`SELECT status, attempts FROM outbox WHERE ticket_id = ${t.id}`), 'sent\t2');
});

test('a mail failed after its last attempt is listed for the admins, and their retry sends it', async () => {
  const c = await userWithRole('customer', 'Failed Customer');
  const t = await answered(c);
  assert.equal(mailOut(['--max-attempts', '1'], deadPort), 'mail-out: 0 sent, 0 to retry, 1 failed');
  const id = Number(sql(`SELECT id FROM outbox WHERE ticket_id = ${t.id}`));
  const list = await api('GET', '/api/admin/outbox?status=failed&limit=100', { token: adminTok });
  assert.equal(list.status, 200, list.text);
  const item = list.json.items.find((i) => i.id === id);
  assert.ok(item, 'the failed mail is listed');
  assert.equal(item.status, 'failed');
  assert.equal(item.ticket_id, t.id);
  assert.equal(item.kind, 'auto_answer');
  assert.equal(item.to, c.email);
  assert.equal(item.attempts, 1);
  assert.match(item.last_error, /connect/i);
  assert.equal(item.body, undefined, 'the list does not carry the mail');
  assert.equal((await api('GET', '/api/admin/outbox', { token: agent.token })).status, 403);
  assert.equal((await api('GET', '/api/admin/outbox?status=lost', { token: adminTok })).status, 422);
  assert.equal(mailOut(), 'mail-out: 0 sent, 0 to retry, 0 failed', 'a failed mail stays failed');

  // The admin page shows it with a Retry button; the button queues it again.
  const page = await new Client().login(ADMIN.email, ADMIN.password);
  const r = await page.get('/admin/outbox?status=failed');
  assert.equal(r.status, 200);
  assert.match(r.text, new RegExp(`<tr id="mail-${id}">[\\s\\S]*?action="/admin/outbox/${id}/retry"`));
  const done = await page.submit('/admin/outbox?status=failed', `/admin/outbox/${id}/retry`, {});
  assert.equal(done.status, 303, done.text);
  assert.equal(sql(`SELECT status, attempts FROM outbox WHERE id = ${id}`), 'queued\t0');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'outbox.retry' AND target = 'outbox/${id}'`), '1');
  const twice = await api('POST', `/api/admin/outbox/${id}/retry`, { token: adminTok });
  assert.equal(twice.status, 409, 'only a failed mail is retried');
  assert.equal(mailOut(), 'mail-out: 1 sent, 0 to retry, 0 failed');
  assert.equal(mailsTo(c.email).length, 1);
  const sent = await api('GET', '/api/admin/outbox?status=sent', { token: adminTok });
  assert.ok(sent.json.items.some((i) => i.id === id && i.sent_at && i.message_id?.startsWith(`<deskpilot.${t.id}.${id}.`)));
  // The API's retry, on a mail failed again.
  sql(`UPDATE outbox SET status = 'failed' WHERE id = ${id}`);
  const api1 = await api('POST', `/api/admin/outbox/${id}/retry`, { token: adminTok });
  assert.equal(api1.status, 200, api1.text);
  assert.equal(api1.json.status, 'queued');
  sql(`UPDATE outbox SET status = 'sent' WHERE id = ${id}`);
});

test('two senders at once never send one mail twice', async () => {
  const c = await userWithRole('customer', 'Busy Customer');
  const t = await answered(c);
  for (let i = 0; i < 7; i++) {
    const r = await api('POST', `/api/tickets/${t.id}/messages`, { token: agent.token, body: { body: `Reply ${i}` } });
    assert.equal(r.status, 201, r.text);
  }
  const env = { ...stackEnv(), ...smtp(sinkPort) };
  const run = () => new Promise((resolve, reject) => execFile(path.join(BUILD, 'deskpilot'),
    ['mail-out', '--batch', '1'], { env }, (e, out) => (e ? reject(e) : resolve(out))));
  const outs = await Promise.all([run(), run()]);
  const total = outs.map((o) => Number(/(\d+) sent/.exec(o)[1])).reduce((a, b) => a + b, 0);
  assert.equal(total, 8, outs.join(' | '));
  const mails = mailsTo(c.email);
  assert.equal(mails.length, 8);
  assert.equal(new Set(mails.map((m) => m.h['message-id'])).size, 8, 'eight different mails');
  assert.deepEqual(mails.map((m) => m.text.trim()).filter((x) => x.startsWith('Reply')).sort(),
    [0, 1, 2, 3, 4, 5, 6].map((i) => `Reply ${i}`));
});

test('an outbox row exists only when its change committed', async () => {
  const c = await userWithRole('customer', 'Rollback Customer');
  const t = await answered(c);
  const key = `mail-${process.pid}-${Date.now()}`;
  // The same reply twice under one Idempotency-Key: the repeat wrote its message and
  // its mail, found the key taken and rolled both back.
  for (let i = 0; i < 2; i++) {
    const r = await api('POST', `/api/tickets/${t.id}/messages`, { token: agent.token,
      headers: { 'idempotency-key': key }, body: { body: 'Only once, please.' } });
    assert.equal(r.status, 201, r.text);
  }
  assert.equal(sql(`SELECT COUNT(*) FROM ticket_messages WHERE ticket_id = ${t.id} AND author_role = 'agent'`), '1');
  assert.deepEqual(rows(t.id).map((r) => r[1]), ['auto_answer', 'reply']);
  // A customer's own message, a refused change and the customer's feedback mail nothing.
  assert.equal((await api('POST', `/api/tickets/${t.id}/messages`, { token: c.token, body: { body: 'Thanks!' } })).status, 201);
  assert.equal((await api('PATCH', `/api/tickets/${t.id}`, { token: agent.token, body: { status: 'AUTO_RESOLVED' } })).status, 422);
  assert.equal((await api('PATCH', `/api/tickets/${t.id}`, { token: agent.token, body: { status: 'CLOSED' } })).status, 200);
  assert.ok([200, 409].includes((await api('PATCH', `/api/tickets/${t.id}`, { token: agent.token, body: { status: 'CLOSED' } })).status));
  assert.deepEqual(rows(t.id).map((r) => r[1]), ['auto_answer', 'reply', 'closed'], 'closing twice tells once');
  // Every automatic answer of this file has its one mail, every staff message its one.
  assert.equal(sql(`SELECT COUNT(*) FROM outbox WHERE kind = 'auto_answer' AND ticket_id IN (${answeredIds})`),
    String(answeredIds.length));
  assert.equal(sql(`SELECT COUNT(*) FROM ticket_messages WHERE ticket_id = ${t.id} AND author_role IN ('agent', 'admin')`),
    sql(`SELECT COUNT(*) FROM outbox WHERE ticket_id = ${t.id} AND kind = 'reply'`));
  mailOut();
});
