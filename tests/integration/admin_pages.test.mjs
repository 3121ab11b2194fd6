// admin_pages.test.mjs: the admin console's pages over plain HTTP — roles, CSRF,
// escaping, and that each form does exactly what the admin API does.
import test from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN, api, admin, userWithRole, uniqueEmail } from './lib.mjs';
import { Client } from './pages_client.mjs';

const XSS = '<script>alert(1)</script>';
const XSS_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';
const PAGES = ['/admin/', '/admin/users', '/admin/intents', '/admin/settings', '/admin/audit', '/admin/macros', '/admin/sla',
  '/admin/settings?confidence_threshold=0.5', '/admin/users?role=agent'];

const adminClient = () => new Client().login(ADMIN.email, ADMIN.password);

// leaks: false for the audit log, whose data holds the importer's file paths.
function assertHtml(r, status, { leaks = true } = {}) {
  assert.equal(r.status, status, r.text.slice(0, 600));
  assert.match(r.headers.get('content-type') || '', /^text\/html/);
  assert.match(r.text, /<html lang="en">/);
  if (leaks) assert.doesNotMatch(r.text, /SQL|mysql|mariadb|\/work\/|\.c:\d/i);
}

const unique = (p) => `${p}_${process.pid}_${Date.now() % 100000}`;

test('every admin page: 200 for an admin, a 403 page for an agent, 303 to /login without a session', async () => {
  const a = await adminClient();
  for (const p of PAGES) {
    const r = await a.get(p);
    assertHtml(r, 200, { leaks: p !== '/admin/audit' });
    assert.match(r.text, /aria-label="Admin"/, `${p}: admin navigation`);
  }
  assert.equal((await a.get('/admin')).location, '/admin/');
  assert.equal((await a.get('/')).location, '/admin/');
  const agent = await userWithRole('agent', 'Pages Agent');
  const ag = await new Client().login(agent.email, agent.password);
  for (const p of PAGES) assertHtml(await ag.get(p), 403);
  // an agent cannot post to the admin forms either (with a valid token of its own)
  const tok = Client.csrf((await ag.get('/agent/')).text);
  assertHtml(await ag.post('/admin/retrain', { csrf: tok }), 403);
  assertHtml(await ag.post('/admin/settings', { csrf: tok, confidence_threshold: '0.1' }), 403);
  for (const p of PAGES) {
    const r = await fetch(BASE + p, { redirect: 'manual' });
    assert.equal(r.status, 303, p);
    assert.equal(r.headers.get('location'), `/login?next=${encodeURIComponent(p)}`, p);
  }
  const anon = await fetch(BASE + '/admin/retrain', { method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=x' });
  assert.ok([303, 403].includes(anon.status), `anonymous POST: ${anon.status}`);
});

test('a form POST without or with a wrong CSRF token is 403 and changes nothing', async () => {
  const a = await adminClient();
  const token = await admin();
  const before = (await api('GET', '/api/admin/settings', { token })).json;
  const posts = [
    ['/admin/settings', { confidence_threshold: '0.11' }],
    ['/admin/retrain', {}],
    ['/admin/intents', { name: unique('csrf_probe'), examples: 'x' }],
    ['/admin/users/1', { disabled: 'yes' }],
  ];
  for (const [path, form] of posts) {
    assertHtml(await a.post(path, form), 403);
    assertHtml(await a.post(path, { ...form, csrf: 'f'.repeat(64) }), 403);
  }
  assert.deepEqual((await api('GET', '/api/admin/settings', { token })).json, before);
  assert.equal((await api('GET', `/api/admin/intents/${posts[2][1].name}`, { token })).status, 404);
});

test('a script in a ticket subject, an intent example or a user name is escaped', async () => {
  const a = await adminClient();
  const token = await admin();
  // a user name and a ticket whose subject lands on the dashboard's per-intent row
  const cust = await userWithRole('customer', `Mallory ${XSS}`);
  const t = await api('POST', '/api/tickets', { token: cust.token, body: { subject: XSS, body: `body ${XSS}` } });
  assert.equal(t.status, 201, t.text);
  const name = unique('xss_intent');
  const r = await api('POST', '/api/admin/intents', { token, body: {
    name, description: `desc ${XSS}`, examples: [`example ${XSS}`], response_template: `Hi ${XSS}` } });
  assert.equal(r.status, 201, r.text);
  // the ticket gets the new intent, so its name shows in the dashboard's table and chart
  const agent = await userWithRole('agent');
  const p = await api('PATCH', `/api/tickets/${t.json.id}`, { token: agent.token, body: { intent: name } });
  assert.equal(p.status, 200, p.text);

  const pages = {
    dashboard: await a.get('/admin/'),
    users: await a.get('/admin/users?role=customer&limit=100'),
    intents: await a.get('/admin/intents?limit=100'),
    intent: await a.get(`/admin/intents/${name}`),
  };
  for (const [k, pg] of Object.entries(pages)) {
    assertHtml(pg, 200);
    assert.ok(!pg.text.includes(XSS), `${k}: never raw`);
  }
  assert.ok(pages.dashboard.text.includes(`/admin/intents/${name}`), 'dashboard lists the intent');
  assert.ok(pages.dashboard.text.includes(XSS_ESCAPED), 'the subject is in the latest tickets, escaped');
  assert.match(pages.dashboard.text, new RegExp(`<svg[^>]*role="img"`));
  // the user name and the intent's example and description are shown, escaped
  let found = pages.users.text.includes(`Mallory ${XSS_ESCAPED}`);
  for (let next = pages.users.text.match(/href="(\/admin\/users\?[^"]*cursor=[^"]*)"/); !found && next;) {
    const more = await a.get(next[1].replaceAll('&amp;', '&'));
    found = more.text.includes(`Mallory ${XSS_ESCAPED}`);
    assert.ok(!more.text.includes(XSS));
    next = more.text.match(/href="(\/admin\/users\?[^"]*cursor=[^"]*)"/);
  }
  assert.ok(found, 'the user name is on the users page, escaped');
  assert.ok(pages.intent.text.includes(`example ${XSS_ESCAPED}`));
  assert.ok(pages.intent.text.includes(`Hi ${XSS_ESCAPED}`));
  await api('DELETE', `/api/admin/intents/${name}`, { token });
});

test('saving settings through the form changes GET /api/admin/settings; bad values come back as field errors', async () => {
  const a = await adminClient();
  const token = await admin();
  const before = (await api('GET', '/api/admin/settings', { token })).json;
  let r = await a.submit('/admin/settings', '/admin/settings', {
    confidence_threshold: '0.82', similarity_threshold: String(before.similarity_threshold),
    target_precision: String(before.target_precision), min_ratings: '25', auto_resolve_enabled: '1' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(r.location, '/admin/settings?done=settings_saved');
  let now = (await api('GET', '/api/admin/settings', { token })).json;
  assert.equal(now.confidence_threshold, 0.82);
  assert.equal(now.min_ratings, 25);
  assert.equal(now.auto_resolve_enabled, true);
  const page = await a.get(r.location);
  assert.match(page.text, /Settings saved/);
  assert.match(page.text, /value="0.82"/);
  // the same rules as the API: every bad field named, nothing half-written
  r = await a.submit('/admin/settings', '/admin/settings', {
    confidence_threshold: '1.5', similarity_threshold: 'abc', min_ratings: '2.5', auto_resolve_enabled: 'maybe' });
  assertHtml(r, 422);
  for (const f of ['ct-error', 'st-error', 'mr-error']) assert.match(r.text, new RegExp(`id="${f}"`));
  assert.match(r.text, /value="abc"/, 'what was typed comes back');
  assert.deepEqual((await api('GET', '/api/admin/settings', { token })).json, now);
  // the simulator's "use this threshold" form sends one setting only
  r = await a.submit('/admin/settings?confidence_threshold=0.6', '/admin/settings', { confidence_threshold: '0.6' });
  assert.equal(r.status, 303);
  now = (await api('GET', '/api/admin/settings', { token })).json;
  assert.equal(now.confidence_threshold, 0.6);
  assert.equal(now.min_ratings, 25);
  // the audit log page shows the change
  assert.match((await a.get('/admin/audit')).text, /settings\.update/);
  await api('PUT', '/api/admin/settings', { token, body: before });
});

test('the simulator shows what a threshold would do, like GET /api/admin/simulate', async () => {
  const a = await adminClient();
  const token = await admin();
  const sim = (await api('GET', '/api/admin/simulate?confidence_threshold=0.3', { token })).json;
  const r = await a.get('/admin/settings?confidence_threshold=0.3');
  assertHtml(r, 200);
  assert.match(r.text, new RegExp(`id="sim-tickets">${sim.tickets}<`));
  assert.match(r.text, new RegExp(`id="sim-would">${sim.would_auto_resolve}<`));
  assert.match(r.text, /Per intent at 0.3/);
  assertHtml(await a.get('/admin/settings?confidence_threshold=7'), 422);
  assertHtml(await a.get('/admin/settings?confidence_threshold=abc'), 422);
});

test('the intent forms create, edit, re-enable and delete an intent as the API sees it', async () => {
  const a = await adminClient();
  const token = await admin();
  const name = unique('page_intent');
  let r = await a.submit('/admin/intents', '/admin/intents', {
    name, description: 'Made on the page', examples: 'first example\r\n\r\n  second example  \n',
    response_template: 'Hello {{customer_name}}', auto_resolve: '1', threshold: '' });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  assert.equal(r.location, `/admin/intents/${name}?done=intent_created`);
  let it = (await api('GET', `/api/admin/intents/${name}`, { token })).json;
  assert.deepEqual(it.examples, ['first example', 'second example']);
  assert.equal(it.threshold, null);
  assert.equal(it.auto_resolve, true);
  assert.equal(it.response_template, 'Hello {{customer_name}}');
  // a taken name and bad fields come back on the form
  r = await a.submit('/admin/intents', '/admin/intents', { name, examples: 'x' });
  assertHtml(r, 409);
  r = await a.submit('/admin/intents', '/admin/intents', { name: 'Bad Name!', threshold: '2', examples: 'ok' });
  assertHtml(r, 422);
  assert.match(r.text, /id="intent-name-error"/);
  assert.match(r.text, /id="intent-threshold-error"/);
  assert.match(r.text, /value="Bad Name!"/);
  // edit: the textarea replaces the examples, the checkbox off, a threshold
  const edit = await a.get(`/admin/intents/${name}`);
  assertHtml(edit, 200);
  assert.match(edit.text, /first example\nsecond example/);
  r = await a.post(`/admin/intents/${name}`, { csrf: Client.csrf(edit.text), description: 'Edited',
    examples: 'only one now', response_template: 'Bye', threshold: '0.9' });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  it = (await api('GET', `/api/admin/intents/${name}`, { token })).json;
  assert.equal(it.description, 'Edited');
  assert.deepEqual(it.examples, ['only one now']);
  assert.equal(it.auto_resolve, false);
  assert.equal(it.threshold, 0.9);
  r = await a.submit(`/admin/intents/${name}`, `/admin/intents/${name}`, { examples: 'x', threshold: 'lots' });
  assertHtml(r, 422);
  assert.match(r.text, /id="intent-threshold-error"/);
  assert.equal((await api('GET', `/api/admin/intents/${name}`, { token })).json.threshold, 0.9);
  // re-enable is the API's auto_paused: false (harmless when not paused)
  r = await a.submit(`/admin/intents/${name}`, `/admin/intents/${name}/reenable`, {});
  assert.equal(r.status, 303);
  assert.equal((await api('GET', `/api/admin/intents/${name}`, { token })).json.auto_paused, false);
  // unknown intents are 404 pages
  assertHtml(await a.get('/admin/intents/no_such_intent_here'), 404);
  assertHtml(await a.submit('/admin/intents', '/admin/intents/no_such_intent_here', { description: 'x' }), 404);
  // delete
  r = await a.submit(`/admin/intents/${name}`, `/admin/intents/${name}/delete`, {});
  assert.equal(r.location, '/admin/intents?done=intent_deleted');
  assert.equal((await api('GET', `/api/admin/intents/${name}`, { token })).status, 404);
  const audit = (await api('GET', '/api/admin/audit?limit=30', { token })).json.items.filter((e) => e.target === name);
  assert.deepEqual([...new Set(audit.map((e) => e.action))].sort(),
    ['intent.create', 'intent.delete', 'intent.update']);
});

test('users: change a role, disable and enable; the last-admin rule is a friendly error', async () => {
  const a = await adminClient();
  const token = await admin();
  const u = await userWithRole('customer', 'Role Change');
  let r = await a.submit('/admin/users', `/admin/users/${u.id}`, { role: 'agent', filter: 'customer' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(r.location, '/admin/users?done=user_updated&role=customer');
  const patched = (await api('GET', '/api/admin/users?role=agent&limit=100', { token })).json.items;
  assert.ok(patched.some((x) => x.id === u.id));
  r = await a.submit('/admin/users', `/admin/users/${u.id}`, { disabled: 'yes' });
  assert.equal(r.status, 303);
  const login = await api('POST', '/api/auth/login', { body: { email: u.email, password: u.password } });
  assert.equal(login.status, 401, 'a disabled user cannot sign in');
  r = await a.submit('/admin/users', `/admin/users/${u.id}`, { disabled: 'no' });
  assert.equal(r.status, 303);
  assert.equal((await api('POST', '/api/auth/login', { body: { email: u.email, password: u.password } })).status, 200);
  // bad values
  assertHtml(await a.submit('/admin/users', `/admin/users/${u.id}`, { role: 'root' }), 422);
  assertHtml(await a.submit('/admin/users', '/admin/users/999999999', { role: 'agent' }), 404);
  assertHtml(await a.submit('/admin/users', '/admin/users/abc', { role: 'agent' }), 404);
  // the last active admin: demote every other admin, then try to disable ourselves
  const me = (await api('GET', '/api/auth/me', { token })).json.user;
  const admins = (await api('GET', '/api/admin/users?role=admin&limit=100', { token })).json.items;
  for (const x of admins) {
    if (x.id !== me.id && !x.disabled) await api('PATCH', `/api/admin/users/${x.id}`, { token, body: { role: 'agent' } });
  }
  r = await a.submit('/admin/users', `/admin/users/${me.id}`, { disabled: 'yes' });
  assertHtml(r, 409);
  assert.match(r.text, /at least one active admin/);
  assert.match(r.text, /role="alert"/);
  assert.equal((await api('GET', '/api/auth/me', { token })).json.user.disabled, false);
});

test('retrain from the dashboard shows the new model version', async () => {
  const a = await adminClient();
  const dash = await a.get('/admin/');
  const before = Number(dash.text.match(/class="model-version">(\d+)</)?.[1] || 0);
  const r = await a.post('/admin/retrain', { csrf: Client.csrf(dash.text) });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(r.location, '/admin/?done=retrained#model');
  const after = await a.get('/admin/?done=retrained');
  const v = Number(after.text.match(/class="model-version">(\d+)</)?.[1]);
  assert.ok(v > before, `version ${v} after ${before}`);
  assert.match(after.text, /model was retrained/);
  const token = await admin();
  const audit = (await api('GET', '/api/admin/audit?limit=10', { token })).json.items;
  assert.ok(audit.some((e) => e.action === 'model.retrain' && e.target === `model:${v}`));
});

test('the dashboard counts move when a ticket is filed', async () => {
  const a = await adminClient();
  const count = (html) => Number(html.match(/id="kpi-tickets">(\d+)</)[1]);
  const before = count((await a.get('/admin/')).text);
  const cust = await userWithRole('customer');
  const t = await api('POST', '/api/tickets', { token: cust.token, body: { subject: 'Dashboard count', body: 'one more' } });
  assert.equal(t.status, 201);
  const dash = await a.get('/admin/');
  assert.equal(count(dash.text), before + 1);
  const stats = (await api('GET', '/api/admin/stats', { token: await admin() })).json;
  assert.equal(count(dash.text), stats.tickets, 'the same numbers as the API');
  assert.doesNotMatch(dash.text, /No tickets yet/);
  assert.doesNotMatch(dash.text, / style="/, 'no inline styles (CSP)');
});

test('unknown admin pages are the HTML 404 page', async () => {
  const a = await adminClient();
  assertHtml(await a.get('/admin/nope'), 404);
  assertHtml(await a.get('/admin/intents/a/b/c'), 404);
  const r = await a.request('DELETE', '/admin/settings');
  assertHtml(r, 405);
  assert.match(r.headers.get('allow') || '', /GET/);
  void uniqueEmail;
});
