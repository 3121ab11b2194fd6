// foundation: health, the error contract (404/405/413/415/400), headers, docs, OpenAPI coverage,
// and a killed worker being replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { api, assertProblem, ROOT, eventually, workers } from './lib.mjs';

test('GET /api/health answers ok with the database reachable', async () => {
  const r = await api('GET', '/api/health');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.equal(r.json.status, 'ok');
  assert.equal(r.json.db, 'ok');
  assert.ok('model_version' in r.json);
});

test('unknown paths are 404 problem+json, under /api and in other groups', async () => {
  assertProblem(await api('GET', '/api/nope'), 404, 'not_found');
  assertProblem(await api('GET', '/api/auth/nope'), 404, 'not_found');
  assertProblem(await api('GET', '/api/health/extra'), 404, 'not_found');
});

test('a known path with the wrong method is 405 with Allow', async () => {
  const r = await api('DELETE', '/api/health');
  assertProblem(r, 405, 'method_not_allowed');
  assert.equal(r.headers.get('allow'), 'GET');
  const l = await api('GET', '/api/auth/login');
  assertProblem(l, 405, 'method_not_allowed');
  assert.equal(l.headers.get('allow'), 'POST');
});

test('a body over 64 KiB is 413 problem+json from nginx', async () => {
  const r = await api('POST', '/api/auth/login', {
    raw: JSON.stringify({ email: 'a'.repeat(70000) }),
    headers: { 'content-type': 'application/json' },
  });
  assertProblem(r, 413, 'payload_too_large');
  const ok = await api('POST', '/api/auth/login', {
    raw: JSON.stringify({ email: 'a'.repeat(60000), password: 'x' }),
    headers: { 'content-type': 'application/json' },
  });
  assert.notEqual(ok.status, 413);
});

test('a JSON endpoint refuses other content types with 415', async () => {
  for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
    const r = await api('POST', '/api/auth/login', { raw: '{}', headers: { 'content-type': ct } });
    assertProblem(r, 415, 'unsupported_media_type');
  }
  const none = await api('POST', '/api/auth/login', { raw: '{}' });
  assertProblem(none, 415, 'unsupported_media_type');
  const charset = await api('POST', '/api/auth/login', {
    raw: '{}', headers: { 'content-type': 'application/json; charset=utf-8' },
  });
  assert.equal(charset.status, 422);
});

test('malformed JSON is 400 malformed_json', async () => {
  for (const raw of ['{', '[1]', '"x"', '{"a":1} trailing', "{'a':1}", '\xff']) {
    const r = await api('POST', '/api/auth/login', { raw, headers: { 'content-type': 'application/json' } });
    assertProblem(r, 400, 'malformed_json');
  }
});

test('bad percent-encoding in the path is 400', async () => {
  const r = await api('GET', '/api/health%zz');
  assert.equal(r.status, 400);
});

test('security headers and no server version', async () => {
  const r = await api('GET', '/api/health');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('referrer-policy'), 'same-origin');
  assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.equal(r.headers.get('server'), 'nginx');
  assert.match(r.headers.get('x-request-id'), /^[0-9a-f]{32}$/);
});

test('OpenAPI document and docs page are served', async () => {
  const r = await api('GET', '/api/openapi.json');
  assert.equal(r.status, 200);
  assert.equal(r.json.openapi, '3.1.0');
  const d = await api('GET', '/api/docs');
  assert.equal(d.status, 200);
  assert.match(d.text, /swagger-ui/);
  const js = await api('GET', '/static/vendor/swagger-ui/swagger-ui-bundle.js');
  assert.equal(js.status, 200);
  assert.ok(js.headers.get('expires'));
});

test('every API route of every worker is in the OpenAPI document', () => {
  const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'static/openapi.json'), 'utf8'));
  const bin = path.resolve(ROOT, process.env.BUILD || 'build', 'cgi-bin');
  const missing = [];
  let seen = 0;
  for (const group of fs.readdirSync(bin)) {
    const out = execFileSync(path.join(bin, group), ['--routes'], { encoding: 'utf8' });
    for (const line of out.trim().split('\n')) {
      const [method, pattern] = line.split(' ');
      if (!pattern.startsWith('/api/')) continue;
      seen += 1;
      if (!spec.paths[pattern]?.[method.toLowerCase()]) missing.push(`${method} ${pattern}`);
    }
  }
  assert.ok(seen >= 4, 'route tables were read');
  assert.deepEqual(missing, []);
});

test('a killed worker is replaced and the group keeps answering', async () => {
  const before = workers('meta');
  assert.ok(before.length >= 1);
  process.kill(Number(before[0]), 'SIGKILL');
  const replaced = await eventually(() => {
    const now = workers('meta');
    return now.length === before.length && !now.includes(before[0]);
  });
  assert.ok(replaced, 'multiwatch started a new child');
  for (let i = 0; i < 5; i++) assert.equal((await api('GET', '/api/health')).status, 200);
});
