// password_reset.test.mjs: "Forgot password?" end to end (issue 18) — the request is
// queued in the outbox, `deskpilot mail-out` delivers it to a real SMTP server
// (tests/integration/smtp_sink.py), the link in the mail sets a new password once,
// an expired or used link is refused, every earlier session ends, an unknown address
// gets the same answer, the limits answer 429, and the pages do the same.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN, STATE, api, assertProblem, cli, fieldNames, freePort, from, login, register, sql, uniqueEmail, userWithRole } from './lib.mjs';
import { Client } from './pages_client.mjs';
import { startSink, received } from './mail_sink.mjs';

const PUBLIC = process.env.DESKPILOT_PUBLIC_URL;
let sink, sinkDir, sinkPort;
const mailOut = () => cli(['mail-out'], '', { DESKPILOT_SMTP_URL: `smtp://127.0.0.1:${sinkPort}` }).trim();
const mailsTo = (email) => received(sinkDir).filter((m) => m.h['x-envelope-to'] === email);
const ask = (email, client = '127.0.0.1') => from(client, 'POST', '/api/auth/password-reset', { body: { email } });
const confirm = (token, password) => api('POST', '/api/auth/password-reset/confirm', { body: { token, password } });
// assertProblem for an answer of from() (node's headers).
function problem(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers['content-type'] || '', /^application\/problem\+json/);
  assert.equal(r.json?.code, code);
}

// The link of the newest reset mail to email (after a sender's run), and its token.
function linkTo(email) {
  const mails = mailsTo(email);
  assert.ok(mails.length > 0, `a mail reached ${email}`);
  const m = mails.at(-1);
  const link = m.text.match(/(https?:\/\/\S+\/reset\?token=([0-9a-f]{64}))/);
  assert.ok(link, m.text);
  return { mail: m, url: link[1], token: link[2] };
}

test.before(async () => {
  sinkPort = await freePort();
  sinkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskpilot-smtp-'));
  sink = await startSink(sinkPort, sinkDir);
  mailOut(); // what earlier test files queued
});

test.after(() => {
  sink?.kill('SIGTERM');
  if (sinkDir) fs.rmSync(sinkDir, { recursive: true, force: true });
});

test('a reset link by mail sets a new password once, ends every session, and is audited', async () => {
  const u = await userWithRole('customer', 'Rita Reset');
  const other = await login(u.email, u.password); // a second session, elsewhere
  const r = await ask(u.email.toUpperCase());
  assert.equal(r.status, 202, r.text);
  // Only a hash is stored, and the outbox row holds no token: the sender draws it.
  assert.equal(sql(`SELECT COUNT(*), COUNT(token_hash) FROM password_resets WHERE user_id = ${u.id}`), '1\t0');
  assert.equal(sql(`SELECT COUNT(*), COUNT(body) FROM outbox WHERE kind = 'password_reset'
    AND reset_id = (SELECT MAX(id) FROM password_resets WHERE user_id = ${u.id})`), '1\t0');
  assert.match(mailOut(), /sent/);
  const { mail, url, token } = linkTo(u.email);
  assert.equal(mail.subject, 'Reset your password');
  assert.ok(url.startsWith(`${PUBLIC}/reset?token=`), url);
  assert.equal(mail.h['auto-submitted'], 'auto-generated');
  assert.ok(!mail.h['in-reply-to'] && !mail.h.references, 'a reset mail threads with nothing');
  const stored = sql(`SELECT token_hash FROM password_resets WHERE user_id = ${u.id}`);
  assert.equal(stored, (await import('node:crypto')).createHash('sha256').update(token).digest('hex'));
  assert.ok(!sql(`SELECT CONCAT_WS(' ', body, message_id) FROM outbox WHERE reset_id IS NOT NULL`).includes(token));

  // The policy of sign-up applies to the new password.
  assertProblem(await confirm(token, 'short'), 422, 'validation_failed');
  const c = await confirm(token, 'a-brand-new-password');
  assert.equal(c.status, 204, c.text);
  // Once only.
  const again = await confirm(token, 'another-new-password');
  assertProblem(again, 422, 'validation_failed');
  assert.deepEqual(fieldNames(again), ['token']);
  // Every token issued before the reset is refused; the old password too.
  assert.equal((await api('GET', '/api/auth/me', { token: u.token })).status, 401);
  assert.equal((await api('GET', '/api/auth/me', { token: other })).status, 401);
  assert.equal((await api('POST', '/api/auth/login', { body: { email: u.email, password: u.password } })).status, 401);
  // A sign-in right after (the same second) works.
  const fresh = await login(u.email, 'a-brand-new-password');
  assert.equal((await api('GET', '/api/auth/me', { token: fresh })).status, 200);
  const audit = sql(`SELECT action FROM audit_log WHERE target = 'user:${u.id}' ORDER BY id`).split('\n');
  assert.deepEqual(audit.slice(-2), ['user.password_reset_requested', 'user.password_reset']);
});

test('an expired link is refused, and a new request ends the old link when used', async () => {
  const u = await register('customer', 'Eddie Expired');
  assert.equal((await ask(u.email)).status, 202);
  mailOut();
  const first = linkTo(u.email).token;
  sql(`UPDATE password_resets SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE user_id = ${u.id}`);
  assert.deepEqual(fieldNames(await confirm(first, 'password-after-expiry')), ['token']);
  // Two fresh links: using one ends the other.
  assert.equal((await ask(u.email)).status, 202);
  mailOut();
  const second = linkTo(u.email).token;
  assert.equal((await ask(u.email)).status, 202);
  mailOut();
  const third = linkTo(u.email).token;
  assert.notEqual(second, third);
  assert.equal((await confirm(third, 'third-time-lucky')).status, 204);
  assert.deepEqual(fieldNames(await confirm(second, 'second-thoughts')), ['token']);
  // Made-up tokens: the same 422.
  assert.deepEqual(fieldNames(await confirm('0'.repeat(64), 'whatever-pass')), ['token']);
  assert.deepEqual(fieldNames(await confirm('not a token', 'whatever-pass')), ['token']);
  assertProblem(await api('POST', '/api/auth/password-reset/confirm', { body: { password: 'x' } }), 422, 'validation_failed');
});

test('an unknown address gets the same answer and no mail; a disabled account no mail', async () => {
  const nobody = uniqueEmail('nobody');
  const known = await register('customer', 'Kim Known');
  const a = await ask(nobody, '127.0.0.3');
  const b = await ask(known.email, '127.0.0.3');
  assert.equal(a.status, 202);
  assert.equal(b.status, 202);
  assert.equal(a.text, b.text);
  assert.equal(a.headers['content-type'], b.headers['content-type']);
  // Timing: the two paths do the same writes but the reset's two rows; measured, not
  // asserted tightly (the machine is shared), only that neither is an outlier.
  const time = async (email) => { const t = process.hrtime.bigint(); await ask(email, '127.0.0.4'); return Number(process.hrtime.bigint() - t) / 1e6; };
  const tn = await time(uniqueEmail('nobody')), tk = await time((await register()).email);
  assert.ok(tn < 1000 && tk < 1000, `unknown ${tn} ms, known ${tk} ms`);
  mailOut();
  assert.equal(mailsTo(nobody).length, 0);
  assert.equal(mailsTo(known.email).length, 1);
  problem(await ask('', '127.0.0.3'), 422, 'validation_failed');

  const staff = await userWithRole('agent', 'Disabled Dora');
  cli(['user', 'disable', staff.email]);
  assert.equal((await ask(staff.email, '127.0.0.3')).status, 202);
  mailOut();
  assert.equal(mailsTo(staff.email).length, 0);
});

test('staff get reset mail too (an admin account)', async () => {
  const email = uniqueEmail('admin');
  cli(['user', 'add', '--email', email, '--name', 'Second Admin', '--role', 'admin'], 'admin-password-1');
  assert.equal((await ask(email, '127.0.0.5')).status, 202);
  mailOut();
  const { token } = linkTo(email);
  assert.equal((await confirm(token, 'new-admin-password')).status, 204);
  await login(email, 'new-admin-password');
  assert.ok(ADMIN.email);
});

test('requests are limited per address asked for and per client: 429 with Retry-After, for known and unknown alike', async () => {
  const nobody = uniqueEmail('limited');
  const codes = [];
  for (let i = 0; i < 5; i++) codes.push((await ask(nobody, '127.0.0.6')).status);
  assert.deepEqual(codes.slice(0, 3), [202, 202, 202]);
  assert.equal(codes[4], 429);
  const r = await ask(nobody, '127.0.0.7'); // another client: the address's own count
  problem(r, 429, 'rate_limited');
  assert.ok(Number(r.headers['retry-after']) > 0);
  // One client asking for many addresses.
  const statuses = [];
  for (let i = 0; i < 12; i++) statuses.push((await ask(uniqueEmail('spray'), '127.0.0.8')).status);
  assert.ok(statuses.slice(0, 10).every((s) => s === 202), statuses.join(' '));
  assert.equal(statuses.at(-1), 429);
});

test('the pages: "Forgot password?" on the sign-in page, the mail link, the new password', async () => {
  const u = await register('customer', 'Paula Pages');
  const c = new Client();
  const loginPage = await c.get('/login');
  assert.match(loginPage.text, /<a href="\/forgot">Forgot password\?<\/a>/);
  const forgot = await c.get('/forgot');
  assert.equal(forgot.status, 200);
  const sent = await c.post('/forgot', { csrf: Client.csrf(forgot.text), email: u.email });
  assert.equal(sent.status, 200, sent.text.slice(0, 300));
  assert.match(sent.text, /If an account has this address/);
  // Without a CSRF token: refused.
  assert.equal((await new Client().post('/forgot', { email: u.email })).status, 403);
  mailOut();
  const { url, token } = linkTo(u.email);
  const page = await c.get(new URL(url).pathname + new URL(url).search);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`name="token" value="${token}"`));
  const weak = await c.post('/reset', { csrf: Client.csrf(page.text), token, password: 'short' });
  assert.equal(weak.status, 422);
  assert.match(weak.text, /name="token"/, 'the form comes back with the token');
  const done = await c.post('/reset', { csrf: Client.csrf(page.text), token, password: 'paged-new-password' });
  assert.equal(done.status, 303, done.text.slice(0, 300));
  assert.equal(done.location, '/login?done=password_reset');
  const used = await c.get(`/reset?token=${token}`);
  assert.equal(used.status, 422);
  assert.doesNotMatch(used.text, /name="password"/);
  assert.match(used.text, /href="\/forgot"/);
  await login(u.email, 'paged-new-password');
  // nginx keeps no token in its access log.
  const log = fs.readFileSync(path.join(STATE, 'logs/nginx-access.log'), 'utf8');
  assert.ok(log.includes('GET /reset '), 'the page was logged');
  assert.ok(!log.includes(token), 'without its token');
});
