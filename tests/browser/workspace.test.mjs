// workspace.test.mjs (browser): the agents' workspace at volume — the queue's pages —
// and a reply typed while the session ran out, kept through signing in again.
import test from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { BASE, api, closeTicketsOf, signToken, sql, userWithRole } from '../integration/lib.mjs';
import { LAUNCH, newPage, checkAndShoot, signIn } from './browser.mjs';

let browser, cust;
test.before(async () => {
  browser = await chromium.launch(LAUNCH);
  cust = await userWithRole('customer', 'Wanda Workspace');
});
test.after(async () => {
  closeTicketsOf(cust);
  await browser?.close();
});

test('the queue pages past 100: the next page holds the rest, and the first is one click away', async () => {
  const agent = await userWithRole('agent', 'Quinn Queue');
  sql(`INSERT INTO tickets (customer_id, subject, body, status, priority, assignee_id, created_at)
       SELECT ${Number(cust.id)}, CONCAT('Browser paged ', seq), 'A paged ticket', 'OPEN', 'normal', ${Number(agent.id)},
              NOW() - INTERVAL (200 - seq) SECOND FROM seq_1_to_104`);
  const page = await newPage(browser);
  await signIn(page, agent.email, agent.password);
  await page.goto(BASE + '/agent/?view=mine');
  await page.getByText('Showing 100 of 104 waiting.').waitFor();
  assert.equal(await page.locator('tbody tr').count(), 100);
  await page.getByRole('link', { name: /^Next 100/ }).click();
  await page.waitForURL(/cursor=/);
  assert.deepEqual(await page.locator('tbody .ticket-subject').allTextContents(),
    ['Browser paged 101', 'Browser paged 102', 'Browser paged 103', 'Browser paged 104']);
  await checkAndShoot(page, 'queue-next-page');
  await page.getByRole('link', { name: 'First page' }).click();
  await page.waitForURL(BASE + '/agent/?view=mine');
  assert.deepEqual(page.problems, []);
  sql(`UPDATE tickets SET status = 'CLOSED' WHERE assignee_id = ${Number(agent.id)}`);
});

test('a reply typed while the session ended is kept: sign in again, then send it', async () => {
  const agent = await userWithRole('agent', 'Sam Session');
  const t = (await api('POST', '/api/tickets', { token: cust.token, body: { subject: 'Session ends', body: 'My parrot will not eat its seeds.' } })).json;
  const page = await newPage(browser);
  await signIn(page, agent.email, agent.password);
  await page.goto(`${BASE}/agent/tickets/${t.id}`);
  const reply = 'Try sunflower seeds soaked overnight.';
  await page.locator('#reply-body').fill(reply);
  // An hour passes: the session's token is now an expired one.
  const now = Math.floor(Date.now() / 1000);
  await page.context().addCookies([{ name: 'dp_token', url: BASE,
    value: signToken({ sub: String(agent.id), role: 'agent', iat: now - 7200, exp: now - 3600, jti: `browser${now}` }) }]);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await page.locator('#resume-note').waitFor();
  await checkAndShoot(page, 'login-resume');
  await page.getByLabel('E-mail').fill(agent.email);
  await page.getByLabel('Password').fill(agent.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Send what you wrote' }).waitFor();
  assert.equal(await page.getByLabel('Your message').inputValue(), reply);
  await checkAndShoot(page, 'resume');
  await page.getByRole('button', { name: 'Send it now' }).click();
  await page.waitForURL(new RegExp(`/agent/tickets/${t.id}\\?done=replied`));
  const messages = (await api('GET', `/api/tickets/${t.id}`, { token: agent.token })).json.messages;
  assert.equal(messages.at(-1).body, reply);
  assert.deepEqual(page.problems.filter((p) => !/401/.test(p)), []);
});
