// attachments.test.mjs (browser): a customer files a ticket with a screenshot and sees
// its thumbnail; a page pretending to be a picture is refused next to the field; the
// agent sees the thumbnail and replies with a PDF. Every page passes the checks of
// checkAndShoot (axe-core included) with the upload field and the files on it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { BASE, closeTicketsOf, userWithRole } from '../integration/lib.mjs';
import { HTML, png } from '../integration/files.mjs';
import { LAUNCH, newPage, checkAndShoot, signIn } from './browser.mjs';

test('files on a new ticket and on an agent reply: thumbnails for verified images, downloads for the rest', async () => {
  const browser = await chromium.launch(LAUNCH);
  const customerUser = await userWithRole('customer', 'Avery Photo');
  const agentUser = await userWithRole('agent', 'Sam Files');
  try {
    const customer = await newPage(browser);
    await signIn(customer, customerUser.email, customerUser.password);
    await customer.goto(BASE + '/support/');

    // A page named .png is refused, next to the field, with what was typed kept.
    await customer.getByLabel('Subject').fill('The payment page shows an error');
    await customer.getByLabel('What happened?').fill('See the screenshot: it fails at the last step.');
    await customer.getByLabel('Attach files').setInputFiles([{ name: 'error.png', mimeType: 'image/png', buffer: HTML }]);
    await customer.getByRole('button', { name: 'Send request' }).click();
    await customer.locator('#files-error').waitFor();
    assert.match(await customer.locator('#files-error').textContent(), /holds text\/html, not image\/png/);
    assert.equal(await customer.getByLabel('Subject').inputValue(), 'The payment page shows an error');
    assert.equal(await customer.getByLabel('Attach files').getAttribute('aria-invalid'), 'true');
    await checkAndShoot(customer, 'support-attach-refused');

    // The real screenshot goes through; its thumbnail is drawn from the verified file.
    await customer.getByLabel('Attach files').setInputFiles([{ name: 'error.png', mimeType: 'image/png', buffer: png(400, 300) }]);
    await customer.getByRole('button', { name: 'Send request' }).click();
    await customer.waitForURL(/\/support\/tickets\/\d+\?done=created$/);
    const id = Number(customer.url().match(/tickets\/(\d+)/)[1]);
    const thumb = customer.getByRole('img', { name: 'Image: error.png' });
    await thumb.waitFor();
    assert.deepEqual(await thumb.evaluate((img) => [img.complete, img.naturalWidth, img.naturalHeight, img.getAttribute('width'), img.getAttribute('height')]), [true, 400, 300, '160', '120']);
    assert.ok(await thumb.evaluate((img) => img.getBoundingClientRect().width <= 160), 'shown as a thumbnail');
    assert.equal(await customer.getByRole('link', { name: 'error.png' }).getAttribute('download'), '');
    await checkAndShoot(customer, 'support-ticket-attachment');

    // The agent sees it and replies with a PDF (download only: no thumbnail).
    const agent = await newPage(browser);
    await signIn(agent, agentUser.email, agentUser.password);
    await agent.goto(`${BASE}/agent/tickets/${id}`);
    await agent.getByRole('img', { name: 'Image: error.png' }).waitFor();
    await agent.getByLabel(/Message to/).fill('Thanks. Here are the steps to finish the payment.');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    await agent.getByLabel('Attach files').setInputFiles([{ name: 'payment steps.pdf', mimeType: 'application/pdf', buffer: pdf }]);
    await agent.getByRole('button', { name: 'Send reply' }).click();
    await agent.waitForURL(/done=replied/);
    await agent.getByRole('link', { name: 'payment steps.pdf' }).waitFor();
    assert.equal(await agent.getByRole('img', { name: /payment steps/ }).count(), 0);
    await checkAndShoot(agent, 'agent-ticket-attachments');

    await customer.reload();
    await customer.getByRole('link', { name: 'payment steps.pdf' }).waitFor();
    // The refused form's own 422 is the one error expected.
    assert.deepEqual(customer.problems.filter((p) => !/status of 422/.test(p)), [], 'no console error, CSP violation or 5xx');
    assert.deepEqual(agent.problems, []);
  } finally {
    closeTicketsOf(customerUser);
    await browser.close();
  }
});
