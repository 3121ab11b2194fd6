// search.test.mjs (browser): an agent searches /agent/tickets as agents do — a word in
// another form than the ticket's, a ticket number, a customer's address, a word only
// an internal note holds — and pages through the best matches; axe checks each page.
import test from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { BASE, api, closeTicketsOf, userWithRole } from '../integration/lib.mjs';
import { LAUNCH, newPage, checkAndShoot, signIn } from './browser.mjs';

test('an agent finds tickets by any form of a word, a number, an address or a note', async () => {
  const browser = await chromium.launch(LAUNCH);
  const customer = await userWithRole('customer', 'Search Page Customer');
  try {
    const agent = await userWithRole('agent', 'Search Page Agent');
    const run = `${process.pid}${Date.now() % 100000}`;
    const file = async (subject, body) => {
      const r = await api('POST', '/api/tickets', { token: customer.token, body: { subject, body } });
      assert.equal(r.status, 201, r.text);
      return r.json.id;
    };
    const refund = await file(`Refund for order ${run}`, 'I want my money back.');
    const crash = await file(`App trouble ${run}`, 'It crashes at start.');
    const more = [];
    for (let i = 0; i < 26; i++) more.push(await file(`Batch ${run}`, `Item ${i}`));
    const note = `memo${run}`;
    const r = await api('POST', `/api/tickets/${crash}/messages`, {
      token: agent.token, body: { body: `Escalated to engineering, see ${note}.`, internal: true },
    });
    assert.equal(r.status, 201, r.text);

    const page = await newPage(browser);
    await signIn(page, agent.email, agent.password);
    const searchFor = async (q) => {
      await page.goto(BASE + '/agent/tickets');
      await page.getByLabel('Search tickets').fill(q);
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL(/[?&]q=/);
      return page.locator('tbody a.ticket-subject').evaluateAll((as) => as.map((a) => Number(a.getAttribute('href').split('/').pop())));
    };

    assert.deepEqual(await searchFor(`refunds ${run}`), [refund]);
    assert.match(await page.locator('.page-head').textContent(), /Best matches first/);
    await checkAndShoot(page, 'agent-search-word');
    assert.deepEqual(await searchFor(`crashing ${run}`), [crash]);
    assert.equal((await searchFor(`#${crash}`))[0], crash);
    assert.deepEqual(await searchFor(note), [crash]);
    // The customer's address: their tickets only (28 of them, a page holds 25).
    const mine = await searchFor(customer.email);
    assert.equal(mine.length, 25);
    assert.ok(mine.every((id) => [refund, crash, ...more].includes(id)), `${mine}`);

    // A search's pages: "More results" goes on where the first stopped, nothing twice.
    const first = await searchFor(`batch ${run}`);
    const next = page.getByRole('link', { name: 'More results' });
    await next.waitFor();
    await next.click();
    await page.waitForURL(/cursor=/);
    const second = await page.locator('tbody a.ticket-subject').evaluateAll((as) => as.map((a) => Number(a.getAttribute('href').split('/').pop())));
    assert.equal(page.url().includes(`q=batch`), true);
    assert.deepEqual([...first, ...second].sort((a, b) => a - b), [...more].sort((a, b) => a - b));
    await checkAndShoot(page, 'agent-search-page-2');

    // Nothing to find: said so, and the form keeps what was typed.
    assert.deepEqual(await searchFor(`nothing${run}`), []);
    assert.match(await page.locator('main').textContent(), /No tickets match/);
    assert.equal(await page.getByLabel('Search tickets').inputValue(), `nothing${run}`);
  } finally {
    closeTicketsOf(customer);
    await browser.close();
  }
});
