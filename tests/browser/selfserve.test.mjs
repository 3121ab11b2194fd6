// selfserve.test.mjs (browser): what customers do by themselves (issue 18) — "Forgot
// password?" from the sign-in page to the mailed link and a new password, and the
// 1..5 stars asked for after "Yes". Each page passes checkAndShoot (axe-core).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BASE, api, cli, closeTicketsOf, freePort, register, sql, userWithRole } from '../integration/lib.mjs';
import { startSink, received } from '../integration/mail_sink.mjs';
import { LAUNCH, newPage, checkAndShoot, signIn } from './browser.mjs';

test('forgot password: the link on the sign-in page, the mail, a new password, signed in', async () => {
  const u = await register('customer', 'Fern Forgetful');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskpilot-smtp-'));
  const sink = await startSink(port, dir);
  const browser = await chromium.launch(LAUNCH);
  try {
    const page = await newPage(browser);
    await page.goto(BASE + '/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL('**/forgot');
    await checkAndShoot(page, 'forgot');
    await page.getByLabel('E-mail').fill(u.email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.getByText('If an account has this address').waitFor();
    await checkAndShoot(page, 'forgot-sent');

    cli(['mail-out'], '', { DESKPILOT_SMTP_URL: `smtp://127.0.0.1:${port}` });
    const mail = received(dir).filter((m) => m.h['x-envelope-to'] === u.email).at(-1);
    assert.ok(mail, 'the reset mail arrived');
    const link = mail.text.match(/(https?:\/\/\S+\/reset\?token=[0-9a-f]{64})/)[1];
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    await checkAndShoot(page, 'reset');
    await page.getByLabel('New password', { exact: true }).fill('browser-new-password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL('**/login?done=password_reset');
    await page.getByText('Your new password is set').waitFor();
    await checkAndShoot(page, 'login-after-reset');
    await signIn(page, u.email, 'browser-new-password');
    assert.match(page.url(), /\/support\/$/);
    assert.deepEqual(page.problems, []);

    // The link works once: opened again (422), it only offers a new one.
    await page.goto(link);
    await page.getByRole('link', { name: 'Get a new link' }).waitFor();
    assert.equal(await page.getByLabel('New password', { exact: true }).count(), 0);
    await checkAndShoot(page, 'reset-used');
  } finally {
    await browser.close();
    sink.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('after "Yes": 1..5 stars and a comment, without a script', async () => {
  const c = await userWithRole('customer', 'Sunny Stars');
  const r = await api('POST', '/api/tickets', { token: c.token,
    body: { subject: 'Password help', body: 'I forgot my password and cannot log in. How do I reset my password?' } });
  assert.equal(r.json.status, 'AUTO_RESOLVED', r.json.decision_reason);
  const browser = await chromium.launch(LAUNCH);
  try {
    for (const javaScriptEnabled of [true, false]) {
      const t = javaScriptEnabled ? r.json : (await api('POST', '/api/tickets', { token: c.token,
        body: { subject: 'Password help again', body: 'I forgot my password and cannot log in. How do I reset my password?' } })).json;
      const page = javaScriptEnabled ? await newPage(browser)
        : await (await browser.newContext({ javaScriptEnabled: false })).newPage();
      await signIn(page, c.email, c.password);
      await page.goto(`${BASE}/support/tickets/${t.id}`);
      await page.getByRole('button', { name: 'Yes, solved' }).click();
      await page.waitForURL(/done=thanks/);
      const stars = page.getByRole('group', { name: 'Your rating' });
      await stars.waitFor();
      assert.equal(await stars.getByRole('radio').count(), 5);
      if (javaScriptEnabled) await checkAndShoot(page, 'support-ticket-stars');
      await page.getByRole('radio', { name: '4 stars, very good' }).check();
      await page.getByLabel('Anything to add?').fill('Clear and quick.');
      await page.getByRole('button', { name: 'Send rating' }).click();
      await page.waitForURL(/done=rated/);
      await page.getByText('Thank you for your rating!').waitFor();
      assert.equal(await page.getByRole('group', { name: 'Your rating' }).count(), 0);
      if (javaScriptEnabled) {
        await checkAndShoot(page, 'support-ticket-rated');
        assert.deepEqual(page.problems, []);
      }
      assert.equal(sql(`SELECT CONCAT_WS(' ', rating, comment) FROM feedback WHERE ticket_id = ${t.id}`), '4 Clear and quick.');
    }
  } finally {
    await browser.close();
    closeTicketsOf(c);
  }
});
