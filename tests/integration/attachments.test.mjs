// attachments.test.mjs: files on tickets and messages (issue 18) — upload through the
// API and the pages, download only by who may see the ticket (404 for anyone else),
// headers that keep a file from ever acting as a page of ours, content checked
// against the declared type and the name (polyglots refused), the limits (413) and
// the quota (429), deletion with the ticket, and a classifier blind to them.
import http from 'node:http';
import test from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem, BASE, closeTicketsOf, fieldNames, sql, userWithRole, withSettings } from './lib.mjs';
import { Client } from './pages_client.mjs';
import { download, gif, HTML, jpeg, png, pngZip, upload } from './files.mjs';

let customer, other, agent;
const tickets = [];

async function ticketOf(who, subject = 'My screenshot shows an error') {
  const r = await api('POST', '/api/tickets', { token: who.token, body: { subject, body: 'The app shows an error when I pay. See the screenshot.' } });
  assert.equal(r.status, 201, r.text);
  tickets.push(r.json.id);
  return r.json.id;
}

// A POST that announces a body of `length` bytes and sends none: what nginx answers
// from the headers.
function announce(path, length, token) {
  const url = new URL(BASE + path);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method: 'POST', headers: {
      authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=b', 'content-length': length } }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

test.before(async () => {
  customer = await userWithRole('customer', 'Attach Customer');
  other = await userWithRole('customer', 'Other Customer');
  agent = await userWithRole('agent', 'Attach Agent');
});
test.after(() => closeTicketsOf(customer, other));

test('the owner uploads images and a text file; the ticket lists them; owner and staff download them as downloads', async () => {
  const id = await ticketOf(customer);
  const image = png(300, 200);
  const r = await upload(`/api/tickets/${id}/attachments`, {
    token: customer.token,
    files: [
      { name: 'screen shot ü.png', type: 'image/png', data: image },
      { name: 'photo.jpg', type: 'image/jpeg', data: jpeg() },
      { name: 'dot.gif', type: 'image/gif', data: gif() },
      { name: 'log.txt', type: 'text/plain', data: Buffer.from('error 42 at checkout\n') },
    ],
  });
  assert.equal(r.status, 201, r.text);
  const [a, j, g, t] = r.json.attachments;
  assert.match(a.id, /^[0-9a-f]{32}$/, 'a random name, not a row number');
  assert.equal(a.name, 'screen shot ü.png');
  assert.equal(a.content_type, 'image/png');
  assert.equal(a.size, image.length);
  assert.deepEqual([a.image, a.width, a.height], [true, 300, 200]);
  assert.deepEqual([j.image, j.width, g.image, g.width], [true, 8, true, 1]);
  assert.deepEqual([t.image, t.width, t.message_id], [false, null, null]);
  assert.equal(a.url, `/api/tickets/${id}/attachments/${a.id}`);

  const got = await api('GET', `/api/tickets/${id}`, { token: customer.token });
  assert.deepEqual(got.json.attachments.map((x) => x.id), [a.id, j.id, g.id, t.id]);
  assert.equal(got.json.version, 2, 'adding files is a change of the ticket');

  for (const who of [customer, agent]) {
    const d = await download(a.url, { token: who.token });
    assert.equal(d.status, 200);
    assert.ok(d.body.equals(image), 'byte for byte');
    assert.equal(d.headers.get('content-type'), 'image/png');
    assert.equal(d.headers.get('content-disposition'), "attachment; filename*=UTF-8''screen%20shot%20%C3%BC.png");
    assert.match(d.headers.get('x-content-type-options'), /nosniff/);
    assert.match(d.headers.get('content-security-policy'), /default-src 'none'; sandbox/);
    assert.match(d.headers.get('cache-control'), /private/);
  }
  const text = await download(t.url, { token: customer.token });
  assert.equal(text.headers.get('content-type'), 'text/plain; charset=utf-8');
});

test('files go on one of the caller\'s own messages with message_id, on no one else\'s', async () => {
  const id = await ticketOf(customer);
  const mine = await api('POST', `/api/tickets/${id}/messages`, { token: customer.token, body: { body: 'Here is the receipt.' } });
  assert.equal(mine.status, 201, mine.text);
  const theirs = await api('POST', `/api/tickets/${id}/messages`, { token: agent.token, body: { body: 'Please send the receipt.' } });
  assert.equal(theirs.status, 201, theirs.text);
  const receipt = { name: 'receipt.gif', type: 'image/gif', data: gif() };
  const r = await upload(`/api/tickets/${id}/attachments`, { token: customer.token, fields: { message_id: String(mine.json.id) }, files: [receipt] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.attachments[0].message_id, mine.json.id);
  for (const mid of [String(theirs.json.id), '999999999', 'x']) {
    const bad = await upload(`/api/tickets/${id}/attachments`, { token: customer.token, fields: { message_id: mid }, files: [receipt] });
    assertProblem(bad, 422, 'validation_failed');
    assert.deepEqual(fieldNames(bad), ['message_id']);
  }
  const elsewhere = await ticketOf(customer);
  const wrong = await upload(`/api/tickets/${elsewhere}/attachments`, { token: customer.token, fields: { message_id: String(mine.json.id) }, files: [receipt] });
  assert.deepEqual(fieldNames(wrong), ['message_id'], 'a message of another ticket');
  assert.equal((await api('GET', `/api/tickets/${id}`, { token: customer.token })).json.attachments.length, 1, 'nothing stored by a refusal');
});

test('nobody else reaches a file: another customer 404, anonymous 401, a wrong ticket or name 404', async () => {
  const id = await ticketOf(customer);
  const r = await upload(`/api/tickets/${id}/attachments`, { token: customer.token, files: [{ name: 'a.png', type: 'image/png', data: png() }] });
  assert.equal(r.status, 201, r.text);
  const { url, id: aid } = r.json.attachments[0];
  const foreign = await download(url, { token: other.token });
  assert.equal(foreign.status, 404);
  assert.equal(foreign.body.length < 400 && !foreign.body.includes(png().subarray(0, 8)), true, 'no byte of the file');
  assert.equal((await download(url)).status, 401);
  const otherTicket = await ticketOf(other);
  assert.equal((await download(`/api/tickets/${otherTicket}/attachments/${aid}`, { token: other.token })).status, 404, 'a ticket of theirs does not open ours');
  assert.equal((await download(`/api/tickets/${id}/attachments/${'0'.repeat(32)}`, { token: customer.token })).status, 404);
  assert.equal((await download(`/api/tickets/${id}/attachments/..%2f..%2fetc`, { token: customer.token })).status, 404);
  // Nor can they add files to it, or list them.
  const up = await upload(`/api/tickets/${id}/attachments`, { token: other.token, files: [{ name: 'b.png', type: 'image/png', data: png() }] });
  assertProblem(up, 404, 'not_found');
  assert.equal((await api('GET', `/api/tickets/${id}`, { token: other.token })).status, 404);
});

test('a polyglot, a page named .png, a lying type and a type off the list are refused with 422 naming the field', async () => {
  const id = await ticketOf(customer);
  const cases = [
    { name: 'cat.png', type: 'image/png', data: pngZip() },
    { name: 'cat.png', type: 'image/png', data: HTML },
    { name: 'cat.png', type: 'image/jpeg', data: png() },
    { name: 'notes.txt', type: 'text/plain', data: HTML },
    { name: 'setup.exe', type: 'application/octet-stream', data: Buffer.from('MZ\x90\x00') },
    { name: 'page.html', type: 'text/html', data: HTML },
    { name: 'cat.gif', type: 'image/gif', data: Buffer.concat([gif(), HTML]) },
    { name: 'cat.jpg', type: 'image/jpeg', data: Buffer.concat([jpeg(), Buffer.from('PK\x03\x04')]) },
  ];
  for (const f of cases) {
    const r = await upload(`/api/tickets/${id}/attachments`, { token: customer.token, files: [f] });
    assertProblem(r, 422, 'validation_failed');
    assert.deepEqual(fieldNames(r), ['file'], `${f.name} as ${f.type}: ${r.text}`);
  }
  // One bad file refuses the whole request: nothing of it is stored.
  const mixed = await upload(`/api/tickets/${id}/attachments`, { token: customer.token, files: [{ name: 'ok.png', type: 'image/png', data: png() }, cases[0]] });
  assert.equal(mixed.status, 422);
  assert.equal((await api('GET', `/api/tickets/${id}`, { token: customer.token })).json.attachments.length, 0);
});

test('malformed uploads: JSON is 415, no file 422, a broken body 400', async () => {
  const id = await ticketOf(customer);
  const json = await api('POST', `/api/tickets/${id}/attachments`, { token: customer.token, body: { file: 'x' } });
  assertProblem(json, 415, 'unsupported_media_type');
  const none = await upload(`/api/tickets/${id}/attachments`, { token: customer.token, fields: { note: 'no file' } });
  assertProblem(none, 422, 'validation_failed');
  assert.deepEqual(fieldNames(none), ['file']);
  const cut = await api('POST', `/api/tickets/${id}/attachments`, {
    token: customer.token, raw: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nno end',
    headers: { 'content-type': 'multipart/form-data; boundary=b' },
  });
  assertProblem(cut, 400, 'bad_request');
});

test('limits: a file too large or too many at once is 413 naming the field; a full ticket too', async () => {
  const id = await ticketOf(customer);
  await withSettings({ attachment_max_bytes: 1024, attachment_max_files: 2, attachment_max_per_ticket: 3 }, async () => {
    const big = await upload(`/api/tickets/${id}/attachments`, { token: customer.token, files: [{ name: 'big.png', type: 'image/png', data: png(40, 40, 2000) }] });
    assertProblem(big, 413, 'payload_too_large');
    assert.deepEqual(fieldNames(big), ['file']);
    const three = [1, 2, 3].map((i) => ({ name: `${i}.gif`, type: 'image/gif', data: gif() }));
    const many = await upload(`/api/tickets/${id}/attachments`, { token: customer.token, files: three });
    assertProblem(many, 413, 'payload_too_large');
    assert.equal((await upload(`/api/tickets/${id}/attachments`, { token: customer.token, files: three.slice(0, 2) })).status, 201);
    const full = await upload(`/api/tickets/${id}/attachments`, { token: customer.token, files: three.slice(0, 2) });
    assertProblem(full, 413, 'payload_too_large');
    assert.equal((await upload(`/api/tickets/${id}/attachments`, { token: customer.token, files: three.slice(0, 1) })).status, 201);
  });
  // Past nginx's upload limit (26 MiB): its own 413, as problem+json, on the headers alone.
  const huge = await announce(`/api/tickets/${id}/attachments`, 27 << 20, customer.token);
  assert.equal(huge.status, 413);
  assert.equal(JSON.parse(huge.text).code, 'payload_too_large');
  // The JSON endpoints keep their small limit.
  const long = await api('POST', `/api/tickets/${id}/messages`, { token: customer.token, raw: JSON.stringify({ body: 'x'.repeat(100000) }), headers: { 'content-type': 'application/json' } });
  assert.equal(long.status, 413);
});

test('a customer\'s files count against the hourly quota (429 with Retry-After); staff are exempt', async () => {
  const id = await ticketOf(other);
  const hour = Math.floor(Date.now() / 3600000);
  await withSettings({ attachment_quota_mb: 1 }, async () => {
    const half = { name: 'half.txt', type: 'text/plain', data: Buffer.alloc(600 * 1024, 'b') };
    sql(`UPDATE ticket_quota SET bytes = 0 WHERE user_id = ${other.id}`);
    assert.equal((await upload(`/api/tickets/${id}/attachments`, { token: other.token, files: [half] })).status, 201);
    const over = await upload(`/api/tickets/${id}/attachments`, { token: other.token, files: [half] });
    assertProblem(over, 429, 'rate_limited');
    assert.ok(Number(over.headers.get('retry-after')) > 0);
    assert.equal(sql(`SELECT bytes FROM ticket_quota WHERE user_id = ${other.id} AND hour = ${hour}`), String(600 * 1024), 'the refused upload does not count');
    assert.equal((await upload(`/api/tickets/${id}/attachments`, { token: agent.token, files: [half, half] })).status, 201, 'staff are exempt');
  });
});

test('a closed ticket takes no files (409); a ticket deleted takes its files and their bytes with it', async () => {
  const id = await ticketOf(customer);
  const r = await upload(`/api/tickets/${id}/attachments`, { token: customer.token, files: [{ name: 'big.png', type: 'image/png', data: png(20, 20, 600 * 1024) }] });
  assert.equal(r.status, 201, r.text);
  assert.ok(Number(sql(`SELECT COUNT(*) FROM attachment_chunks c JOIN attachments a ON a.id = c.attachment_id WHERE a.ticket_id = ${id}`)) >= 3, 'stored in chunks');
  sql(`UPDATE tickets SET status = 'CLOSED' WHERE id = ${id}`);
  assertProblem(await upload(`/api/tickets/${id}/attachments`, { token: customer.token, files: [{ name: 'a.gif', type: 'image/gif', data: gif() }] }), 409, 'conflict');
  const aid = sql(`SELECT id FROM attachments WHERE ticket_id = ${id}`);
  sql(`DELETE FROM tickets WHERE id = ${id}`);
  assert.equal(sql(`SELECT COUNT(*) FROM attachments WHERE ticket_id = ${id}`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM attachment_chunks WHERE attachment_id = ${aid}`), '0');
  assert.equal((await download(r.json.attachments[0].url, { token: customer.token })).status, 404);
});

test('pages: a new ticket and replies carry files (multipart with CSRF); a note\'s files stay with staff', async () => {
  const page = await new Client().login(customer.email, customer.password);
  const home = await page.get('/support/');
  assert.match(home.text, /enctype="multipart\/form-data"/);
  assert.match(home.text, /<input id="files" name="files" type="file" multiple/);
  const made = await upload('/support/tickets', {
    cookie: page.cookieHeader(),
    fields: { csrf: Client.csrf(home.text), subject: 'Card declined at checkout', body: 'Screenshot attached.', priority: 'normal' },
    files: [{ field: 'files', name: 'declined.png', type: 'image/png', data: png(640, 480) }, { field: 'files', name: '', type: 'application/octet-stream', data: Buffer.alloc(0) }],
  });
  assert.equal(made.status, 303, made.text);
  const id = Number(made.headers.get('location').match(/tickets\/(\d+)/)[1]);
  tickets.push(id);
  const view = await page.get(`/support/tickets/${id}`);
  const img = view.text.match(/<img class="file-thumb" src="(\/files\/[0-9a-f]{32})" width="160" height="120" alt="Image: declined.png"/);
  assert.ok(img, 'a verified image is shown as a thumbnail');
  const file = await download(img[1], { cookie: page.cookieHeader() });
  assert.equal(file.status, 200);
  assert.match(file.headers.get('content-disposition'), /^attachment; filename\*=UTF-8''declined.png$/);
  assert.match(file.headers.get('content-security-policy'), /sandbox/);

  // A refused file shows the form again with the reason and what was typed.
  const bad = await upload(`/support/tickets/${id}/messages`, {
    cookie: page.cookieHeader(),
    fields: { csrf: Client.csrf(view.text), body: 'Here is another one' },
    files: [{ field: 'files', name: 'x.png', type: 'image/png', data: HTML }],
  });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /Attachment holds text\/html, not image\/png/);
  assert.match(bad.text, /Here is another one/);
  // Without the CSRF token: refused.
  const forged = await upload(`/support/tickets/${id}/messages`, { cookie: page.cookieHeader(), fields: { body: 'x' }, files: [{ field: 'files', name: 'a.gif', type: 'image/gif', data: gif() }] });
  assert.equal(forged.status, 403);

  // The agent replies with a PDF and adds a note with a text file.
  const desk = await new Client().login(agent.email, agent.password);
  const ap = await desk.get(`/agent/tickets/${id}`);
  assert.match(ap.text, /alt="Image: declined.png"/);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const reply = await upload(`/agent/tickets/${id}/reply`, {
    cookie: desk.cookieHeader(),
    fields: { csrf: Client.csrf(ap.text), version: ap.text.match(/name="version" value="(\d+)"/)[1], body: 'Here are the steps.', action: 'send' },
    files: [{ field: 'files', name: 'steps.pdf', type: 'application/pdf', data: pdf }],
  });
  assert.equal(reply.status, 303, reply.text);
  const ap2 = await desk.get(`/agent/tickets/${id}`);
  const note = await upload(`/agent/tickets/${id}/reply`, {
    cookie: desk.cookieHeader(),
    fields: { csrf: Client.csrf(ap2.text), version: ap2.text.match(/name="version" value="(\d+)"/)[1], body: 'Internal: fraud check', action: 'note' },
    files: [{ field: 'files', name: 'fraud.txt', type: 'text/plain', data: Buffer.from('card flagged\n') }],
  });
  assert.equal(note.status, 303, note.text);
  const api1 = (await api('GET', `/api/tickets/${id}`, { token: customer.token })).json;
  assert.deepEqual(api1.attachments.map((x) => x.name), ['declined.png', 'steps.pdf'], 'the note\'s file is not the customer\'s');
  const staffView = (await api('GET', `/api/tickets/${id}`, { token: agent.token })).json;
  const secret = staffView.attachments.find((x) => x.name === 'fraud.txt');
  assert.ok(secret && secret.message_id > 0);
  assert.equal((await download(secret.url, { token: customer.token })).status, 404);
  assert.equal((await download(`/files/${secret.id}`, { cookie: page.cookieHeader() })).status, 404);
  const pdfView = await page.get(`/support/tickets/${id}`);
  assert.match(pdfView.text, /steps\.pdf/);
  assert.doesNotMatch(pdfView.text, /fraud/);
  assert.doesNotMatch(pdfView.text, /alt="Image: steps.pdf"/, 'a PDF is download-only');
});

test('the classifier ignores attachments: the same words with and without files get the same answer', async () => {
  const page = await new Client().login(other.email, other.password);
  const subject = 'How do I reset my password', body = 'I forgot my password and cannot sign in.';
  const file = async (files) => {
    const home = await page.get('/support/');
    const r = await upload('/support/tickets', { cookie: page.cookieHeader(), fields: { csrf: Client.csrf(home.text), subject, body, priority: 'normal' }, files });
    assert.equal(r.status, 303, r.text);
    const id = Number(r.headers.get('location').match(/tickets\/(\d+)/)[1]);
    tickets.push(id);
    return (await api('GET', `/api/tickets/${id}`, { token: agent.token })).json;
  };
  const plain = await file([]);
  const refund = Buffer.from('refund refund my card was charged twice, cancel my order and refund the money\n'.repeat(50));
  const withFiles = await file([{ field: 'files', name: 'refund-cancel-order-charged-twice.txt', type: 'text/plain', data: refund }]);
  assert.equal(withFiles.attachments.length, 1);
  assert.equal(withFiles.intent, plain.intent);
  assert.equal(withFiles.confidence, plain.confidence);
  assert.equal(withFiles.decision, plain.decision);
});
