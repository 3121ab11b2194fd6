// smoke.mjs: what a new user does right after `make run`, over HTTP only.
// Usage: node tests/fresh/smoke.mjs URL ADMIN_EMAIL ADMIN_PASSWORD
// Prints one line per check and "N passed, N failed"; exits 1 on any failure.
const [base, adminEmail, adminPassword] = process.argv.slice(2);
if (!base || !adminEmail || !adminPassword) {
  console.error('usage: node tests/fresh/smoke.mjs URL ADMIN_EMAIL ADMIN_PASSWORD');
  process.exit(2);
}

async function call(method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body && JSON.stringify(body), redirect: 'manual' });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* pages are HTML */ }
  return { status: res.status, text, json };
}

let passed = 0, failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok     ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAILED ${name}: ${e.message}`);
  }
}
function expect(cond, what) { if (!cond) throw new Error(what); }

await check('GET /api/health is 200 with the database up', async () => {
  const r = await call('GET', '/api/health');
  expect(r.status === 200 && r.json?.db === 'ok', `${r.status} ${r.text}`);
});
await check('the printed admin login signs in as admin', async () => {
  const r = await call('POST', '/api/auth/login', { body: { email: adminEmail, password: adminPassword } });
  expect(r.status === 200 && r.json?.user?.role === 'admin', `${r.status} ${r.text}`);
});
let token = null;
await check('a customer registers and signs in', async () => {
  const email = `fresh-${Date.now()}@example.org`, password = 'fresh-customer-pw';
  const reg = await call('POST', '/api/auth/register', { body: { email, password, name: 'Fresh Customer' } });
  expect(reg.status === 201, `register: ${reg.status} ${reg.text}`);
  const r = await call('POST', '/api/auth/login', { body: { email, password } });
  expect(r.status === 200 && r.json?.access_token, `login: ${r.status} ${r.text}`);
  token = r.json.access_token;
});
await check('a ticket gets an automatic answer from the default knowledge base', async () => {
  const r = await call('POST', '/api/tickets', {
    token,
    body: { subject: 'Forgot my password', body: 'I forgot my password and cannot log in. How do I reset my password?' },
  });
  expect(r.status === 201, `${r.status} ${r.text}`);
  expect(r.json.status === 'AUTO_RESOLVED' && r.json.response?.length > 0,
    `status ${r.json.status}, intent ${r.json.intent}, confidence ${r.json.confidence}: ${r.json.decision_reason}`);
});
for (const page of ['/login', '/api/docs']) {
  await check(`GET ${page} is 200`, async () => {
    const r = await call('GET', page);
    expect(r.status === 200, `${r.status}`);
  });
}
console.log(`smoke: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
