// long_words.test.mjs (browser): a long unbroken word (a 200-character subject
// without spaces, a pasted token in the body) wraps on every page that shows it:
// none gets wider than the window, at desktop or phone width.
import test from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { BASE, api, admin, userWithRole } from '../integration/lib.mjs';
import { LAUNCH, newPage, checkAndShoot, signIn } from './browser.mjs';

test('a 200-character word wraps: the agent and support pages stay within the window', async () => {
  const browser = await chromium.launch(LAUNCH);
  try {
    const word = 'Unbroken'.repeat(25); // 200 characters, no space
    const customer = await userWithRole('customer', 'Long Word Customer');
    const agent = await userWithRole('agent', 'Long Word Agent');
    const r = await api('POST', '/api/tickets', {
      token: customer.token, body: { subject: word, body: `${word} ${'https://example.org/' + 'x'.repeat(300)}` },
    });
    assert.equal(r.status, 201, r.text);
    const id = r.json.id;
    await api('POST', `/api/tickets/${id}/messages`, { token: customer.token, body: { body: word.toLowerCase() } });
    const adminTok = await admin();
    await api('PATCH', `/api/tickets/${id}`, { token: adminTok, body: { status: 'OPEN' } });

    const agentPage = await newPage(browser);
    await signIn(agentPage, agent.email, agent.password);
    for (const [url, name] of [['/agent/', 'long-word-agent-queue'], [`/agent/tickets/${id}`, 'long-word-agent-ticket']]) {
      await agentPage.goto(BASE + url);
      assert.ok((await agentPage.content()).includes(word), `${url} shows the word`);
      await checkAndShoot(agentPage, name);
    }
    const customerPage = await newPage(browser);
    await signIn(customerPage, customer.email, customer.password);
    for (const [url, name] of [['/support/', 'long-word-support'], [`/support/tickets/${id}`, 'long-word-support-ticket']]) {
      await customerPage.goto(BASE + url);
      await checkAndShoot(customerPage, name);
    }
    assert.deepEqual([...agentPage.problems, ...customerPage.problems], []);
  } finally {
    await browser.close();
  }
});
