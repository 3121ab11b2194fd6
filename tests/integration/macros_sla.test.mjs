// macros_sla: canned replies (admin CRUD, validated and audited; filled in for a ticket
// with the reply templates' placeholders) and service levels (due times in business
// hours of a time zone, kept on the ticket, paused while PENDING, the queue's "due"
// order, attainment and automatic vs human first responses on the dashboard).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, admin, api, assertProblem, closeTicketsOf, fieldNames, sleep, sql, userWithRole } from './lib.mjs';
import { Client } from './pages_client.mjs';

let token, cust, agent;
const NO_TARGETS = { low: { first_response_minutes: null, resolution_minutes: null },
  normal: { first_response_minutes: null, resolution_minutes: null },
  high: { first_response_minutes: null, resolution_minutes: null },
  urgent: { first_response_minutes: null, resolution_minutes: null } };

test.before(async () => {
  token = await admin();
  [cust, agent] = await Promise.all([userWithRole('customer', 'Rita Render'), userWithRole('agent', 'Agent Macro')]);
});
test.after(async () => {
  closeTicketsOf(cust);
  // Later files see a desk without targets, as before.
  await api('PUT', '/api/admin/sla', { token, body: { time_zone: 'UTC', hours: 'mon-fri 09:00-17:00', policies: NO_TARGETS } });
});

// File as the customer; the ticket as staff see it (the SLA is the desk's business).
const file = async (subject, priority = 'urgent', body = 'My parcel never arrived at the depot.') => {
  const r = await api('POST', '/api/tickets', { token: cust.token, body: { subject, body, priority } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.first_response_due_at, null, 'not in the customer\'s view');
  return (await api('GET', `/api/tickets/${r.json.id}`, { token: agent.token })).json;
};
const ms = (s) => Date.parse(s);

test('macros: create, list, read, replace, delete — validated, bounded and audited', async () => {
  const title = `Refund steps ${process.pid}`;
  let r = await api('POST', '/api/admin/macros', { token, body: { title: `  ${title}  `, body: 'Dear {{customer_name}}, here is how.' } });
  assert.equal(r.status, 201, r.text);
  const m = r.json;
  assert.equal(m.title, title, 'the title is trimmed');
  assert.equal(m.body, 'Dear {{customer_name}}, here is how.');
  assert.ok(m.id > 0 && m.created_at);
  r = await api('GET', '/api/admin/macros', { token });
  assert.ok(r.json.items.some((x) => x.id === m.id && x.title === title));
  r = await api('GET', `/api/admin/macros/${m.id}`, { token });
  assert.equal(r.json.body, m.body);

  // Validation names the field; nothing is written.
  r = await api('POST', '/api/admin/macros', { token, body: { body: 'x' } });
  assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(fieldNames(r), ['title']);
  r = await api('POST', '/api/admin/macros', { token, body: { title: 'Too long', body: 'x'.repeat(5001) } });
  assert.deepEqual(fieldNames(r), ['body']);
  r = await api('POST', '/api/admin/macros', { token, body: { title: 'y'.repeat(101), body: 'x' } });
  assert.deepEqual(fieldNames(r), ['title']);
  r = await api('POST', '/api/admin/macros', { token, body: { title, body: 'again' } });
  assertProblem(r, 409, 'conflict');
  // Admins only.
  assertProblem(await api('POST', '/api/admin/macros', { token: agent.token, body: { title: 'Mine', body: 'x' } }), 403, 'forbidden');
  assertProblem(await api('GET', '/api/admin/macros', { token: agent.token }), 403, 'forbidden');

  r = await api('PUT', `/api/admin/macros/${m.id}`, { token, body: { title: `${title} v2`, body: 'Hello {{customer_name}}.' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.title, `${title} v2`);
  r = await api('PUT', `/api/admin/macros/${m.id}`, { token, body: { title: '', body: 'x' } });
  assertProblem(r, 422, 'validation_failed');
  assertProblem(await api('PUT', '/api/admin/macros/999999999', { token, body: { title: 'a', body: 'b' } }), 404, 'not_found');
  assertProblem(await api('GET', '/api/admin/macros/nope', { token }), 404, 'not_found');

  r = await api('DELETE', `/api/admin/macros/${m.id}`, { token });
  assert.equal(r.status, 204, r.text);
  assertProblem(await api('GET', `/api/admin/macros/${m.id}`, { token }), 404, 'not_found');
  assertProblem(await api('DELETE', `/api/admin/macros/${m.id}`, { token }), 404, 'not_found');

  const audit = (await api('GET', '/api/admin/audit?limit=30', { token })).json.items.filter((e) => e.target === String(m.id) && e.action.startsWith('macro.'));
  assert.deepEqual(audit.map((e) => e.action).sort(), ['macro.create', 'macro.delete', 'macro.update']);
  assert.ok(audit.some((e) => e.action === 'macro.create' && e.detail === title));
});

test('macros: filled in for a ticket with the reply templates\' placeholders, for staff only', async () => {
  const t = await file('Card <b>stuck</b>', 'normal');
  let r = await api('POST', '/api/admin/macros', { token, body: { title: `Placeholders ${process.pid}`, body: 'Hi {{customer_name}}, ticket #{{ ticket_id }} "{{subject}}" [{{{intent}}}] {{nothing}}.' } });
  assert.equal(r.status, 201, r.text);
  const m = r.json;
  try {
    r = await api('GET', `/api/tickets/${t.id}/macros/${m.id}`, { token: agent.token });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.body, `Hi Rita Render, ticket #${t.id} "Card <b>stuck</b>" [${t.intent ?? ''}] .`);
    assert.equal(r.json.ticket_id, t.id);
    assert.equal(r.json.title, m.title);
    r = await api('GET', `/api/tickets/${t.id}/macros`, { token: agent.token });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.some((x) => x.id === m.id && x.body.startsWith('Hi Rita Render, ticket #')));
    // Customers get no macros, even on their own ticket; unknown ones are 404.
    assertProblem(await api('GET', `/api/tickets/${t.id}/macros/${m.id}`, { token: cust.token }), 403, 'forbidden');
    assertProblem(await api('GET', `/api/tickets/${t.id}/macros/999999999`, { token: agent.token }), 404, 'not_found');
    assertProblem(await api('GET', `/api/tickets/999999999/macros/${m.id}`, { token: agent.token }), 404, 'not_found');
  } finally {
    await api('DELETE', `/api/admin/macros/${m.id}`, { token });
  }
});

test('SLA settings: read, validated (zone, hours, targets), nothing half-written, audited', async () => {
  let r = await api('GET', '/api/admin/sla', { token });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json.policies), ['low', 'normal', 'high', 'urgent']);
  const before = r.json;
  r = await api('PUT', '/api/admin/sla', { token, body: { time_zone: 'Mars/Olympus', hours: 'weekdays 9-5', policies: { urgent: { first_response_minutes: 0 }, soon: {} } } });
  assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(fieldNames(r), ['hours', 'policies.soon', 'policies.urgent.first_response_minutes', 'time_zone']);
  r = await api('PUT', '/api/admin/sla', { token, body: { time_zone: '../../etc/passwd' } });
  assert.deepEqual(fieldNames(r), ['time_zone']);
  r = await api('PUT', '/api/admin/sla', { token, body: { hours: 'mon 17:00-09:00' } });
  assert.deepEqual(fieldNames(r), ['hours']);
  assert.deepEqual((await api('GET', '/api/admin/sla', { token })).json, before, 'nothing written');
  assertProblem(await api('PUT', '/api/admin/sla', { token: agent.token, body: {} }), 403, 'forbidden');

  r = await api('PUT', '/api/admin/sla', { token, body: { time_zone: 'Europe/Paris', hours: 'mon-fri 09:00-17:00', policies: { high: { first_response_minutes: 120 } } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.time_zone, 'Europe/Paris');
  assert.equal(r.json.usable, true);
  assert.equal(r.json.policies.high.first_response_minutes, 120);
  assert.equal(r.json.policies.high.resolution_minutes, before.policies.high.resolution_minutes);
  const audit = (await api('GET', '/api/admin/audit?limit=10', { token })).json.items;
  assert.ok(audit.some((e) => e.action === 'sla.update' && e.target === 'calendar' && e.detail.includes('Europe/Paris')));
  assert.ok(audit.some((e) => e.action === 'sla.update' && e.target === 'high'));
});

test('SLA due times: business hours in a zone at filing, recomputed on a new priority, paused while PENDING', async () => {
  // Open on one day only, three days ahead (as Kolkata reckons days: UTC+05:30, no DST).
  const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  const kolkata = new Date(Date.now() + 5.5 * 3600e3);
  const ahead = new Date(Date.UTC(kolkata.getUTCFullYear(), kolkata.getUTCMonth(), kolkata.getUTCDate() + 3));
  let r = await api('PUT', '/api/admin/sla', { token, body: { time_zone: 'Asia/Kolkata', hours: `${days[ahead.getUTCDay()]} 10:00-11:00`,
    policies: { ...NO_TARGETS, urgent: { first_response_minutes: 30, resolution_minutes: 90 }, high: { first_response_minutes: 45, resolution_minutes: null } } } });
  assert.equal(r.status, 200, r.text);
  const t = await file('Due times');
  // 10:00 in Kolkata is 04:30 UTC: 30 business minutes later is 05:00 UTC that day; 90
  // minutes run past the hour's close into the same weekday a week on.
  const open = Date.UTC(ahead.getUTCFullYear(), ahead.getUTCMonth(), ahead.getUTCDate(), 4, 30);
  assert.equal(ms(t.first_response_due_at), open + 30 * 60e3, t.first_response_due_at);
  assert.equal(ms(t.resolution_due_at), open + 7 * 86400e3 + 30 * 60e3, t.resolution_due_at);
  assert.equal(t.sla_overdue, false);
  // Customers do not see the desk's targets.
  r = await api('GET', `/api/tickets/${t.id}`, { token: cust.token });
  assert.equal(r.json.first_response_due_at, null);
  assert.equal(r.json.resolution_due_at, null);

  // A new priority: its own targets from the filing time (high: no resolution target).
  r = await api('PATCH', `/api/tickets/${t.id}`, { token: agent.token, body: { priority: 'high' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(ms(r.json.first_response_due_at), open + 45 * 60e3);
  assert.equal(r.json.resolution_due_at, null);
  r = await api('PATCH', `/api/tickets/${t.id}`, { token: agent.token, body: { priority: 'low' } });
  assert.equal(r.json.first_response_due_at, null);

  // Around the clock, the paused time is plain elapsed time: PENDING for two hours
  // moves the resolution two hours later.
  await api('PUT', '/api/admin/sla', { token, body: { time_zone: 'UTC', hours: 'mon-sun 00:00-24:00' } });
  const p = await file('Paused clock');
  assert.equal(ms(p.resolution_due_at) - ms(p.created_at), 90 * 60e3);
  r = await api('POST', `/api/tickets/${p.id}/messages`, { token: agent.token, body: { body: 'Could you send a photo?' } });
  assert.equal(r.status, 201, r.text);
  r = await api('GET', `/api/tickets/${p.id}`, { token: agent.token });
  assert.equal(r.json.status, 'PENDING');
  assert.equal(r.json.sla_paused, true);
  assert.ok(ms(r.json.first_response_at) <= ms(r.json.first_response_due_at), 'the reply met the first-response target');
  sql(`UPDATE tickets SET sla_paused_at = sla_paused_at - INTERVAL 2 HOUR WHERE id = ${p.id}`);
  r = await api('POST', `/api/tickets/${p.id}/messages`, { token: cust.token, body: { body: 'Here it is.' } });
  assert.equal(r.status, 201, r.text);
  r = await api('GET', `/api/tickets/${p.id}`, { token: agent.token });
  assert.equal(r.json.status, 'OPEN', 'back with the agents');
  assert.equal(r.json.sla_paused, false);
  const shift = ms(r.json.resolution_due_at) - ms(p.resolution_due_at);
  assert.ok(shift >= 2 * 3600e3 && shift < 2 * 3600e3 + 120e3, `moved by ${shift / 1000} s`);
  assert.equal(sql(`SELECT sla_paused_at IS NULL, sla_paused_seconds >= 7200 FROM tickets WHERE id = ${p.id}`), '1\t1');

  // Resolved, the clock stands still too: rated "not solved" three hours later, the
  // reopened ticket's resolution moves three hours on, not overdue for the wait.
  const before = (await api('GET', `/api/tickets/${p.id}`, { token: agent.token })).json;
  r = await api('POST', `/api/tickets/${p.id}/messages`, { token: agent.token, body: { body: 'Fixed it.', resolve: true } });
  assert.equal(r.status, 201, r.text);
  sql(`UPDATE tickets SET sla_paused_at = sla_paused_at - INTERVAL 3 HOUR WHERE id = ${p.id}`);
  r = await api('POST', `/api/tickets/${p.id}/feedback`, { token: cust.token, body: { helpful: false } });
  assert.equal(r.status, 201, r.text);
  r = await api('GET', `/api/tickets/${p.id}`, { token: agent.token });
  assert.equal(r.json.status, 'REOPENED');
  const moved = ms(r.json.resolution_due_at) - ms(before.resolution_due_at);
  assert.ok(moved >= 3 * 3600e3 && moved < 3 * 3600e3 + 120e3, `moved by ${moved / 1000} s`);

  // PENDING that ends in a resolution: the wait is settled into the budget (so it is
  // not counted against the desk) and the clock stays stopped.
  const q = await file('Settled wait');
  r = await api('POST', `/api/tickets/${q.id}/messages`, { token: agent.token, body: { body: 'Anything else?' } });
  assert.equal(r.status, 201, r.text);
  sql(`UPDATE tickets SET sla_paused_at = sla_paused_at - INTERVAL 1 HOUR WHERE id = ${q.id}`);
  r = await api('PATCH', `/api/tickets/${q.id}`, { token: agent.token, body: { status: 'RESOLVED' } });
  assert.equal(r.status, 200, r.text);
  const settled = ms(r.json.resolution_due_at) - ms(q.resolution_due_at);
  assert.ok(settled >= 3600e3 && settled < 3600e3 + 120e3, `settled ${settled / 1000} s`);
  assert.equal(sql(`SELECT sla_paused_at IS NOT NULL, sla_paused_seconds >= 3600 FROM tickets WHERE id = ${q.id}`), '1\t1');
});

test('queue API: the "due" order puts overdue tickets first; stats separate automatic and human first responses and give SLA attainment', async () => {
  // The stats of this test's tickets only: filed from the next whole second on.
  const since = sql("SELECT DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 1 SECOND, '%Y-%m-%dT%H:%i:%sZ')");
  await sleep(1100);
  await api('PUT', '/api/admin/sla', { token, body: { time_zone: 'UTC', hours: 'mon-sun 00:00-24:00', policies: { ...NO_TARGETS, urgent: { first_response_minutes: 60, resolution_minutes: 600 } } } });
  const soon = await file('Due soon');
  const late = await file('Overdue already');
  const none = await file('No target', 'low');
  sql(`UPDATE tickets SET first_response_due_at = UTC_TIMESTAMP() - INTERVAL 1 HOUR WHERE id = ${late.id}`);
  let r = await api('GET', '/api/tickets/queue?sort=due&limit=100', { token: agent.token });
  assert.equal(r.status, 200, r.text);
  const ids = r.json.items.map((x) => x.id);
  assert.ok(ids.includes(soon.id) && ids.includes(late.id) && ids.includes(none.id), JSON.stringify(ids));
  assert.ok(ids.indexOf(late.id) < ids.indexOf(soon.id) && ids.indexOf(soon.id) < ids.indexOf(none.id), JSON.stringify(ids));
  const lateRow = r.json.items.find((x) => x.id === late.id);
  assert.equal(lateRow.sla_overdue, true);
  assert.equal(r.json.items.find((x) => x.id === soon.id).sla_overdue, false);
  assert.ok(r.json.total >= 3);
  // Paged two at a time, the due order gives the same tickets in the same order (the
  // page key has no NULL: tickets without a due time come last, not lost).
  const paged = [];
  let cursor = '';
  for (let guard = 0; guard < 100; guard++) {
    const page = await api('GET', `/api/tickets/queue?sort=due&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: agent.token });
    assert.equal(page.status, 200, page.text);
    paged.push(...page.json.items.map((x) => x.id));
    if (!page.json.next_cursor) break;
    cursor = encodeURIComponent(page.json.next_cursor);
  }
  assert.deepEqual(paged, ids.slice(0, paged.length));
  assert.equal(paged.length, Math.min(r.json.total, ids.length));
  // The oldest order is unchanged (late was filed after soon).
  r = await api('GET', '/api/tickets/queue?limit=100', { token: agent.token });
  const oldest = r.json.items.map((x) => x.id);
  assert.ok(oldest.indexOf(soon.id) < oldest.indexOf(late.id));
  assertProblem(await api('GET', '/api/tickets/queue?sort=sideways', { token: agent.token }), 400, 'bad_request');
  assertProblem(await api('GET', '/api/tickets/queue', { token: cust.token }), 403, 'forbidden');

  // soon: answered in time; late: not answered and past due.
  r = await api('POST', `/api/tickets/${soon.id}/messages`, { token: agent.token, body: { body: 'On it.', resolve: true } });
  assert.equal(r.status, 201, r.text);
  // An automatic answer (the gift-card question is answered at filing).
  const auto = await api('POST', '/api/tickets', { token: cust.token, body: { subject: 'Gift card', body: 'How do I buy a gift card?', priority: 'urgent' } });
  r = await api('GET', `/api/admin/stats?since=${since}`, { token });
  assert.equal(r.status, 200, r.text);
  const s = r.json;
  assert.equal(s.sla.first_response.met, 1 + (auto.json.status === 'AUTO_RESOLVED' ? 1 : 0), JSON.stringify(s.sla));
  assert.equal(s.sla.first_response.missed, 1, JSON.stringify(s.sla));
  assert.equal(s.sla.first_response.attainment, s.sla.first_response.met / (s.sla.first_response.met + 1));
  assert.ok(s.sla.resolution.met >= 1, JSON.stringify(s.sla));
  assert.equal(s.human_first_responses, 1 + 0, 'soon is the one ticket a person answered first');
  if (auto.json.status === 'AUTO_RESOLVED') {
    assert.equal(sql(`SELECT sla_paused_at IS NOT NULL FROM tickets WHERE id = ${auto.json.id}`), '1', 'answered: the clock stands still');
    assert.equal(s.auto_first_responses, 1);
    assert.equal(s.median_auto_first_response_seconds, 0);
  }
  assert.ok(s.median_human_first_response_seconds >= 0);
  assert.ok('median_first_response_seconds' in s, 'the overall median stays');
});

test('pages: macros and service levels through forms (CSRF, escaping); the picker fills the reply box without JavaScript', async () => {
  const XSS = '<script>alert(1)</script>';
  const a = await new Client().login(ADMIN.email, ADMIN.password);
  // No CSRF token: refused, nothing created.
  assert.equal((await a.post('/admin/macros', { title: 'No token', body: 'x' })).status, 403);
  let r = await a.submit('/admin/macros', '/admin/macros', { title: `${XSS} ${process.pid}`, body: `Dear {{customer_name}}, ${XSS} about {{subject}}` });
  assert.equal(r.status, 303, r.text);
  assert.match(r.location, /done=macro_created/);
  const m = (await api('GET', '/api/admin/macros', { token })).json.items.find((x) => x.title === `${XSS} ${process.pid}`);
  assert.ok(m, 'stored as typed');
  try {
    r = await a.get('/admin/macros');
    assert.ok(!r.text.includes(XSS) && r.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'escaped on the admin page');
    // A bad form comes back 422 with the field named and what was typed kept.
    r = await a.submit('/admin/macros', `/admin/macros/${m.id}`, { title: '', body: 'kept text' });
    assert.equal(r.status, 422);
    assert.match(r.text, /kept text/);
    assert.match(r.text, /aria-invalid="true"/);

    const t = await file(`Subject ${XSS}`, 'normal');
    const ag = await new Client().login(agent.email, agent.password);
    r = await ag.get(`/agent/tickets/${t.id}`);
    assert.match(r.text, /<form method="get" action="\/agent\/tickets\/\d+#reply"/, 'a plain GET form');
    r = await ag.get(`/agent/tickets/${t.id}?macro=${m.id}`);
    assert.equal(r.status, 200);
    const box = r.text.match(/<textarea id="reply-body"[^>]*>\n?([\s\S]*?)<\/textarea>/)[1];
    assert.equal(box, 'Dear Rita Render, &lt;script&gt;alert(1)&lt;/script&gt; about Subject &lt;script&gt;alert(1)&lt;/script&gt;');
    assert.ok(!r.text.includes(XSS));
    r = await ag.get(`/agent/tickets/${t.id}?macro=999999999`);
    assert.match(r.text, /That macro no longer exists/);
    r = await ag.get(`/agent/tickets/${t.id}?macro=abc`);
    assert.match(r.text, /That macro no longer exists/);
    assert.equal((await ag.get('/admin/macros')).status, 403);

    // Service levels from the page: a bad target is 422 naming it, nothing written.
    r = await a.submit('/admin/sla', '/admin/sla', { time_zone: 'UTC', hours: 'mon-fri 09:00-17:00', first_urgent: 'soon' });
    assert.equal(r.status, 422);
    assert.match(r.text, /policies\.urgent\.first_response_minutes/);
    r = await a.submit('/admin/sla', '/admin/sla', { time_zone: 'America/New_York', hours: 'mon-fri 08:00-18:00', first_low: '240', resolution_low: '' });
    assert.equal(r.status, 303, r.text);
    const sla = (await api('GET', '/api/admin/sla', { token })).json;
    assert.equal(sla.time_zone, 'America/New_York');
    assert.deepEqual(sla.policies.low, { first_response_minutes: 240, resolution_minutes: null });
  } finally {
    await api('DELETE', `/api/admin/macros/${m.id}`, { token });
  }
});
