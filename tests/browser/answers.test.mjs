// answers.test.mjs (browser): answers before filing and notifications in headless
// Chromium — "Check for answers" without JavaScript (Yes is counted and files nothing,
// No files the ticket as typed), the answer while typing with JavaScript, the unread
// badge and the notification list, the staff's settings page; axe-clean, screenshots.
import test from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { BASE, answeringIntent, api, sql, userWithRole } from '../integration/lib.mjs';
import { LAUNCH, newPage, checkAndShoot, signIn } from './browser.mjs';

const deflections = () => Number(sql(`SELECT COUNT(*) FROM deflections WHERE intent = 'gift_card'`));
const customers = [];

answeringIntent(test, 'gift_card', customers);

async function ask(page, subject, body) {
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('What happened?').fill(body);
}

test('without JavaScript: check for answers, Yes is counted and files nothing, No files the ticket', async () => {
  const browser = await chromium.launch(LAUNCH);
  try {
    const c = await userWithRole('customer', 'Nojs Customer');
    customers.push(c);
    const mine = () => Number(sql(`SELECT COUNT(*) FROM tickets WHERE customer_id = ${c.id}`));
    const page = await newPage(browser, { javaScriptEnabled: false });
    await signIn(page, c.email, c.password);
    await page.goto(BASE + '/support/');
    await ask(page, 'Gift card', 'How do I buy a gift card?');
    await page.getByRole('button', { name: 'Check for answers' }).click();
    await page.getByRole('heading', { name: 'Does this answer your question?' }).waitFor();
    assert.match(await page.locator('.answer-text').textContent(), /Hi Nojs Customer/);
    const before = deflections();
    await page.getByRole('button', { name: 'Yes, that solved it' }).click();
    await page.waitForURL('**/support/?done=deflected');
    await page.getByText('No ticket was filed').waitFor();
    assert.equal(deflections(), before + 1);
    assert.equal(mine(), 0);

    // No: the ticket as typed.
    await ask(page, 'Gift card', 'How do I buy a gift card?');
    await page.getByRole('button', { name: 'Check for answers' }).click();
    await page.getByRole('button', { name: 'No, file my ticket' }).click();
    await page.waitForURL(/\/support\/tickets\/\d+\?done=created$/);
    assert.equal(mine(), 1);
    assert.equal(deflections(), before + 1, 'No counts nothing');

    // An unknown topic: said so, the text kept.
    await page.goto(BASE + '/support/');
    await ask(page, 'Parrot food', 'What should I feed my parrot in the winter months?');
    await page.getByRole('button', { name: 'Check for answers' }).click();
    await page.getByText('We found no ready answer').waitFor();
    assert.equal(await page.getByLabel('Subject').inputValue(), 'Parrot food');
    assert.deepEqual(page.problems, []);

    // The same pages checked (axe runs as a script: in a page with JavaScript on).
    const checked = await newPage(browser);
    await signIn(checked, c.email, c.password);
    for (const [q, name] of [[['Gift card', 'How do I buy a gift card?'], 'support-answer-before-filing'],
      [['Parrot food', 'What should I feed my parrot in the winter months?'], 'support-no-answer']]) {
      await checked.goto(BASE + '/support/');
      await ask(checked, ...q);
      await checked.getByRole('button', { name: 'Check for answers' }).click();
      await checked.waitForURL('**/support/check');
      await checkAndShoot(checked, name);
    }
    assert.deepEqual(checked.problems, []);
  } finally {
    await browser.close();
  }
});

test('with JavaScript the answer appears while typing; Yes counts it', async () => {
  const browser = await chromium.launch(LAUNCH);
  try {
    const c = await userWithRole('customer', 'Typing Customer');
    customers.push(c);
    const page = await newPage(browser);
    await signIn(page, c.email, c.password);
    await page.goto(BASE + '/support/');
    await ask(page, 'Gift card', 'How do I buy a gift card?');
    const live = page.locator('#live-answer');
    await live.getByText('Does this answer your question?').waitFor();
    assert.match(await live.locator('.answer-text').textContent(), /gift card/i);
    await checkAndShoot(page, 'support-answer-while-typing');
    const before = deflections();
    await live.getByRole('button', { name: 'Yes, that solved it' }).click();
    await page.waitForURL('**/support/?done=deflected');
    assert.equal(deflections(), before + 1);
    assert.equal(Number(sql(`SELECT COUNT(*) FROM tickets WHERE customer_id = ${c.id}`)), 0);
    assert.deepEqual(page.problems, []);
  } finally {
    await browser.close();
  }
});

test('the unread badge, the notification list and the staff settings', async () => {
  const browser = await chromium.launch(LAUNCH);
  try {
    const c = await userWithRole('customer', 'Badge Reader');
    const agent = await userWithRole('agent', 'Badge Writer');
    customers.push(c);
    const t = await api('POST', '/api/tickets', { token: c.token,
      body: { subject: 'Strange noise', body: 'My blender makes a strange grinding noise since Tuesday.' } });
    assert.equal(t.status, 201, t.text);
    for (const body of ['Could you send a photo?', 'We have sent a new blade.'])
      assert.equal((await api('POST', `/api/tickets/${t.json.id}/messages`, { token: agent.token, body: { body } })).status, 201);
    const page = await newPage(browser);
    await signIn(page, c.email, c.password);
    await page.goto(BASE + '/support/');
    assert.equal((await page.locator('#unread-count').textContent()).trim(), '2 unread');
    await page.getByRole('link', { name: /Notifications/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await checkAndShoot(page, 'notifications');
    await page.getByRole('link', { name: /We replied to your request/ }).first().click();
    await page.waitForURL(`**/support/tickets/${t.json.id}`);
    assert.equal((await page.locator('#unread-count').textContent()).trim(), '1 unread');
    await page.goto(BASE + '/notifications');
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await page.waitForURL('**/notifications?done=notifications_read');
    assert.equal(await page.locator('#unread-count').count(), 0);

    const staff = await newPage(browser);
    await signIn(staff, agent.email, agent.password);
    await staff.goto(BASE + '/notifications/settings');
    await checkAndShoot(staff, 'notification-settings');
    await staff.getByLabel(/every new ticket/).check();
    await staff.getByRole('button', { name: 'Save' }).click();
    await staff.waitForURL('**/notifications/settings?done=notify_saved');
    assert.ok(await staff.getByLabel(/every new ticket/).isChecked());
    await api('PUT', '/api/notifications/settings', { token: agent.token, body: { new_tickets: false } });
    assert.deepEqual(page.problems, []);
    assert.deepEqual(staff.problems, []);
  } finally {
    await browser.close();
  }
});

test('the widget on a shop\'s own site: the answer while typing, Yes counted; another site gets nothing', async () => {
  const origin = process.env.DESKPILOT_WIDGET_ORIGINS.split(/[ ,]+/)[0];
  const shopPage = `<!doctype html><html lang="en"><head><title>Shop</title>
    <script src="${BASE}/static/widget.js" defer></script></head><body><main><h1>Contact us</h1>
    <form data-deskpilot action="/contact"><label>Subject <input name="subject"></label>
    <label>Message <textarea name="body"></textarea></label><button>Send</button></form></main></body></html>`;
  // The shop is a routed public https origin and the help desk is on 127.0.0.1: Chromium's
  // local network access checks (a public site reaching a loopback address) would stop
  // the script before CORS is even asked. A real help desk is public too.
  const browser = await chromium.launch({ ...LAUNCH, args: [...LAUNCH.args,
    '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests'] });
  try {
    for (const [site, allowed] of [[origin, true], ['https://other-shop.test.example', false]]) {
      const page = await newPage(browser);
      await page.route(`${site}/`, (r) => r.fulfill({ contentType: 'text/html', body: shopPage }));
      await page.goto(`${site}/`);
      await page.getByLabel('Subject').fill('Gift card');
      await page.getByLabel('Message').fill('How do I buy a gift card?');
      if (!allowed) {
        await page.waitForTimeout(2500);
        assert.equal(await page.locator('.deskpilot-answer').isHidden(), true, 'CORS keeps the answer from another site');
        continue;
      }
      await page.getByText('Does this answer your question?').waitFor();
      assert.match(await page.locator('.deskpilot-text').textContent(), /Hi there/);
      const before = deflections();
      await page.getByRole('button', { name: 'Yes, that solved it' }).click();
      await page.getByText('Glad that helped!').waitFor();
      assert.equal(deflections(), before + 1);
      assert.deepEqual(page.problems, []);
    }
  } finally {
    await browser.close();
  }
});
