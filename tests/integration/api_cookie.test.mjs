// api_cookie: the JSON API authenticates by "Authorization: Bearer" only. The page
// cookie (dp_token) goes with every same-site request — a page on another port or a
// sibling subdomain could send it — and the API checks no CSRF token, so the cookie
// alone must not act. The pages keep working with it (pages.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin, api, assertProblem, userWithRole } from './lib.mjs';

test('the page cookie alone does not authenticate an API request', async () => {
  const token = await admin();
  const cookie = `dp_token=${token}`;
  assertProblem(await api('POST', '/api/admin/retrain', { cookie }), 401, 'unauthorized');
  assertProblem(await api('GET', '/api/admin/settings', { cookie }), 401, 'unauthorized');
  const customer = await userWithRole('customer');
  const c = `dp_token=${customer.token}`;
  assertProblem(await api('POST', '/api/tickets', { cookie: c, body: { subject: 'Cookie only', body: 'Should not be filed.' } }), 401, 'unauthorized');
  assertProblem(await api('GET', '/api/auth/me', { cookie: c }), 401, 'unauthorized');
  assertProblem(await api('POST', '/api/auth/logout', { cookie: c }), 401, 'unauthorized');
  // The logout did not happen: the token still works as a bearer token.
  assert.equal((await api('GET', '/api/auth/me', { token: customer.token })).status, 200);
  // With the bearer token (and the cookie beside it) the API answers as usual.
  assert.equal((await api('GET', '/api/admin/settings', { token, cookie })).status, 200);
});
