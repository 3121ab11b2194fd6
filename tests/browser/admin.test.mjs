// admin.test.mjs (browser): the admin console in headless Chromium — the dashboard
// moves when a customer files a ticket, a setting is saved, the threshold simulator
// runs, the model is retrained; every admin page passes the common checks and is
// screenshotted at desktop and phone width into tests/browser/screenshots/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { BASE, ADMIN, api, admin, userWithRole } from '../integration/lib.mjs';
import { LAUNCH, newPage, checkAndShoot, signIn } from './browser.mjs';

const SUBJECTS = ['Where is my parcel?', 'I forgot my password', 'Refund for a broken kettle',
  'Card has not arrived', 'How do I change my address?'];

test('the admin watches the dashboard, tunes a setting, simulates, retrains', async () => {
  const browser = await chromium.launch(LAUNCH);
  try {
    // Some traffic first, so the charts have something to draw.
    const customer = await userWithRole('customer', 'Chart Customer');
    for (const subject of SUBJECTS) {
      const r = await api('POST', '/api/tickets', { token: customer.token, body: { subject, body: `${subject} Please help.` } });
      assert.equal(r.status, 201, r.text);
    }

    const page = await newPage(browser);
    await signIn(page, ADMIN.email, ADMIN.password);
    assert.match(page.url(), /\/admin\/$/);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const tickets = async () => Number(await page.locator('#kpi-tickets').textContent());
    const before = await tickets();
    assert.ok(before >= SUBJECTS.length);
    // Both charts are images with a name, drawn with columns and bars.
    await page.getByRole('img', { name: 'Tickets per day, last 30 days' }).waitFor();
    await page.getByRole('img', { name: 'Tickets per intent' }).waitFor();
    assert.ok(await page.locator('svg.chart-columns rect.chart-bar').count() >= 1);
    assert.ok(await page.locator('svg.chart-bars rect.chart-bar').count() >= 1);
    await checkAndShoot(page, 'admin-dashboard');

    // A customer files a ticket through the API; the admin reloads and sees it counted.
    const r = await api('POST', '/api/tickets', { token: customer.token, body: { subject: 'One more for the chart', body: 'Counting.' } });
    assert.equal(r.status, 201, r.text);
    await page.reload();
    assert.equal(await tickets(), before + 1);
    assert.match(await page.locator('.ticket-list').textContent(), /One more for the chart/);

    // Settings: change the similarity threshold and see it saved.
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL('**/admin/settings');
    const token = await admin();
    const old = (await api('GET', '/api/admin/settings', { token })).json;
    const next = old.similarity_threshold === 0.88 ? '0.87' : '0.88';
    await page.getByLabel('Similarity threshold').fill(next);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.waitForURL(/done=settings_saved/);
    assert.match(await page.locator('.alert-success').textContent(), /Settings saved/);
    assert.equal(await page.getByLabel('Similarity threshold').inputValue(), next);
    assert.equal((await api('GET', '/api/admin/settings', { token })).json.similarity_threshold, Number(next));

    // The model's curve with the threshold it chose for the target precision.
    assert.equal(await page.locator('#curve svg.chart-lines polyline').count(), 2);
    const chosen = (await api('GET', '/api/admin/model', { token })).json;
    if (chosen.threshold_source === 'model')
      assert.equal(await page.locator('#threshold-now').textContent(), chosen.threshold.toFixed(2));

    // The simulator: try a lower threshold before saving it.
    await page.getByLabel('Confidence threshold to try').fill('0.4');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.waitForURL(/confidence_threshold=0\.4/);
    await page.getByRole('heading', { name: 'Per intent at 0.4' }).waitFor();
    assert.ok(await page.locator('#sim-would').count() === 1);
    await checkAndShoot(page, 'admin-settings');

    // A bad value comes back on the form with the field's error.
    await page.goto(BASE + '/admin/settings');
    await page.getByLabel('Confidence threshold', { exact: true }).fill('1.7');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#ct-error').waitFor();
    await checkAndShoot(page, 'admin-settings-error');
    // That 422 was the point (the browser logs it); anything else still counts.
    page.problems = page.problems.filter((p) => !/status of 422/.test(p));
    await api('PUT', '/api/admin/settings', { token, body: old });

    // Retrain from the dashboard: the new version is shown.
    await page.goto(BASE + '/admin/');
    const v0 = Number(await page.locator('.model-version').textContent().catch(() => '0'));
    await page.getByRole('button', { name: 'Retrain model' }).click();
    await page.waitForURL(/done=retrained/);
    assert.match(await page.locator('.alert-success').textContent(), /retrained/);
    assert.ok(Number(await page.locator('.model-version').textContent()) > v0);

    // The model's report: quality per intent, confusions, the curve.
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Model' }).click();
    await page.waitForURL('**/admin/model');
    const report = (await api('GET', '/api/admin/model', { token })).json;
    assert.equal(await page.locator('#model-threshold').textContent(), report.threshold.toFixed(2));
    assert.equal(await page.locator('#model-accuracy').textContent(), `${Math.round(report.cv_accuracy * 100)}%`);
    assert.equal(await page.locator('#model-intents tbody tr').count(), report.by_intent.length);
    assert.equal(await page.locator('#model-confused tbody tr').count(), report.confused.length);
    assert.equal(await page.locator('svg.chart-lines polyline').count(), 2);
    await checkAndShoot(page, 'admin-model');

    // The other admin pages look right too.
    await page.goto(BASE + '/admin/users');
    await checkAndShoot(page, 'admin-users');
    await page.goto(BASE + '/admin/intents');
    await checkAndShoot(page, 'admin-intents');
    await page.locator('a[href^="/admin/intents/"]').first().click();
    await page.waitForURL(/\/admin\/intents\/[a-z0-9_]+$/);
    await checkAndShoot(page, 'admin-intent');
    await page.goto(BASE + '/admin/audit');
    assert.match(await page.locator('main').textContent(), /model\.retrain/);
    await checkAndShoot(page, 'admin-audit');

    assert.deepEqual(page.problems, [], 'no console errors, CSP violations or 5xx');
  } finally {
    await browser.close();
  }
});
