// lib.mjs: what every integration test shares — the stack's URL, HTTP helpers, the CLI.
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BASE = process.env.DESKPILOT_URL;
if (!BASE) throw new Error('DESKPILOT_URL is not set: run through tools/run-tests.sh');
export const STATE = process.env.DESKPILOT_STATE;
export const ADMIN = {
  email: process.env.DESKPILOT_ADMIN_EMAIL,
  password: process.env.DESKPILOT_ADMIN_PASSWORD,
};
const BUILD = path.resolve(ROOT, process.env.BUILD || 'build');

// One HTTP call. body: object → JSON; raw: string sent as is. Returns
// {status, headers, text, json} (json null when the body is not JSON).
export async function api(method, url, { token, body, raw, headers = {}, cookie } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (cookie) h.cookie = cookie;
  let payload;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] ??= 'application/json';
  } else if (raw !== undefined) {
    payload = raw;
  }
  const res = await fetch(BASE + url, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, json };
}

// One call from a chosen loopback source address: 127.0.0.2, 127.0.0.3, ... are other
// clients to nginx (127.0.0.9 is the test stack's trusted proxy). body: object →
// JSON. Resolves {status, headers (node's lower-case object), text, json}; rejects on
// a reset or when no answer came within timeoutMs.
export function from(localAddress, method, path, { body, token, headers = {}, timeoutMs = 10000 } = {}) {
  const url = new URL(BASE + path);
  const payload = body === undefined ? '' : JSON.stringify(body);
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  h['content-length'] = Buffer.byteLength(payload);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method, localAddress, headers: h, agent: false, timeout: timeoutMs }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

// Every Set-Cookie of a response. Node >= 19.7 has Headers.getSetCookie; Debian 12's
// node 18 only joins them with ", ": split where the next "name=" starts (our cookies
// carry Max-Age, never an Expires date with a comma in it).
export function setCookies(headers) {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
  const all = headers.get('set-cookie');
  return all ? all.split(/, (?=[^;,=\s]+=)/) : [];
}

// Assert an RFC 9457 problem with this status and code.
export function assertProblem(r, status, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
  assert.equal(r.json?.status, status);
  assert.equal(r.json?.code, code);
  assert.equal(r.json?.type, 'about:blank');
  assert.equal(typeof r.json?.title, 'string');
  assert.equal(typeof r.json?.detail, 'string');
  assert.doesNotMatch(r.text, /SQL|mysql|mariadb|\/work\/|\/tmp\/|\.c:\d/i);
}

export function fieldNames(r) {
  return (r.json?.errors || []).map((e) => e.field).sort();
}

let seq = 0;
export function uniqueEmail(tag = 'user') {
  seq += 1;
  return `${tag}-${process.pid}-${Date.now()}-${seq}@test.example`;
}

export async function register(tag = 'customer', name = 'Test Customer') {
  const email = uniqueEmail(tag);
  const password = 'password-' + seq;
  const r = await api('POST', '/api/auth/register', { body: { email, password, name } });
  assert.equal(r.status, 201, r.text);
  return { ...r.json.user, password };
}

export async function login(email, password) {
  const r = await api('POST', '/api/auth/login', { body: { email, password } });
  assert.equal(r.status, 200, r.text);
  return r.json.access_token;
}

// A signed-in user of any role: customers register, staff come from the CLI.
export async function userWithRole(role, name = `Test ${role}`) {
  if (role === 'customer') {
    const u = await register('customer', name);
    return { ...u, token: await login(u.email, u.password) };
  }
  const email = uniqueEmail(role);
  const password = 'staff-password-1';
  cli(['user', 'add', '--email', email, '--name', name, '--role', role], password);
  const token = await login(email, password);
  const me = await api('GET', '/api/auth/me', { token });
  return { ...me.json.user, password, token };
}

let adminToken;
export async function admin() {
  adminToken ??= await login(ADMIN.email, ADMIN.password);
  return adminToken;
}

// The pipeline's settings the answer tests rely on: the knowledge base's gift card and
// password questions are answered automatically.
export async function answeringSettings() {
  const r = await api('PUT', '/api/admin/settings', { token: await admin(),
    body: { confidence_threshold: 0.75, similarity_threshold: 0.8, auto_resolve_enabled: true } });
  assert.equal(r.status, 200, r.text);
}

// The stack's environment, as tools/stack.sh gives it to its own processes.
export function stackEnv() {
  const out = execFileSync(path.join(ROOT, 'tools/stack.sh'), ['env'], { encoding: 'utf8' });
  const env = { ...process.env };
  for (const line of out.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) env[line.slice(0, i)] = line.slice(i + 1);
  }
  return env;
}

export function cli(args, input = '', extraEnv = {}) {
  return execFileSync(path.join(BUILD, 'deskpilot'), args, {
    input, env: { ...stackEnv(), ...extraEnv }, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function stack(command) {
  return execFileSync(path.join(ROOT, 'tools/stack.sh'), [command], { encoding: 'utf8' });
}

// The FastCGI children of one group's multiwatch (pids as strings).
export function workers(group) {
  const pid = fs.readFileSync(path.join(STATE, 'run', `${group}.pid`), 'utf8').trim();
  try {
    return execFileSync('pgrep', ['-P', pid], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch { return []; }
}

export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

// Poll fn until it returns true or the time is up.
export async function eventually(fn, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return true;
    if (Date.now() > end) return false;
    await sleep(100);
  }
}

// Run SQL as MariaDB's root on the stack's socket; the rows as tab-separated text.
export function sql(text, database = 'deskpilot') {
  return execFileSync('mariadb', ['--no-defaults', `--socket=${path.join(STATE, 'dbrun/mysql.sock')}`,
    '-uroot', '-N', '-B', database, '-e', text], {
    encoding: 'utf8',
    env: { ...process.env, MYSQL_PWD: fs.readFileSync(path.join(STATE, 'secrets/db_root_password'), 'utf8').trim() },
  }).trim();
}

// A JWT signed as the stack signs them (or with another alg/key, to forge one).
export function signToken(payload, { alg = 'HS256', key } = {}) {
  key ??= fs.readFileSync(path.join(STATE, 'secrets/jwt_secret'), 'utf8').trim();
  const b64url = (b) => Buffer.from(b).toString('base64url');
  const head = b64url(JSON.stringify({ alg, typ: 'JWT' }));
  const body = b64url(JSON.stringify(payload));
  if (alg === 'none') return `${head}.${body}.`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  const sig = crypto.createHmac(hash, key).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

// Let an intent answer by itself (on) or only suggest: the default knowledge base has
// most intents suggest-only; tests of automatic answers switch one on, then off.
export async function intentAuto(name, on) {
  const r = await api('PATCH', `/api/admin/intents/${name}`, { token: await admin(), body: { auto_resolve: on } });
  assert.equal(r.status, 200, r.text);
}

// For a test file about automatic answers on intent `name` (suggest-only in the default
// knowledge base): before its tests the answering settings and the intent switched on;
// after them the customers' tickets closed and the intent back to suggest-only.
export function answeringIntent(test, name, customers) {
  test.before(async () => {
    await answeringSettings();
    await intentAuto(name, true);
  });
  test.after(async () => {
    closeTicketsOf(...customers);
    await intentAuto(name, false);
  });
}

// Run fn with these admin settings, then put back what they were.
export async function withSettings(changes, fn) {
  const token = await admin();
  const before = (await api('GET', '/api/admin/settings', { token })).json;
  const r = await api('PUT', '/api/admin/settings', { token, body: changes });
  assert.equal(r.status, 200, r.text);
  try {
    return await fn();
  } finally {
    const back = Object.fromEntries(Object.keys(changes).map((k) => [k, before[k]]));
    assert.equal((await api('PUT', '/api/admin/settings', { token, body: back })).status, 200);
  }
}

// Close what a test file left waiting for agents: the agents' queue shows the 100
// oldest, and the browser tests look for their own ticket on it.
export function closeTicketsOf(...customers) {
  const ids = customers.filter(Boolean).map((c) => Number(c.id)).filter((n) => n > 0);
  if (ids.length) sql(`UPDATE tickets SET status = 'CLOSED' WHERE customer_id IN (${ids.join(',')}) AND status IN ('OPEN', 'REOPENED', 'PENDING')`);
}

// A TCP port free on 127.0.0.1 right now (for a server a test starts of its own).
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}
