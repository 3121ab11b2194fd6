// macros_sla.test.mjs (browser): the admin keeps macros and service levels on their
// pages; an agent sees due times in the queue (overdue first in the "due" order) and
// on the ticket, and starts a reply from a macro filled in for the ticket — without
// JavaScript (a GET form); the dashboard shows SLA attainment and automatic vs human
// first responses. Every page passes the common checks (axe-core included).
import test from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { BASE, ADMIN, admin, api, closeTicketsOf, sql, userWithRole } from '../integration/lib.mjs';
import { LAUNCH, newPage, checkAndShoot, signIn } from './browser.mjs';

const NONE = { first_response_minutes: null, resolution_minutes: null };

test('macros and service levels: admin pages, the queue, the ticket, the dashboard', async () => {
  const browser = await chromium.launch(LAUNCH);
  const token = await admin();
  const [customer, agent] = await Promise.all([userWithRole('customer', 'Mona Macro'), userWithRole('agent', 'Agent Sla')]);
  const title = `Ask for a photo ${process.pid}`;
  try {
    const page = await newPage(browser);
    await signIn(page, ADMIN.email, ADMIN.password);

    // Macros: create one on the page, then change it.
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Macros' }).click();
    await page.waitForURL('**/admin/macros');
    await page.getByRole('heading', { level: 1, name: 'Macros' }).waitFor();
    await page.getByLabel('Title').first().fill(title);
    await page.locator('#new-body').fill('Hello {{customer_name}}, could you send a photo for ticket #{{ticket_id}}?');
    await page.getByRole('button', { name: 'Create macro' }).click();
    await page.waitForURL(/done=macro_created/);
    assert.match(await page.locator('.alert-success').textContent(), /Macro created/);
    const item = page.locator('li.macro', { hasText: title });
    await item.waitFor();
    // A title another macro has: 409, said on the page, what was typed kept.
    await page.locator('#new-title').fill(title);
    await page.locator('#new-body').fill('Duplicate');
    await page.getByRole('button', { name: 'Create macro' }).click();
    await page.locator('.alert-error').waitFor();
    assert.match(await page.locator('.alert-error').textContent(), /exists/);
    assert.equal(await page.locator('#new-body').inputValue(), 'Duplicate');
    await checkAndShoot(page, 'admin-macros');
    const id = (await api('GET', '/api/admin/macros', { token })).json.items.find((m) => m.title === title).id;
    await page.goto(BASE + '/admin/macros');
    await page.locator(`#body-${id}`).fill('Hello {{customer_name}}, could you send a photo of the parcel for ticket #{{ticket_id}}?');
    await page.locator(`#macro-${id}`).getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/done=macro_saved/);
    assert.match((await api('GET', `/api/admin/macros/${id}`, { token })).json.body, /photo of the parcel/);

    // Service levels: a bad zone is refused and named; then around the clock in UTC.
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Service levels' }).click();
    await page.waitForURL('**/admin/sla');
    await page.getByLabel('Time zone', { exact: true }).fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save service levels' }).click();
    await page.locator('.alert-error').waitFor();
    assert.match(await page.locator('.alert-error').textContent(), /time_zone/);
    await checkAndShoot(page, 'admin-sla-error');
    await page.getByLabel('Time zone', { exact: true }).fill('UTC');
    await page.getByLabel('Opening hours', { exact: true }).fill('mon-sun 00:00-24:00');
    await page.getByLabel('Urgent: first response within (business minutes)').fill('60');
    await page.getByLabel('Urgent: resolution within (business minutes)').fill('480');
    await page.getByRole('button', { name: 'Save service levels' }).click();
    await page.waitForURL(/done=sla_saved/);
    const sla = (await api('GET', '/api/admin/sla', { token })).json;
    assert.equal(sla.hours, 'mon-sun 00:00-24:00');
    assert.deepEqual(sla.policies.urgent, { first_response_minutes: 60, resolution_minutes: 480 });
    await checkAndShoot(page, 'admin-sla');

    // Two urgent tickets; the later one already overdue.
    const file = async (subject) => {
      const r = await api('POST', '/api/tickets', { token: customer.token, body: { subject, body: 'My parcel arrived crushed.', priority: 'urgent' } });
      assert.equal(r.status, 201, r.text);
      return r.json.id;
    };
    const onTime = await file('Crushed parcel, due later');
    const overdue = await file('Crushed parcel, overdue');
    sql(`UPDATE tickets SET first_response_due_at = UTC_TIMESTAMP() - INTERVAL 2 HOUR WHERE id = ${overdue}`);

    const ap = await newPage(browser);
    await signIn(ap, agent.email, agent.password);
    await ap.getByRole('link', { name: 'due soonest (overdue first)' }).click();
    await ap.waitForURL(/sort=due/);
    const rows = ap.locator('tbody tr');
    const order = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('input[name=id]').value));
    assert.ok(order.indexOf(String(overdue)) < order.indexOf(String(onTime)), order.join(','));
    const late = ap.locator('tr', { has: ap.locator(`a[href="/agent/tickets/${overdue}"]`) });
    assert.match(await late.locator('.sla-due').textContent(), /First response overdue by 2 h/);
    assert.match(await ap.locator('tr', { has: ap.locator(`a[href="/agent/tickets/${onTime}"]`) }).locator('.sla-due').textContent(), /First response in (59|60) min/);
    await checkAndShoot(ap, 'agent-queue-due');

    // The ticket: its service level, and a reply started from the macro.
    await ap.goto(`${BASE}/agent/tickets/${overdue}`);
    const card = ap.getByRole('region', { name: 'Service level' });
    assert.match(await card.textContent(), /First response\s*overdue by 2 h/);
    assert.match(await card.textContent(), /Resolution\s*due in/);
    await ap.getByLabel('Start from a macro').selectOption({ label: title });
    await ap.getByRole('button', { name: 'Insert macro' }).click();
    await ap.waitForURL(new RegExp(`/agent/tickets/${overdue}\\?macro=${id}`));
    assert.equal(await ap.locator('#reply-body').inputValue(),
      `Hello Mona Macro, could you send a photo of the parcel for ticket #${overdue}?`);
    assert.match(await ap.locator('.macro-used').textContent(), new RegExp(title));
    await checkAndShoot(ap, 'agent-ticket-macro');
    await ap.getByRole('button', { name: 'Send reply' }).click();
    await ap.waitForURL(/done=replied/);
    const t = (await api('GET', `/api/tickets/${overdue}`, { token: agent.token })).json;
    assert.equal(t.messages.at(-1).body, `Hello Mona Macro, could you send a photo of the parcel for ticket #${overdue}?`);
    assert.equal(t.sla_paused, true, 'waiting on the customer');
    assert.match(await ap.getByRole('region', { name: 'Service level' }).textContent(), /First response\s*missed[\s\S]*Resolution\s*paused/);

    // The dashboard: attainment and the two medians.
    await page.goto(BASE + '/admin/');
    assert.match(await page.locator('#kpi-sla-first').textContent(), /^\d+%$/);
    assert.match(await page.locator('#kpi-sla-resolution').textContent(), /^(\d+%|\u2014)$/);
    await page.locator('#kpi-auto-first').waitFor();
    await page.locator('#kpi-human-first').waitFor();
    await checkAndShoot(page, 'admin-dashboard-sla');
  } finally {
    await browser.close();
    closeTicketsOf(customer);
    const m = (await api('GET', '/api/admin/macros', { token })).json.items.find((x) => x.title === title);
    if (m) await api('DELETE', `/api/admin/macros/${m.id}`, { token });
    await api('PUT', '/api/admin/sla', { token, body: { time_zone: 'UTC', hours: 'mon-fri 09:00-17:00', policies: { low: NONE, normal: NONE, high: NONE, urgent: NONE } } });
  }
});
