// model.test.mjs: the out-of-scope-aware confidence as the desk sees it — the model's
// report, a threshold chosen for a target precision, "none of ours" negatives.
import test from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, userWithRole, fieldNames } from './lib.mjs';

const settings = async (token, body) => {
  const r = await api('PUT', '/api/admin/settings', { token, body });
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const retrain = async (token) => {
  const r = await api('POST', '/api/admin/retrain', { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
};

test('the model report: cross-validated quality, confusions, unknown-topic false accepts, the curve', async () => {
  const token = await admin();
  await settings(token, { confidence_threshold: null, auto_resolve_target_precision: 0.95 });
  const r = await api('GET', '/api/admin/model', { token });
  assert.equal(r.status, 200, r.text);
  const m = r.json;
  assert.equal(typeof m.model_version, 'number');
  assert.ok(m.intents >= 3, 'the default knowledge base has enough intents to cross-validate');
  assert.ok(m.cv_accuracy > 0.5 && m.cv_accuracy <= 1, `cv_accuracy ${m.cv_accuracy}`);
  assert.ok(m.oos_false_accept_rate >= 0 && m.oos_false_accept_rate <= 1);
  assert.equal(m.curve.length, 21);
  assert.equal(m.curve[0].threshold, 0);
  assert.equal(m.curve[20].threshold, 1);
  for (let i = 1; i < m.curve.length; i++)
    assert.ok(m.curve[i].coverage <= m.curve[i - 1].coverage + 1e-9, 'coverage falls as the threshold rises');
  assert.equal(m.by_intent.length, m.intents);
  for (const i of m.by_intent) {
    assert.ok(i.f1 >= 0 && i.f1 <= 1 && i.support > 0, JSON.stringify(i));
    assert.ok(i.threshold === null || (i.threshold >= 0 && i.threshold <= 1));
  }
  assert.ok(Array.isArray(m.confused));
  assert.equal(m.threshold_source, 'model');
  assert.equal(m.target_precision, 0.95);
  assert.ok(m.estimated_precision >= 0.9, `precision ${m.estimated_precision} at the chosen threshold`);
  assertProblem(await api('GET', '/api/admin/model', { token: (await userWithRole('agent')).token }), 403, 'forbidden');
});

test('the target precision chooses the threshold; an explicit threshold overrides, null goes back', async () => {
  const token = await admin();
  let s = await settings(token, { confidence_threshold: null, auto_resolve_target_precision: 0.6 });
  assert.equal(s.confidence_threshold_explicit, false);
  const loose = s.confidence_threshold;
  s = await settings(token, { auto_resolve_target_precision: 0.99 });
  const strict = s.confidence_threshold;
  assert.ok(strict > loose, `0.99 needs a higher threshold than 0.6: ${strict} vs ${loose}`);
  const report = (await api('GET', '/api/admin/model', { token })).json;
  assert.equal(report.threshold, strict);
  assert.equal(report.threshold_source, 'model');

  s = await settings(token, { confidence_threshold: 0.55 });
  assert.equal(s.confidence_threshold, 0.55);
  assert.equal(s.confidence_threshold_explicit, true);
  assert.equal((await api('GET', '/api/admin/model', { token })).json.threshold_source, 'admin');
  s = await settings(token, { confidence_threshold: null, auto_resolve_target_precision: 0.95 });
  assert.equal(s.confidence_threshold_explicit, false);
  // What GET answers can be PUT back as it is: the model's threshold stays the model's.
  const again = await settings(token, (await api('GET', '/api/admin/settings', { token })).json);
  assert.equal(again.confidence_threshold_explicit, false);
  assert.equal(again.confidence_threshold, s.confidence_threshold);
  await settings(token, { confidence_threshold: 0.5 });
  assert.equal((await settings(token, { confidence_threshold_explicit: false })).confidence_threshold_explicit, false);
  const typo = await api('PUT', '/api/admin/settings', { token, body: { confidence_threshold: 'abc', confidence_threshold_explicit: false } });
  assertProblem(typo, 422, 'validation_failed');
  assert.deepEqual(fieldNames(typo), ['confidence_threshold']);

  const bad = await api('PUT', '/api/admin/settings', { token, body: { auto_resolve_target_precision: 1.5, similarity_threshold: null } });
  assertProblem(bad, 422, 'validation_failed');
  assert.deepEqual(fieldNames(bad), ['auto_resolve_target_precision', 'similarity_threshold']);
});

test('"other" is reserved: no intent takes the name, agents label with it', async () => {
  const token = await admin();
  const r = await api('POST', '/api/admin/intents', { token, body: { name: 'other', examples: ['x y z'] } });
  assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(fieldNames(r), ['name']);
});

// A topic no intent of the default knowledge base covers, in a few wordings.
const unknownTopic = [
  'My parrot stopped eating its seeds, what food should I give it?',
  'Which seeds and fruit are best for feeding a parrot every day?',
  'How often should I feed my parrot and how much seed is enough?',
  'Is it safe to give my parrot apple pieces instead of seeds?',
  'The parrot food you recommended, is it good for a young parrot?',
  'What should a parrot eat in winter, more seeds or more fruit?',
];

test('tickets an agent resolves as "none of ours" teach the confidence what it does not know', async () => {
  const token = await admin();
  await settings(token, { confidence_threshold: null, auto_resolve_target_precision: 0.95 });
  const customer = await userWithRole('customer');
  const agent = await userWithRole('agent');
  const file = async (body) => {
    const r = await api('POST', '/api/tickets', { token: customer.token, body: { subject: 'Parrot food', body } });
    assert.equal(r.status, 201, r.text);
    return (await api('GET', `/api/tickets/${r.json.id}`, { token: agent.token })).json; /* staff view */
  };
  const probe = 'Can you tell me what a parrot should eat, seeds or fruit?';
  // Measured with a model trained on everything earlier tests left, so the only change
  // between the two models is the tickets marked below.
  const baseline = (await retrain(token)).negatives;
  const before = await file(probe);

  for (const text of unknownTopic) {
    const t = await file(text);
    let r = await api('PATCH', `/api/tickets/${t.id}`, { token: agent.token, body: { intent: 'other' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.intent, 'other');
    r = await api('POST', `/api/tickets/${t.id}/messages`, { token: agent.token, body: { body: 'We are a shop, not a vet: please ask an animal doctor.', resolve: true } });
    assert.equal(r.status, 201, r.text);
  }
  const model = await retrain(token);
  assert.equal(model.negatives, baseline + unknownTopic.length);
  assert.equal((await api('GET', '/api/admin/model', { token })).json.negatives, model.negatives);

  const after = await file(probe);
  assert.notEqual(after.status, 'AUTO_RESOLVED');
  assert.ok(after.confidence < before.confidence,
    `the same unknown-topic question is less confident once such tickets were marked: ${after.confidence} vs ${before.confidence}`);
});
