// deflection.test.mjs: answers before filing (issue 18, point 3) — POST
// /api/answers/suggest gives the answer a ticket would get automatically and nothing
// otherwise, stores no ticket; POST /api/answers/deflected counts a "Yes" once; the
// admin stats show it per intent; the new-ticket page's no-JS "Check for answers"
// with Yes (counted, no ticket) and No (the ticket is filed); nginx's per-address
// limit; CORS only for the configured widget origins.
import test from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, answeringIntent, assertProblem, fieldNames, from, sql, userWithRole } from './lib.mjs';
import { Client } from './pages_client.mjs';

const GIFT = { subject: 'Gift card', body: 'How do I buy a gift card?' };
const PARROT = { subject: 'Parrot food', body: 'What should I feed my parrot in the winter months?' };
const ORIGIN = process.env.DESKPILOT_WIDGET_ORIGINS;
const tickets = () => Number(sql('SELECT COUNT(*) FROM tickets'));
const deflections = (intent) => Number(sql(`SELECT COUNT(*) FROM deflections WHERE intent = '${intent}'`));
const customers = [];

answeringIntent(test, 'gift_card', customers);

test('a suggestion is exactly the automatic answer the ticket would get, and stores nothing', async () => {
  const c = await userWithRole('customer', 'Deflect Customer');
  customers.push(c);
  for (const q of [GIFT, PARROT, { subject: 'Hello', body: 'Something about nothing in particular, really.' }]) {
    const before = tickets();
    const s = await api('POST', '/api/answers/suggest', { body: q });
    assert.equal(s.status, 200, s.text);
    assert.equal(tickets(), before, 'a suggestion files no ticket');
    const t = await api('POST', '/api/tickets', { token: c.token, body: q });
    assert.equal(t.status, 201, t.text);
    // The same decision: an answer exactly when the ticket is answered automatically.
    assert.equal(s.json.answer !== null, t.json.status === 'AUTO_RESOLVED', `${q.subject}: ${t.json.decision_reason}`);
    assert.equal(s.json.token !== null, s.json.answer !== null);
    if (s.json.answer) {
      // The ticket's answer with its number; the suggestion's has none yet, and no garbage.
      assert.equal(s.json.answer.replace('ticket not filed yet', `ticket #${t.json.id}`).replace('there', 'Deflect Customer'),
        t.json.response);
      assert.doesNotMatch(s.json.answer, /[\x00-\x08\x1f]|\{\{/);
    }
  }
  const g = await api('POST', '/api/answers/suggest', { body: GIFT });
  assert.match(g.json.answer, /gift card/i);
  assert.match(g.json.token, /^gift_card\.\d+\.[0-9a-f]{16}\.[0-9a-f]{64}$/);
  const p = await api('POST', '/api/answers/suggest', { body: PARROT });
  assert.deepEqual(p.json, { answer: null, token: null }, 'an unknown topic gets no answer');
});

test('suggest checks its input like a ticket', async () => {
  const r = await api('POST', '/api/answers/suggest', { body: { subject: '', body: 'x'.repeat(20001) } });
  assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(fieldNames(r).sort(), ['body', 'subject']);
  assertProblem(await api('POST', '/api/answers/suggest', { raw: '{', headers: { 'content-type': 'application/json' } }), 400, 'malformed_json');
});

test('"Yes" counts the deflection once, stores no ticket, and shows in the admin stats', async () => {
  const tok = await admin();
  const before = (await api('GET', '/api/admin/stats', { token: tok })).json;
  const s = await api('POST', '/api/answers/suggest', { body: GIFT });
  const n = deflections('gift_card'), t0 = tickets();
  const yes = await api('POST', '/api/answers/deflected', { body: { token: s.json.token } });
  assert.equal(yes.status, 200, yes.text);
  assert.deepEqual(yes.json, { counted: true });
  const again = await api('POST', '/api/answers/deflected', { body: { token: s.json.token } });
  assert.deepEqual(again.json, { counted: false }, 'the same answer counts once');
  assert.equal(deflections('gift_card'), n + 1);
  assert.equal(tickets(), t0, 'no ticket stored, only the count');
  const after = (await api('GET', '/api/admin/stats', { token: tok })).json;
  assert.equal(after.deflected, before.deflected + 1);
  assert.equal(after.tickets, before.tickets);
  const row = after.deflected_by_intent.find((x) => x.intent === 'gift_card');
  assert.ok(row && row.deflected >= 1, JSON.stringify(after.deflected_by_intent));
  // A period before any deflection counts none.
  const old = await api('GET', '/api/admin/stats?until=2000-01-01', { token: tok });
  assert.equal(old.json.deflected, 0);
  // A forged or changed token is refused, naming the field.
  for (const token of [s.json.token.replace('gift_card', 'refund_status'), `${s.json.token.slice(0, -1)}${s.json.token.endsWith('0') ? '1' : '0'}`, 'x', 'a.1.b.c']) {
    const r = await api('POST', '/api/answers/deflected', { body: { token } });
    assertProblem(r, 422, 'validation_failed');
    assert.deepEqual(fieldNames(r), ['token']);
  }
  assert.equal(deflections('gift_card'), n + 1);
});

test('the new-ticket page without JavaScript: check for answers, Yes counts, No files the ticket', async () => {
  const c = await userWithRole('customer', 'Page Deflect');
  customers.push(c);
  const b = await new Client().login(c.email, c.password);
  const mine = () => Number(sql(`SELECT COUNT(*) FROM tickets WHERE customer_id = ${c.id}`));
  const home = await b.get('/support/');
  assert.match(home.text, /formaction="\/support\/check"/, 'a "Check for answers" button');
  const csrf = Client.csrf(home.text);

  // An unknown topic: no answer, the form keeps the text.
  let r = await b.post('/support/check', { csrf, ...PARROT, priority: 'normal' });
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.match(r.text, /found no ready answer/);
  assert.ok(r.text.includes('What should I feed my parrot'));

  // A known one: the answer with Yes / No.
  r = await b.post('/support/check', { csrf, ...GIFT, priority: 'high' });
  assert.equal(r.status, 200);
  assert.match(r.text, /Does this answer your question\?/);
  assert.match(r.text, /Yes, that solved it/);
  assert.match(r.text, /No, file my ticket/);
  const token = /name="token" value="([^"]+)"/.exec(r.text)[1];
  const n = deflections('gift_card');
  const yes = await b.post('/support/deflected', { csrf, token });
  assert.equal(yes.status, 303);
  assert.equal(yes.location, '/support/?done=deflected');
  assert.equal(deflections('gift_card'), n + 1);
  assert.equal(mine(), 0, 'Yes files nothing');
  assert.match((await b.get('/support/?done=deflected')).text, /No ticket was filed/);

  // No: the hidden fields file the ticket as typed.
  r = await b.post('/support/check', { csrf, ...GIFT, priority: 'high' });
  const hidden = (name) => new RegExp(`<form method="post" action="/support/tickets" class="inline-form">[\\s\\S]*?name="${name}" value="([^"]*)"`).exec(r.text)[1];
  assert.equal(hidden('subject'), GIFT.subject);
  assert.equal(hidden('priority'), 'high');
  const no = await b.post('/support/tickets', { csrf, subject: hidden('subject'), body: hidden('body'), priority: hidden('priority') });
  assert.equal(no.status, 303, no.text.slice(0, 300));
  assert.equal(mine(), 1);
  assert.equal(sql(`SELECT subject, priority FROM tickets WHERE customer_id = ${c.id}`), 'Gift card\thigh');

  // Without a CSRF token nothing is checked or counted.
  assert.equal((await b.post('/support/check', { ...GIFT })).status, 403);
  assert.equal((await b.post('/support/deflected', { token })).status, 403);
  // The typing check answers JSON to the page's own script.
  const j = await b.post('/support/suggest', { csrf, ...GIFT });
  assert.equal(j.status, 200);
  assert.match(JSON.parse(j.text).answer, /Page Deflect/, 'the signed-in customer is greeted by name');
  assert.deepEqual(JSON.parse((await b.post('/support/suggest', { csrf, subject: 'Gi', body: '' })).text), { answer: null, token: null });
});

test('suggest is rate-limited per client address (429 problem+json); other addresses are not', async () => {
  const burst = await Promise.all(Array.from({ length: 120 }, () => from('127.0.0.21', 'POST', '/api/answers/suggest', { body: PARROT })));
  const limited = burst.filter((r) => r.status === 429);
  assert.ok(limited.length > 0, 'some of the burst is refused');
  assert.ok(burst.some((r) => r.status === 200));
  assert.match(limited[0].headers['content-type'], /application\/problem\+json/);
  assert.equal(limited[0].json.code, 'rate_limited');
  const other = await from('127.0.0.22', 'POST', '/api/answers/suggest', { body: PARROT });
  assert.equal(other.status, 200);
});

test('CORS: only the configured widget origins, exactly; preflight answered', async () => {
  assert.ok(ORIGIN, 'the test stack sets DESKPILOT_WIDGET_ORIGINS');
  const ok = await api('POST', '/api/answers/suggest', { body: PARROT, headers: { origin: ORIGIN } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
  assert.match(ok.headers.get('vary'), /Origin/);
  for (const other of ['https://evil.example', `${ORIGIN}.evil.example`, ORIGIN.replace('https:', 'http:'), 'null']) {
    const r = await api('POST', '/api/answers/suggest', { body: PARROT, headers: { origin: other } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-origin'), null, other);
    assert.match(r.headers.get('vary'), /Origin/);
  }
  const pre = await api('OPTIONS', '/api/answers/suggest', { headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), ORIGIN);
  assert.match(pre.headers.get('access-control-allow-methods'), /POST/);
  assert.match(pre.headers.get('access-control-allow-headers'), /Content-Type/i);
  const bad = await api('OPTIONS', '/api/answers/deflected', { headers: { origin: 'https://evil.example' } });
  assert.equal(bad.status, 204);
  assert.equal(bad.headers.get('access-control-allow-origin'), null);
  // The rest of the API is never cross-origin.
  const t = await api('GET', '/api/health', { headers: { origin: ORIGIN } });
  assert.equal(t.headers.get('access-control-allow-origin'), null);
});
