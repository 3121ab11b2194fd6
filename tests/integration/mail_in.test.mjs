// mail_in: `deskpilot mail-in` fed the committed corpus (tests/data/mail/) as an MTA
// feeds it: what was stored, the exit codes an MTA acts on (0, 65, 75), no automatic
// answer to automatic mail, one ticket per Message-ID, nothing half-stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { admin, api, cli, ROOT, sql, STATE, sleep } from './lib.mjs';
import { Client } from './pages_client.mjs';

const RUN = `${process.pid}-${Date.now()}`;
let n = 0;
const unique = (tag) => `${tag}-${RUN}-${++n}`;

// A corpus message with this run's sender, Message-ID and ticket number.
function mail(file, { from, messageId, ticket } = {}) {
  let t = fs.readFileSync(path.join(ROOT, 'tests/data/mail', file), 'utf8');
  if (from) t = t.replace(/^(From: [^\n]*<)[^>\n]+(>)/m, `$1${from}$2`);
  if (messageId) t = t.replace(/^Message-ID: <[^>\n]+>/m, `Message-ID: <${messageId}>`);
  // Only the corpus's ticket references: a run's own addresses may hold "1234" too.
  if (ticket) t = t.replaceAll('[#1234]', `[#${ticket}]`).replaceAll('deskpilot.1234.', `deskpilot.${ticket}.`);
  return t;
}

// Deliver as an MTA does: the message on stdin; the exit status and what was said.
function deliver(text, env = {}) {
  try {
    return { code: 0, out: cli(['mail-in'], text, env) };
  } catch (e) {
    if (typeof e.status !== 'number') throw e;
    return { code: e.status, out: String(e.stdout) + String(e.stderr) };
  }
}

const sender = (tag) => `${unique(tag)}@customer.example`;
const q = (s) => `'${String(s).replaceAll("'", "''")}'`;
const ticketsOf = (email) => Number(sql(`SELECT COUNT(*) FROM tickets t JOIN users u ON u.id = t.customer_id WHERE u.email = ${q(email)}`));
async function ticket(id) {
  const r = await api('GET', `/api/tickets/${id}`, { token: await admin() });
  assert.equal(r.status, 200, r.text);
  return r.json;
}
function storedTicket(r) {
  assert.equal(r.code, 0, r.out);
  const m = r.out.match(/mail-in: ticket (\d+) from/);
  assert.ok(m, r.out);
  return Number(m[1]);
}

test.before(async () => {
  // The pipeline's settings of pipeline.test.mjs: the password question is answered.
  const r = await api('PUT', '/api/admin/settings', { token: await admin(), body: { confidence_threshold: 0.75, similarity_threshold: 0.8, auto_resolve_enabled: true } });
  assert.equal(r.status, 200, r.text);
});

// The agents' queue shows the 100 oldest waiting tickets: the ones this file leaves
// waiting must not push the later tests' tickets off it.
test.after(() => {
  sql("UPDATE tickets SET status = 'CLOSED' WHERE channel = 'mail' AND status IN ('OPEN', 'REOPENED')");
});

test('a multipart/alternative mail is a ticket on the mail channel, answered by the pipeline; the sender an account without a password', async () => {
  const from = sender('penny');
  const id = storedTicket(deliver(mail('alternative.eml', { from, messageId: unique('alt') + '@mail.customer.example' })));
  const t = await ticket(id);
  assert.equal(t.channel, 'mail');
  assert.equal(t.subject, 'Forgot my password');
  assert.equal(t.body, 'Hello,\n\nI forgot my password and cannot log in. How do I reset my password?\n\nThanks,\nPenny');
  // Exactly as from the API: the pipeline answered it.
  assert.equal(t.status, 'AUTO_RESOLVED', JSON.stringify(t));
  assert.equal(t.intent, 'password_reset');
  assert.ok(t.messages.some((m) => m.author_role === 'system'));
  assert.equal(sql(`SELECT CONCAT(role, ' ', name, ' ', password_hash) FROM users WHERE email = ${q(from)}`), 'customer Penny Mail !mail');
  // No password opens the account until one is set.
  for (const password of ['!mail', '', 'password-1']) {
    const r = await api('POST', '/api/auth/login', { body: { email: from, password } });
    assert.ok(r.status === 401 || r.status === 422, `${password}: ${r.status}`);
  }
  // The API's tickets say where they came from.
  const web = await api('POST', '/api/tickets', { token: await admin(), body: { subject: 'From the web', body: 'Filed through the API.' } });
  assert.equal(web.status, 201, web.text);
  assert.equal(web.json.channel, 'web');
  // Agents see it on the ticket page.
  const agent = await new Client().login(process.env.DESKPILOT_ADMIN_EMAIL, process.env.DESKPILOT_ADMIN_PASSWORD);
  const page = await agent.get(`/agent/tickets/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /class="badge[^"]*channel-mail"[^>]*>by e-mail</);
  const webPage = await agent.get(`/agent/tickets/${web.json.id}`);
  assert.doesNotMatch(webPage.text, /by e-mail/);
});

test('charsets, transfer encodings and HTML become readable UTF-8 text', async () => {
  const latin = storedTicket(deliver(mail('latin1_qp.eml', { messageId: unique('latin1') + '@kunde.example' })));
  let t = await ticket(latin);
  assert.equal(t.subject, 'Lieferung für Bestellung überfällig');
  assert.match(t.body, /überfällig\. Können Sie bitte prüfen, wo das Paket ist\? Grüße aus München\./);
  assert.equal(sql(`SELECT name FROM users WHERE id = ${t.customer_id}`), 'Jürgen Müller');
  assert.equal(sql(`SELECT email FROM users WHERE id = ${t.customer_id}`), 'jurgen@kunde.example');

  t = await ticket(storedTicket(deliver(mail('html_only.eml', { from: sender('hugo'), messageId: unique('html') + '@webmail.example' }))));
  assert.equal(t.body, 'Hello team,\n\nthe invoice for order #4711 shows 119€ & the shop said 99 €.\nCould you check <why>?\n\n- Order: 4711\n- Date: 2024-11-01\n\nBest regards,\nHugo');

  t = await ticket(storedTicket(deliver(mail('base64.eml', { from: sender('bella'), messageId: unique('b64') + '@customer.example' }))));
  assert.equal(t.body, 'Hi,\n\nmy card was charged twice for the same subscription this month.\nPlease refund one of the two payments.\n\nKind regards,\nBella Base');
});

test('replies by [#id] and In-Reply-To from the ticket\'s customer are follow-ups that reopen it, quotes and signatures cut', async () => {
  const from = sender('penny');
  const id = storedTicket(deliver(mail('alternative.eml', { from, messageId: unique('alt') + '@mail.customer.example' })));
  assert.equal((await ticket(id)).status, 'AUTO_RESOLVED');
  const replyId = unique('reply') + '@mail.customer.example';
  const reply = mail('reply_quote.eml', { from, messageId: replyId, ticket: id });
  let r = deliver(reply);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, new RegExp(`message \\d+ on ticket ${id} from`));
  let t = await ticket(id);
  assert.equal(t.status, 'REOPENED'); // the lifecycle's rule for a customer writing back
  const mine = () => t.messages.filter((m) => m.author_role === 'customer').map((m) => m.body);
  assert.deepEqual(mine(), ['The reset link in your answer has expired before I could use it.\nCan you send a new one?']);
  // The same reply delivered again is stored once.
  r = deliver(reply);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /delivered before/);
  // Outlook's reply: only References and the subject tag point at the ticket.
  const outlook = mail('reply_outlook.eml', { from, messageId: unique('outlook') + '@outlook.example', ticket: id })
    .replace(/^In-Reply-To:.*\n/m, '');
  assert.equal(deliver(outlook).code, 0);
  t = await ticket(id);
  assert.deepEqual(mine().slice(1), ['Still no luck: the new link opens an error page saying "token invalid".\n\nRegards\nPenny']);
  assert.equal(ticketsOf(from), 1);
  assert.equal(sql(`SELECT COUNT(*) FROM mail_inbound WHERE ticket_id = ${id} AND message_id IS NOT NULL`), '2');
});

test('a reference to another customer\'s ticket or to a closed one opens a new ticket', async () => {
  const owner = sender('owner');
  const id = storedTicket(deliver(mail('alternative.eml', { from: owner, messageId: unique('alt') + '@x.example' })));
  const before = (await ticket(id)).messages.length;
  const stranger = sender('stranger');
  const other = storedTicket(deliver(mail('reply_quote.eml', { from: stranger, messageId: unique('r') + '@x.example', ticket: id })));
  assert.notEqual(other, id);
  assert.equal((await ticket(id)).messages.length, before);
  assert.equal((await ticket(other)).channel, 'mail');
  const closed = await api('PATCH', `/api/tickets/${id}`, { token: await admin(), body: { status: 'CLOSED' } });
  assert.equal(closed.status, 200, closed.text);
  const fresh = storedTicket(deliver(mail('reply_quote.eml', { from: owner, messageId: unique('r') + '@x.example', ticket: id })));
  assert.notEqual(fresh, id);
  assert.equal((await ticket(id)).status, 'CLOSED');
});

test('automatic mail (out-of-office, mailing list, bounce) is stored for agents and never answered', async () => {
  const cases = [
    ['out_of_office.eml', sender('ooo'), /Auto-Submitted: auto-replied/],
    ['mailing_list.eml', sender('list'), /Precedence: list/],
    ['bounce.eml', null, /bounce \(null return path\)/],
  ];
  for (const [file, from, why] of cases) {
    const text = mail(file, { from, messageId: unique('auto') + '@auto.example' });
    const id = storedTicket(deliver(text));
    const t = await ticket(id);
    // The same words from a person are answered (the first test); from a machine not.
    assert.equal(t.status, 'OPEN', `${file}: ${JSON.stringify(t)}`);
    assert.equal(t.decision, 'ESCALATE', file);
    assert.match(t.decision_reason, /^no automatic answer to automatic mail/, file);
    assert.match(t.decision_reason, why, file);
    assert.equal(t.messages.filter((m) => m.author_role === 'system').length, 0, file);
    assert.equal(sql(`SELECT response_sent FROM tickets WHERE id = ${id}`), '0', file);
    assert.match(sql(`SELECT automatic FROM mail_inbound WHERE ticket_id = ${id}`), why, file);
  }
});

test('an out-of-office reply to our answer joins the conversation but does not reopen the ticket', async () => {
  const from = sender('away');
  const id = storedTicket(deliver(mail('alternative.eml', { from, messageId: unique('asked') + '@mail.customer.example' })));
  assert.equal((await ticket(id)).status, 'AUTO_RESOLVED');
  const ooo = mail('out_of_office.eml', { from, messageId: unique('away') + '@customer.example' })
    .replace(/^Subject: .*$/m, `Subject: Automatic reply: Re: [#${id}] Forgot my password`);
  assert.equal(deliver(ooo).code, 0);
  const t = await ticket(id);
  assert.equal(t.status, 'AUTO_RESOLVED', 'a machine did not say the answer failed');
  assert.ok(t.messages.some((m) => m.author_role === 'customer' && /out of the office/.test(m.body)), 'stored for agents');
});

test('the same Message-ID delivered twice is one ticket', async () => {
  const from = sender('twice');
  const text = mail('alternative.eml', { from, messageId: unique('dup') + '@customer.example' });
  const id = storedTicket(deliver(text));
  const again = deliver(text);
  assert.equal(again.code, 0, again.out);
  assert.match(again.out, new RegExp(`delivered before \\(ticket ${id}\\)`));
  assert.equal(ticketsOf(from), 1);
  // Without a Message-ID the message's bytes are its key.
  const bare = text.replace(/^Message-ID:.*\n/m, '').replace('Forgot my password', 'No id at all');
  const first = storedTicket(deliver(bare));
  assert.match(deliver(bare).out, /delivered before/);
  assert.match(sql(`SELECT mail_key FROM mail_inbound WHERE ticket_id = ${first}`), /^sha256:[0-9a-f]{64}$/);
  assert.equal(ticketsOf(from), 2);
});

test('malformed and oversized mail: 65 for what can never be taken, the rest bounded', async () => {
  let r = deliver(mail('no_from.eml', { messageId: unique('nofrom') + '@x.example' }));
  assert.equal(r.code, 65, r.out);
  assert.match(r.out, /no usable From address/);
  assert.equal(deliver('\u0000\u0001 not a mail at all \u00ff').code, 65);
  assert.equal(deliver(mail('alternative.eml', { from: 'not an address', messageId: unique('bad') + '@x.example' })).code, 65);
  // Broken MIME boundaries: the text is kept for agents.
  const t = await ticket(storedTicket(deliver(mail('broken_boundary.eml', { from: sender('mallory'), messageId: unique('broken') + '@x.example' }))));
  assert.match(t.body, /The upload of my attachment fails with an error every time I try\./);
  // A message over DESKPILOT_MAIL_MAX_BYTES (10 MB) is refused whole.
  const head = mail('latin1_qp.eml', { from: sender('huge'), messageId: unique('huge') + '@x.example' }).split('\n\n')[0];
  const line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\n';
  const huge = `${head.replace(/Content-Type:.*\nContent-Transfer-Encoding:.*/, 'Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64')}\n\n${line.repeat(Math.ceil(10.5 * 1024 * 1024 / line.length))}`;
  r = deliver(huge);
  assert.equal(r.code, 65, r.out.slice(0, 300));
  assert.match(r.out, /larger than 10485760 bytes/);
  // A long one under the limit: its text is cut to the API's body limit.
  const from = sender('long');
  const words = 'My order is late and I would like to know where the parcel is right now.\n';
  const long = mail('alternative.eml', { from, messageId: unique('long') + '@x.example' })
    .replace(/Content-Type: multipart[\s\S]*$/, `Content-Type: text/plain; charset=utf-8\n\n${words.repeat(40000)}`);
  const lt = await ticket(storedTicket(deliver(long)));
  assert.equal([...lt.body].length, 20000);
});

test('mail from a disabled account is refused (77); mail from our own address is never answered', async () => {
  const from = sender('gone');
  storedTicket(deliver(mail('base64.eml', { from, messageId: unique('gone') + '@x.example' })));
  cli(['user', 'disable', from]);
  const r = deliver(mail('base64.eml', { from, messageId: unique('gone') + '@x.example' }));
  assert.equal(r.code, 77, r.out);
  assert.equal(ticketsOf(from), 1);
  const own = { DESKPILOT_MAIL_FROM: `support-${RUN}@support.example.com` };
  const id = storedTicket(deliver(mail('alternative.eml', { from: own.DESKPILOT_MAIL_FROM.toUpperCase(), messageId: unique('own') + '@x.example' }), own));
  const t = await ticket(id);
  assert.equal(t.status, 'OPEN');
  assert.equal(t.decision_reason, 'no automatic answer to automatic mail (from our own address)');
});

// A TCP port nothing listens on.
async function closedPort() {
  const s = net.createServer();
  await new Promise((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address();
  await new Promise((ok) => s.close(ok));
  return port;
}

test('the database unreachable, or failing inside the transaction: 75, nothing stored; the retry stores it once', async () => {
  const from = sender('retry');
  const messageId = unique('retry') + '@customer.example';
  const text = mail('base64.eml', { from, messageId });
  const down = { DESKPILOT_DB_HOST: '127.0.0.1', DESKPILOT_DB_PORT: String(await closedPort()), DESKPILOT_DB_SOCKET: '' };
  let r = deliver(text, down);
  assert.equal(r.code, 75, r.out);
  assert.equal(sql(`SELECT COUNT(*) FROM users WHERE email = ${q(from)}`), '0');

  // Another session holds the key uncommitted: the claim, the last write of the
  // storing transaction, waits and times out; the ticket written before it goes too.
  const anyTicket = sql('SELECT MIN(id) FROM tickets');
  sql('SET GLOBAL innodb_lock_wait_timeout = 2');
  const holder = spawn('mariadb', ['--no-defaults', `--socket=${path.join(STATE, 'dbrun/mysql.sock')}`, '-uroot', 'deskpilot', '-e',
    `START TRANSACTION; INSERT INTO mail_inbound (mail_key, ticket_id, sender) VALUES (${q(messageId)}, ${anyTicket}, 'holder'); SELECT SLEEP(8); ROLLBACK;`],
  { env: { ...process.env, MYSQL_PWD: fs.readFileSync(path.join(STATE, 'secrets/db_root_password'), 'utf8').trim() }, stdio: 'ignore' });
  const ended = new Promise((ok) => holder.on('exit', ok));
  try {
    await sleep(1000);
    r = deliver(text);
    assert.equal(r.code, 75, r.out);
    assert.equal(ticketsOf(from), 0, 'nothing half-stored');
  } finally {
    sql('SET GLOBAL innodb_lock_wait_timeout = 50');
    await ended;
  }
  // The MTA's retry.
  const id = storedTicket(deliver(text));
  assert.equal(ticketsOf(from), 1);
  assert.equal(sql(`SELECT ticket_id FROM mail_inbound WHERE mail_key = ${q(messageId)}`), String(id));
});
