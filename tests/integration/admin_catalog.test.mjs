// admin_catalog: intents CRUD with examples, settings with validated ranges, audit of both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem, fieldNames, admin, userWithRole } from './lib.mjs';

const unique = (p) => `${p}_${process.pid}_${Date.now() % 100000}`;

test('intents: create, read, list, patch (examples replaced), delete — each audited', async () => {
  const token = await admin();
  const name = unique('gift_wrap');
  let r = await api('POST', '/api/admin/intents', {
    token,
    body: { name, description: 'Gift wrapping', examples: ['can you gift wrap it', 'wrap as a present'],
      response_template: 'Hi {{customer_name}}, yes we wrap gifts.', auto_resolve: true, threshold: 0.8 },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.name, name);
  assert.deepEqual(r.json.examples, ['can you gift wrap it', 'wrap as a present']);
  assert.equal(r.json.threshold, 0.8);
  assert.equal(r.json.auto_paused, false);
  assertProblem(await api('POST', '/api/admin/intents', { token, body: { name } }), 409, 'conflict');
  r = await api('GET', `/api/admin/intents/${name}`, { token });
  assert.equal(r.status, 200);
  assert.equal(r.json.response_template, 'Hi {{customer_name}}, yes we wrap gifts.');
  r = await api('PATCH', `/api/admin/intents/${name}`, { token, body: { examples: ['only this one'], threshold: null, auto_resolve: false } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.examples, ['only this one']);
  assert.equal(r.json.threshold, null);
  assert.equal(r.json.auto_resolve, false);
  assert.equal(r.json.description, 'Gift wrapping', 'untouched fields stay');
  let found = false;
  let cursor = null;
  do {
    const page = await api('GET', `/api/admin/intents?limit=50${cursor ? `&cursor=${cursor}` : ''}`, { token });
    assert.equal(page.status, 200);
    found ||= page.json.items.some((i) => i.name === name);
    cursor = page.json.next_cursor;
  } while (cursor);
  assert.ok(found);
  r = await api('DELETE', `/api/admin/intents/${name}`, { token });
  assert.equal(r.status, 204);
  assertProblem(await api('GET', `/api/admin/intents/${name}`, { token }), 404, 'not_found');
  assertProblem(await api('DELETE', `/api/admin/intents/${name}`, { token }), 404, 'not_found');
  const audit = (await api('GET', '/api/admin/audit?limit=20', { token })).json.items.filter((e) => e.target === name);
  assert.deepEqual(audit.map((e) => e.action).sort(), ['intent.create', 'intent.delete', 'intent.update']);
});

test('intents: 422 names each bad field; agents are 403', async () => {
  const token = await admin();
  let r = await api('POST', '/api/admin/intents', {
    token, body: { name: 'Bad Name!', examples: ['ok', ''], threshold: 1.5, auto_resolve: 'yes', response_template: 'x'.repeat(5001) },
  });
  assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(fieldNames(r), ['auto_resolve', 'examples', 'name', 'response_template', 'threshold']);
  r = await api('POST', '/api/admin/intents', { token, body: {} });
  assert.deepEqual(fieldNames(r), ['name']);
  r = await api('PATCH', '/api/admin/intents/nope_nope', { token, body: {} });
  assertProblem(r, 404, 'not_found');
  const agent = await userWithRole('agent');
  assertProblem(await api('GET', '/api/admin/intents', { token: agent.token }), 403, 'forbidden');
  assertProblem(await api('GET', '/api/admin/settings', { token: agent.token }), 403, 'forbidden');
  assertProblem(await api('GET', '/api/admin/stats', { token: agent.token }), 403, 'forbidden');
});

test('settings: read, update a subset, ranges and unknown keys refused, audited', async () => {
  const token = await admin();
  let r = await api('GET', '/api/admin/settings', { token });
  assert.equal(r.status, 200);
  for (const k of ['confidence_threshold', 'similarity_threshold', 'target_precision', 'min_ratings', 'auto_resolve_enabled']) {
    assert.ok(k in r.json, k);
  }
  const before = r.json;
  r = await api('PUT', '/api/admin/settings', { token, body: { similarity_threshold: 0.85 } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.similarity_threshold, 0.85);
  assert.equal(r.json.confidence_threshold, before.confidence_threshold);
  r = await api('PUT', '/api/admin/settings', { token, body: { confidence_threshold: 1.2, min_ratings: 0.5, bogus: 1, auto_resolve_enabled: 1 } });
  assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(fieldNames(r), ['auto_resolve_enabled', 'bogus', 'confidence_threshold', 'min_ratings']);
  assert.equal((await api('GET', '/api/admin/settings', { token })).json.similarity_threshold, 0.85, 'nothing half-written');
  r = await api('PUT', '/api/admin/settings', { token, body: { similarity_threshold: before.similarity_threshold } });
  assert.equal(r.status, 200);
  const audit = (await api('GET', '/api/admin/audit?limit=5', { token })).json.items;
  assert.ok(audit.some((e) => e.action === 'settings.update' && e.target === 'similarity_threshold'));
});

test('stats and simulate: shapes, bad ranges are 400', async () => {
  const token = await admin();
  let r = await api('GET', '/api/admin/stats', { token });
  assert.equal(r.status, 200, r.text);
  for (const k of ['tickets', 'by_status', 'auto_resolved', 'auto_resolution_rate', 'auto_resolution_precision',
    'confirmed_resolutions', 'reopened_after_auto', 'csat', 'median_first_response_seconds', 'median_human_first_response_seconds', 'by_intent']) {
    assert.ok(k in r.json, k);
  }
  const sum = Object.values(r.json.by_status).reduce((a, b) => a + b, 0);
  assert.equal(sum, r.json.tickets, 'by_status adds up');
  assert.equal(r.json.by_intent.reduce((a, b) => a + b.tickets, 0), r.json.tickets, 'by_intent adds up');
  r = await api('GET', '/api/admin/stats?since=2000-01-01&until=2000-01-02', { token });
  assert.equal(r.json.tickets, 0);
  assertProblem(await api('GET', '/api/admin/stats?since=yesterday', { token }), 400, 'bad_request');
  r = await api('GET', '/api/admin/simulate?confidence_threshold=0.5', { token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.confidence_threshold, 0.5);
  for (const k of ['tickets', 'would_auto_resolve', 'automation_rate', 'estimated_precision', 'by_intent']) assert.ok(k in r.json, k);
  assertProblem(await api('GET', '/api/admin/simulate?confidence_threshold=2', { token }), 400, 'bad_request');
});
