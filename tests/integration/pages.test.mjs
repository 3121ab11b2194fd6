// pages.test.mjs: the server-rendered pages over plain HTTP — session cookie,
// redirects, roles, CSRF, escaping, and form errors re-rendered in place.
import test from 'node:test';
import assert from 'node:assert/strict';
import { BASE, userWithRole, uniqueEmail, stack, eventually, setCookies } from './lib.mjs';
import { Client } from './pages_client.mjs';

const XSS = '<script>alert(1)</script>';
const XSS_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

async function customerClient() {
  const u = await userWithRole('customer', 'Page Customer');
  const c = new Client();
  await c.login(u.email, u.password);
  return { u, c };
}

async function agentClient() {
  const u = await userWithRole('agent', 'Page Agent');
  const c = new Client();
  await c.login(u.email, u.password);
  return { u, c };
}

function assertHtml(r, status) {
  assert.equal(r.status, status, r.text.slice(0, 500));
  assert.match(r.headers.get('content-type') || '', /^text\/html/);
  assert.match(r.text, /<html lang="en">/);
  assert.doesNotMatch(r.text, /SQL|mysql|mariadb|\/work\/|\.c:\d/i);
}

test('login sets an HttpOnly SameSite=Strict session cookie and goes to the role home', async () => {
  const u = await userWithRole('customer');
  const c = new Client();
  const form = await c.get('/login');
  assertHtml(form, 200);
  assert.ok(c.setCookies.some((s) => /^dp_csrf=[0-9a-f]{64};/.test(s) && /HttpOnly/i.test(s) && /SameSite=Strict/i.test(s)));
  const r = await c.post('/login', { csrf: Client.csrf(form.text), email: u.email.toUpperCase(), password: u.password });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/support/');
  const cookie = c.setCookies.find((s) => s.startsWith('dp_token='));
  assert.ok(cookie, 'dp_token is set');
  assert.match(cookie, /HttpOnly/i);
  assert.match(cookie, /SameSite=Strict/i);
  assert.match(cookie, /Path=\//);
  assert.doesNotMatch(cookie, /Secure/); // plain HTTP here; Secure only over HTTPS
  assertHtml(await c.get('/support/'), 200);
  assert.equal((await c.get('/')).location, '/support/');
  assert.equal((await c.get('/login')).location, '/support/');

  const { c: agent } = await agentClient();
  assert.equal((await agent.get('/')).location, '/agent/');
});

test('a wrong login re-renders the form with one generic error and keeps the e-mail', async () => {
  const u = await userWithRole('customer');
  const c = new Client();
  const form = await c.get('/login');
  const r = await c.post('/login', { csrf: Client.csrf(form.text), email: u.email, password: 'wrong-password' });
  assertHtml(r, 401);
  assert.match(r.text, /don&#39;t match an account/);
  assert.ok(r.text.includes(`value="${u.email}"`));
  assert.doesNotMatch(r.text, /wrong-password/);
  assert.ok(!c.jar.has('dp_token'));
  const unknown = await c.post('/login', { csrf: Client.csrf(r.text), email: uniqueEmail('nobody'), password: 'x' });
  assertHtml(unknown, 401);
  assert.match(unknown.text, /don&#39;t match an account/);
  const empty = await c.post('/login', { csrf: Client.csrf(r.text), email: '', password: '' });
  assertHtml(empty, 422);
  assert.match(empty.text, /id="email-error"/);
});

test('too many failed logins answer 429 with a friendly message', async () => {
  const u = await userWithRole('customer');
  const c = new Client();
  let html = (await c.get('/login')).text;
  let r;
  for (let i = 0; i < 12; i++) {
    r = await c.post('/login', { csrf: Client.csrf(html), email: u.email, password: 'nope-' + i });
    html = r.text;
    if (r.status === 429) break;
  }
  assertHtml(r, 429);
  assert.ok(r.headers.get('retry-after'));
  assert.match(r.text, /Too many failed sign-ins/);
});

test('pages without a session redirect to /login; a bad cookie is dropped', async () => {
  for (const path of ['/support/', '/support/tickets/1', '/agent/', '/agent/tickets', '/agent/tickets/1']) {
    const r = await fetch(BASE + path, { redirect: 'manual' });
    assert.equal(r.status, 303, path);
    assert.equal(r.headers.get('location'), `/login?next=${encodeURIComponent(path)}`, path); // back there once signed in
  }
  const r = await fetch(BASE + '/support/', { redirect: 'manual', headers: { cookie: 'dp_token=not.a.jwt' } });
  assert.equal(r.status, 303);
  assert.ok(setCookies(r.headers).some((s) => /^dp_token=;/.test(s) && /Max-Age=0/.test(s)));
  const home = await fetch(BASE + '/', { redirect: 'manual' });
  assert.equal(home.headers.get('location'), '/login');
});

test('the wrong role gets a 403 page', async () => {
  const { c: cust } = await customerClient();
  assertHtml(await cust.get('/agent/'), 403);
  assertHtml(await cust.get('/agent/tickets'), 403);
  const { c: agent } = await agentClient();
  assertHtml(await agent.get('/support/'), 403);
  const r = await agent.submit('/agent/', '/support/tickets', { subject: 'x', body: 'y' });
  assertHtml(r, 403);
});

test('a form POST without or with a wrong CSRF token is 403', async () => {
  const { c } = await customerClient();
  const fields = { subject: 'csrf test', body: 'should not be filed' };
  assertHtml(await c.post('/support/tickets', fields), 403);
  assertHtml(await c.post('/support/tickets', { ...fields, csrf: '' }), 403);
  assertHtml(await c.post('/support/tickets', { ...fields, csrf: 'a'.repeat(64) }), 403);
  // a token of another session
  const { c: other } = await customerClient();
  const foreign = Client.csrf((await other.get('/support/')).text);
  assertHtml(await c.post('/support/tickets', { ...fields, csrf: foreign }), 403);
  // the anonymous (cookie) token is not enough for a signed-in action
  const anon = new Client();
  const anonTok = Client.csrf((await anon.get('/login')).text);
  c.jar.set('dp_csrf', anon.jar.get('dp_csrf'));
  assertHtml(await c.post('/support/tickets', { ...fields, csrf: anonTok }), 403);
  // nothing was filed
  const list = await c.get('/support/');
  assert.doesNotMatch(list.text, /csrf test/);
  // login: the token must match the dp_csrf cookie
  const fresh = new Client();
  const tok = Client.csrf((await fresh.get('/login')).text);
  fresh.jar.delete('dp_csrf');
  assertHtml(await fresh.post('/login', { csrf: tok, email: 'a@b.example', password: 'x' }), 403);
  fresh.jar.set('dp_csrf', 'b'.repeat(64));
  assertHtml(await fresh.post('/login', { csrf: tok, email: 'a@b.example', password: 'x' }), 403);
  // logout needs it too
  assertHtml(await c.post('/logout', {}), 403);
  assert.ok(c.jar.has('dp_token'));
});

test('logout clears the cookie and goes to /login', async () => {
  const { c } = await customerClient();
  const r = await c.submit('/support/', '/logout', {});
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login');
  assert.ok(c.setCookies.some((s) => /^dp_token=;/.test(s) && /Max-Age=0/.test(s) && /HttpOnly/.test(s)));
  assert.equal((await c.get('/support/')).status, 303);
});

test('a script in a subject is escaped on the customer, queue and agent ticket pages', async () => {
  const { c } = await customerClient();
  const r = await c.submit('/support/', '/support/tickets', { subject: XSS, body: `body ${XSS}`, priority: 'high' });
  assert.equal(r.status, 303, r.text);
  const m = r.location.match(/^\/support\/tickets\/(\d+)\?done=created$/);
  assert.ok(m, r.location);
  const id = m[1];
  const pages = [await c.get('/support/'), await c.get(`/support/tickets/${id}`)];
  const { c: agent } = await agentClient();
  pages.push(await agent.get('/agent/'), await agent.get(`/agent/tickets/${id}`), await agent.get('/agent/tickets'));
  for (const p of pages) {
    assertHtml(p, 200);
    assert.ok(p.text.includes(XSS_ESCAPED), 'escaped subject shown');
    assert.ok(!p.text.includes(XSS), 'never raw');
  }
  // the queue page holds the ticket (whatever the pipeline decided, it is either there or answered)
  const t = pages[1].text;
  assert.match(t, /Conversation/);
  assert.match(t, /High priority|high priority/);
});

test('a customer never sees an unsent suggestion; an agent resolves and the customer sees it', async () => {
  const { c } = await customerClient();
  const r = await c.submit('/support/', '/support/tickets', { subject: 'Where is my parcel', body: 'It has been two weeks.' });
  const id = r.location.match(/tickets\/(\d+)/)[1];
  const { c: agent } = await agentClient();
  const at = await agent.get(`/agent/tickets/${id}`);
  assertHtml(at, 200);
  assert.match(at.text, /name="body"/);
  assert.match(at.text, /name="reusable"/);
  const cust = await c.get(`/support/tickets/${id}`);
  if (/status-open/.test(cust.text)) {
    assert.doesNotMatch(cust.text, /Did this solve your problem/);
    assert.doesNotMatch(cust.text, /Prefilled with/);
  }
  // a reply with an empty body is re-rendered with the error (422)
  const bad = await agent.submit(`/agent/tickets/${id}`, `/agent/tickets/${id}/reply`, { body: '', action: 'resolve' });
  assertHtml(bad, 422);
  assert.match(bad.text, /id="reply-error"/);
  const ok = await agent.submit(`/agent/tickets/${id}`, `/agent/tickets/${id}/reply`, { body: 'It ships <b>today</b>.', action: 'resolve', reusable: '1' });
  assert.equal(ok.status, 303, ok.text);
  assert.equal(ok.location, `/agent/tickets/${id}?done=resolved`);
  const seen = await c.get(`/support/tickets/${id}`);
  assert.match(seen.text, /status-resolved/);
  assert.ok(seen.text.includes('It ships &lt;b&gt;today&lt;/b&gt;.'));
  assert.match(seen.text, /Did this solve your problem/);
  // "No" reopens, then a second rating is a 409 shown on the page
  const no = await c.submit(`/support/tickets/${id}`, `/support/tickets/${id}/feedback`, { helpful: 'no' });
  assert.equal(no.location, `/support/tickets/${id}?done=reopened`);
  const after = await c.get(no.location);
  assert.match(after.text, /status-reopened/);
  assert.match(after.text, /an agent will follow up/);
  const again = await c.post(`/support/tickets/${id}/feedback`, { csrf: Client.csrf(after.text), helpful: 'yes' });
  assertHtml(again, 409);
  // the reopened ticket is back in the queue
  assert.ok((await agent.get('/agent/')).text.includes(`href="/agent/tickets/${id}"`));
});

test('bad form fields re-render the form with errors next to them (422)', async () => {
  const { c } = await customerClient();
  const r = await c.submit('/support/', '/support/tickets', { subject: '', body: 'kept body text', priority: 'extreme' });
  assertHtml(r, 422);
  assert.match(r.text, /id="subject-error"/);
  assert.match(r.text, /id="priority-error"/);
  assert.match(r.text, /kept body text<\/textarea>/);
  assert.match(r.text, /aria-invalid="true"/);
  const long = await c.submit('/support/', '/support/tickets', { subject: 'x'.repeat(201), body: 'b' });
  assertHtml(long, 422);
  const reg = new Client();
  const form = await reg.get('/register');
  const bad = await reg.post('/register', { csrf: Client.csrf(form.text), email: 'not-an-email', password: 'short', name: '' });
  assertHtml(bad, 422);
  for (const f of ['email', 'password', 'name']) assert.match(bad.text, new RegExp(`id="${f}-error"`));
  assert.match(bad.text, /value="not-an-email"/);
});

test('sign-up makes a signed-in customer; a taken e-mail is shown on the form', async () => {
  const c = new Client();
  const email = uniqueEmail('signup');
  const r = await c.submit('/register', '/register', { email: ` ${email.toUpperCase()} `, password: 'long-enough-1', name: 'New <Person>' });
  assert.equal(r.status, 303, r.text);
  assert.equal(r.location, '/support/?done=welcome');
  assert.ok(c.jar.has('dp_token'));
  const home = await c.get(r.location);
  assertHtml(home, 200);
  assert.ok(home.text.includes('New &lt;Person&gt;'));
  const d = new Client();
  const dup = await d.submit('/register', '/register', { email, password: 'long-enough-1', name: 'Again' });
  assertHtml(dup, 409);
  assert.match(dup.text, /already registered/);
});

test('bad ids, unknown pages and other customers\' tickets are 404 pages', async () => {
  const { c } = await customerClient();
  const mine = await c.submit('/support/', '/support/tickets', { subject: 'mine', body: 'mine' });
  const id = mine.location.match(/tickets\/(\d+)/)[1];
  const { c: other } = await customerClient();
  for (const path of [`/support/tickets/${id}`, '/support/tickets/abc', '/support/tickets/0',
    '/support/tickets/99999999999999999999', '/support/tickets/-1', '/no/such/page']) {
    assertHtml(await other.get(path), 404);
  }
  const post = await other.submit('/support/', `/support/tickets/${id}/messages`, { body: 'hi' });
  assertHtml(post, 404);
  const { c: agent } = await agentClient();
  assertHtml(await agent.get('/agent/tickets/0'), 404);
  const badFilter = await agent.get('/agent/tickets?status=NOPE');
  assertHtml(badFilter, 422);
  assertHtml(await agent.get('/agent/tickets?cursor=forged'), 422);
  // a wrong content type on a form route
  const tok = Client.csrf((await c.get('/support/')).text);
  const r = await c.request('POST', '/support/tickets', { form: { csrf: tok, subject: 's', body: 'b' }, headers: { 'content-type': 'text/plain' } });
  assertHtml(r, 415);
});

test('agents assign, set priority and intent; bad values come back as field errors', async () => {
  const { c } = await customerClient();
  const made = await c.submit('/support/', '/support/tickets', { subject: 'assign me', body: 'please' });
  const id = made.location.match(/tickets\/(\d+)/)[1];
  const { u, c: agent } = await agentClient();
  let r = await agent.submit(`/agent/tickets/${id}`, `/agent/tickets/${id}/update`, { assignee: 'me' });
  assert.equal(r.location, `/agent/tickets/${id}?done=updated`);
  let page = await agent.get(r.location);
  assert.ok(page.text.includes(`<strong>${u.name}</strong>`));
  r = await agent.submit(`/agent/tickets/${id}`, `/agent/tickets/${id}/update`, { priority: 'urgent' });
  assert.equal(r.status, 303);
  page = await agent.get(`/agent/tickets/${id}`);
  assert.match(page.text, /priority-urgent/);
  r = await agent.submit(`/agent/tickets/${id}`, `/agent/tickets/${id}/update`, { intent: 'no_such_intent_x' });
  assertHtml(r, 422);
  assert.match(r.text, /id="intent-error"/);
  r = await agent.submit(`/agent/tickets/${id}`, `/agent/tickets/${id}/update`, { assignee: 'abc' });
  assertHtml(r, 422);
  assert.match(r.text, /id="assignee-error"/);
  r = await agent.submit(`/agent/tickets/${id}`, `/agent/tickets/${id}/update`, { assignee: 'none' });
  assert.equal(r.status, 303);
  // search finds it
  const found = await agent.get('/agent/tickets?q=assign');
  assert.ok(found.text.includes(`/agent/tickets/${id}"`));
});

test('unknown page paths are the HTML 404 page: GET, POST and deep paths, signed in or not', async () => {
  const { c } = await customerClient();
  const anon = new Client();
  for (const client of [c, anon]) {
    for (const path of ['/nope', '/nope/', '/no/such/page', '/a/b/c/d/e/f/g/h', '/support/tickets/1/x/y']) {
      const r = await client.get(path);
      assertHtml(r, 404);
      assert.match(r.text, /couldn(&#39;|')t find that page/);
    }
    const post = await client.post('/no/such/page', { a: 'b' });
    assertHtml(post, 404);
    assertHtml(await client.post('/nope', {}), 404);
  }
  // a known path with the wrong method is the HTML 405 page with Allow
  const r = await c.post('/agent/tickets', {});
  assertHtml(r, 405);
  assert.match(r.headers.get('allow') || '', /GET/);
});

// Last in this file: it takes the database away for a moment and waits until it is back.
test('with the database down a page answers a 503 page with Retry-After, then recovers', async () => {
  const { c } = await customerClient();
  assertHtml(await c.get('/support/'), 200);
  stack('stop-db');
  try {
    const r = await c.get('/support/');
    assertHtml(r, 503);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    assert.match(r.text, /right back/);
    const login = new Client();
    const form = await login.get('/login'); // needs no database
    assertHtml(form, 200);
    assertHtml(await login.post('/login', { csrf: Client.csrf(form.text), email: 'a@b.example', password: 'x' }), 503);
  } finally {
    stack('start-db');
  }
  assert.ok(await eventually(async () => (await c.get('/support/')).status === 200, 30000));
});
