// hosting_cgi.test.mjs: the shared-hosting install (tools/install-cgi.sh) under
// Debian's Apache started here on a free port, as plain CGI (mod_cgid) and with
// mod_fcgid: the tree lives in a user-style folder, the database is one account with
// all rights on one database, and when the suite runs as root Apache runs the
// programs as nobody, who owns the tree, as a host's account would.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { freePort, ROOT, sql } from './lib.mjs';
import { Client } from './pages_client.mjs';

const asRoot = process.getuid() === 0;

// Install into base/home/alice, start Apache on it; returns {url, stop, dest, data, admin}.
async function hosted(ext) {
  const tag = `${ext}${process.pid}`;
  const db = `dp_${tag}`, user = `dp_${tag}`, password = `pw-${tag}-${Date.now()}`;
  sql(`CREATE DATABASE ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
           CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY '${password}';
           GRANT ALL PRIVILEGES ON ${db}.* TO '${user}'@'127.0.0.1';`);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `dp-hosting-${ext}-`));
  fs.chmodSync(base, 0o755);
  const home = path.join(base, 'home/alice');
  const dest = path.join(home, 'public_html/desk'), data = path.join(home, 'deskpilot-desk');
  const admin = { email: 'owner@shared.example', password: 'owner-pass-123' };
  const out = execFileSync(path.join(ROOT, 'tools/install-cgi.sh'), [dest], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH, HOME: home, EXT: ext, DATA: data,
      BUILD: path.resolve(ROOT, process.env.BUILD || 'build'),
      DESKPILOT_DB_HOST: '127.0.0.1', DESKPILOT_DB_PORT: process.env.DESKPILOT_DB_LOCAL_PORT,
      DESKPILOT_DB_NAME: db, DESKPILOT_DB_USER: user, DESKPILOT_DB_PASSWORD: password,
      DESKPILOT_ADMIN_EMAIL: admin.email, DESKPILOT_ADMIN_PASSWORD: admin.password,
    },
  });
  assert.match(out, /deskpilot train/, 'the installer prints the cron line');
  if (asRoot) execFileSync('chown', ['-R', 'nobody:nogroup', path.join(base, 'home')]);
  for (const d of [path.join(base, 'home'), home]) fs.chmodSync(d, 0o755);

  const port = await freePort();
  const conf = path.join(base, 'apache');
  execFileSync(path.join(ROOT, 'tools/apache-local.sh'), ['start', conf, dest, String(port), ext]);
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    execFileSync(path.join(ROOT, 'tools/apache-local.sh'), ['stop', conf]);
    fs.rmSync(base, { recursive: true, force: true });
    sql(`DROP DATABASE ${db}; DROP USER '${user}'@'127.0.0.1';`);
  };
  return { url, stop, dest, data, admin, log: () => fs.readFileSync(path.join(conf, 'error.log'), 'utf8') };
}

async function call(url, method, p, { token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body) h['content-type'] = 'application/json';
  const res = await fetch(url + p, { method, headers: h, body: body && JSON.stringify(body), redirect: 'manual' });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* a page */ }
  return { status: res.status, headers: res.headers, text, json };
}

// What a shared host's customers, agents and admin do, over HTTP.
async function smoke(h) {
  const { url } = h;
  let r = await call(url, 'GET', '/api/health');
  assert.equal(r.status, 200, `${r.text}\n${h.log()}`);
  assert.equal(r.json.db, 'ok');

  const email = `cgi-${Date.now()}@example.org`, password = 'cgi-customer-pw';
  r = await call(url, 'POST', '/api/auth/register', { body: { email, password, name: 'Cgi Customer' } });
  assert.equal(r.status, 201, r.text);
  r = await call(url, 'POST', '/api/auth/login', { body: { email, password } });
  assert.equal(r.status, 200, r.text);
  const token = r.json.access_token;
  r = await call(url, 'GET', '/api/auth/me', { token });
  assert.equal(r.status, 200, 'the Authorization header reaches the program');
  assert.equal(r.json.user?.email ?? r.json.email, email);

  r = await call(url, 'POST', '/api/tickets', { token, body: { subject: 'Forgot my password', body: 'I forgot my password and cannot log in. How do I reset my password?' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'AUTO_RESOLVED', `${r.json.intent} ${r.json.confidence}: ${r.json.decision_reason}`);
  const id = r.json.id;
  r = await call(url, 'GET', `/api/tickets/${id}`, { token });
  assert.equal(r.status, 200);
  assert.equal(r.json.messages.length, 1);
  r = await call(url, 'POST', '/api/tickets', { token, body: { subject: '' } });
  assert.equal(r.status, 422, 'the program answers its own validation');
  assert.ok(r.json.errors.some((e) => e.field === 'body'), r.text);
  r = await call(url, 'GET', '/api/no-such-thing');
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type'), /problem\+json/);

  // Search finds short words as words (terms are padded past a stock server's
  // shortest indexed word: lib/ai/search_terms.h), with the long ones.
  const mine = new Map();
  for (const body of ['My PC will not boot after the update', 'Été refund for the trip', 'The PCI card is loose']) {
    const f = await call(url, 'POST', '/api/tickets', { token, body: { subject: 'Search', body } });
    assert.equal(f.status, 201);
    mine.set(f.json.id, body);
  }
  const search = async (q) => (await call(url, 'GET', `/api/tickets?q=${encodeURIComponent(q)}`, { token }))
    .json.items.filter((x) => mine.has(x.id)).map((x) => x.body);
  assert.deepEqual(await search('PC'), ['My PC will not boot after the update']);
  assert.deepEqual(await search('pc boot'), ['My PC will not boot after the update']);
  assert.deepEqual(await search('été'), ['Été refund for the trip']);
  assert.deepEqual(await search('loose'), ['The PCI card is loose']);
  assert.deepEqual(await search('pc card'), []);

  const customer = await new Client(url).login(email, password);
  assert.equal((await customer.get('/support/')).status, 200);
  assert.match((await customer.get(`/support/tickets/${id}`)).text, /Forgot my password/);
  const refused = await customer.post('/support/tickets', { subject: 'No token', body: 'A form without its CSRF token' });
  assert.equal(refused.status, 403, 'a CSRF-less POST is refused');

  const admin = await new Client(url).login(h.admin.email, h.admin.password);
  for (const p of ['/admin/', '/admin/intents', '/admin/model', '/agent/', '/agent/tickets', `/agent/tickets/${id}`]) {
    const page = await admin.get(p);
    assert.equal(page.status, 200, `${p}: ${page.status}`);
  }
  // Retraining from the admin page fits a request's time here (the cron line is the other way).
  const before = fs.statSync(path.join(h.data, 'model/model.bin')).mtimeMs;
  const retrained = await admin.submit('/admin/', '/admin/retrain', {});
  assert.equal(retrained.status, 303, retrained.text);
  assert.ok(fs.statSync(path.join(h.data, 'model/model.bin')).mtimeMs > before, 'a new model file');
  for (const p of ['/static/css/app.css', '/api/openapi.json', '/api/docs', '/favicon.ico']) {
    assert.equal((await call(url, 'GET', p)).status, 200, p);
  }

  // Nothing but the programs and static/ is served: not the configuration, not the
  // pointer to it, not the rules; the data folder is outside the web root anyway.
  for (const p of ['/.htaccess', '/.htdeskpilot-config', '/deskpilot.conf', '/../deskpilot-desk/deskpilot.conf',
    '/pages.cgi/../.htdeskpilot-config']) {
    r = await call(url, 'GET', p);
    assert.ok(r.status === 403 || r.status === 404, `${p}: ${r.status}`);
    assert.doesNotMatch(r.text, /DESKPILOT_|JWT|deskpilot-desk/, p);
  }
  const conf = fs.statSync(path.join(h.data, 'deskpilot.conf'));
  assert.equal(conf.mode & 0o777, 0o600, 'the configuration is private');
  assert.ok(fs.statSync(path.join(h.data, 'model/model.bin')).size > 0, 'the installer trained a model');
}

test('shared hosting: make install-cgi under Apache with plain CGI (mod_cgid)', async () => {
  const h = await hosted('cgi');
  try { await smoke(h); } finally { h.stop(); }
});

test('shared hosting: the same .htaccess with .fcgi names under mod_fcgid', async () => {
  const h = await hosted('fcgi');
  try {
    await smoke(h);
    await smoke(h); // again, on the long-lived processes
    if (asRoot) { // Apache runs the programs as the tree's owner, not as root
      const users = execFileSync('ps', ['-o', 'user=', '-C', 'pages.fcgi,tickets.fcgi'], { encoding: 'utf8' })
        .split('\n').filter(Boolean);
      assert.ok(users.length > 0 && users.every((u) => u === 'nobody'), users.join(','));
    }
  } finally { h.stop(); }
});
