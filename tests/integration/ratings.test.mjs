// ratings.test.mjs: the stars the dashboard counts (CSAT) are asked for on the pages
// (issue 18): after "Yes", on the customer's ticket page and on the page of the
// mail's feedback link, 1..5 stars (a radio group, no script) and an optional
// comment, stored with the "Yes"; once only, never after "No".
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { admin, api, cli, closeTicketsOf, freePort, sql, userWithRole } from './lib.mjs';
import { Client } from './pages_client.mjs';
import { startSink, received } from './mail_sink.mjs';

const PW = 'I forgot my password and cannot log in. How do I reset my password?';
let cust, page;

async function answered(subject) {
  const r = await api('POST', '/api/tickets', { token: cust.token, body: { subject, body: PW } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'AUTO_RESOLVED', r.json.decision_reason);
  return r.json;
}
const stats = async () => (await api('GET', '/api/admin/stats', { token: await admin() })).json;
const starsForm = (html) => html.match(/<form method="post" action="([^"]+\/rating)"/)?.[1];

test.before(async () => {
  cust = await userWithRole('customer', 'Stella Stars');
  page = await new Client().login(cust.email, cust.password);
});

test.after(() => closeTicketsOf(cust));

test('after "Yes" on the ticket page: 1..5 stars and a comment, counted by the dashboard, once', async () => {
  const t = await answered('Stars after yes');
  let p = await page.get(`/support/tickets/${t.id}`);
  assert.equal(starsForm(p.text), undefined, 'no stars before "Yes"');
  const yes = await page.post(`/support/tickets/${t.id}/feedback`, { csrf: Client.csrf(p.text), helpful: 'yes' });
  assert.equal(yes.status, 303);
  p = await page.get(yes.location);
  assert.equal(starsForm(p.text), `/support/tickets/${t.id}/rating`);
  // An accessible radio group: a fieldset with its legend, five labelled choices.
  assert.match(p.text, /<fieldset class="stars"[^>]*>\s*<legend>Your rating<\/legend>/);
  const choices = [...p.text.matchAll(/<label class="star"><input type="radio" name="rating" value="(\d)" required>[^<]*<span[^>]*>[^<]*<\/span> <span class="star-label">([^<]+)<\/span><\/label>/g)];
  assert.deepEqual(choices.map((m) => m[1]), ['1', '2', '3', '4', '5']);
  assert.equal(choices[4][2], '5 stars, excellent');

  const before = await stats();
  const bad = await page.post(`/support/tickets/${t.id}/rating`, { csrf: Client.csrf(p.text), rating: '6' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="rating-error"/);
  assert.equal((await page.post(`/support/tickets/${t.id}/rating`, { rating: '4' })).status, 403, 'CSRF');
  const ok = await page.post(`/support/tickets/${t.id}/rating`, { csrf: Client.csrf(p.text), rating: '4', comment: 'Quick <b>and</b> clear' });
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  assert.equal(ok.location, `/support/tickets/${t.id}?done=rated`);
  assert.equal(sql(`SELECT CONCAT_WS(' ', helpful, rating, comment) FROM feedback WHERE ticket_id = ${t.id}`), '1 4 Quick <b>and</b> clear');
  const after = await stats();
  assert.equal(after.ratings, before.ratings + 1);
  p = await page.get(ok.location);
  assert.match(p.text, /Thank you for your rating!/);
  assert.equal(starsForm(p.text), undefined, 'asked once');
  const again = await page.post(`/support/tickets/${t.id}/rating`, { csrf: Client.csrf(p.text), rating: '1' });
  assert.equal(again.status, 409);
  assert.equal(sql(`SELECT rating FROM feedback WHERE ticket_id = ${t.id}`), '4');
  // The agent sees nothing of it as a rejection.
  assert.equal((await api('GET', `/api/tickets/${t.id}`, { token: cust.token })).json.status, 'CLOSED');
});

test('no stars after "No", and none on another customer\'s ticket', async () => {
  const t = await answered('No stars after no');
  const p = await page.get(`/support/tickets/${t.id}`);
  const no = await page.post(`/support/tickets/${t.id}/feedback`, { csrf: Client.csrf(p.text), helpful: 'no' });
  assert.equal(no.status, 303);
  const after = await page.get(no.location);
  assert.equal(starsForm(after.text), undefined);
  assert.equal((await page.post(`/support/tickets/${t.id}/rating`, { csrf: Client.csrf(after.text), rating: '5' })).status, 409);
  assert.equal(sql(`SELECT COUNT(rating) FROM feedback WHERE ticket_id = ${t.id}`), '0');
  const other = await userWithRole('customer', 'Olga Other');
  const op = await new Client().login(other.email, other.password);
  const home = await op.get('/support/');
  assert.equal((await op.post(`/support/tickets/${t.id}/rating`, { csrf: Client.csrf(home.text), rating: '5' })).status, 404);
});

test('after "Yes" through the mail\'s feedback link: stars on that page too', async () => {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskpilot-smtp-'));
  const sink = await startSink(port, dir);
  try {
    const t = await answered('Stars by mail');
    cli(['mail-out'], '', { DESKPILOT_SMTP_URL: `smtp://127.0.0.1:${port}` });
    const mail = received(dir).filter((m) => m.h['x-envelope-to'] === cust.email && m.subject.startsWith(`[#${t.id}]`)).at(-1);
    assert.ok(mail, 'the answer was mailed');
    const yes = new URL(mail.text.match(/(https?:\/\/\S+helpful=yes)/)[1]);
    const action = yes.pathname;
    const vote = await api('POST', action, { raw: 'helpful=yes', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(vote.status, 200, vote.text.slice(0, 300));
    assert.equal(starsForm(vote.text), `${action}/rating`);
    const form = (body) => api('POST', `${action}/rating`, { raw: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const bad = await form('rating=0');
    assert.equal(bad.status, 422);
    assert.ok(starsForm(bad.text), 'the form again, with the error');
    const ok = await form('rating=5&comment=Spot+on');
    assert.equal(ok.status, 200, ok.text.slice(0, 300));
    assert.match(ok.text, /Thank you for your rating!/);
    assert.equal(sql(`SELECT CONCAT_WS(' ', rating, comment) FROM feedback WHERE ticket_id = ${t.id}`), '5 Spot on');
    assert.equal((await form('rating=1')).status, 409);
    const forged = action.replace(/\.(\d+)\./, (m, n) => `.${Number(n) + 1}.`);
    assert.equal((await api('POST', `${forged}/rating`, { raw: 'rating=5', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status, 404);
  } finally {
    sink.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
