// cli: the deskpilot tool (migrate, user, import, train) and the stack script's own guarantees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api, admin, cli, login, uniqueEmail, ROOT, sql } from './lib.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-cli-'));
const run = (args, input = '', env = {}) => {
  try {
    return { code: 0, out: cli(args, input, env) };
  } catch (e) {
    return { code: e.status, out: String(e.stdout) + String(e.stderr) };
  }
};

test('migrate is a no-op when everything is applied; the app account cannot migrate', () => {
  const migrator = {
    DESKPILOT_DB_USER: 'deskpilot_migrator',
    DESKPILOT_DB_PASSWORD_FILE: path.join(process.env.DESKPILOT_STATE, 'secrets/db_migrator_password'),
  };
  const again = run(['migrate'], '', migrator);
  assert.equal(again.code, 0, again.out);
  assert.match(again.out, /migrations: 0 applied/);
  // The workers' account has data access only: schema changes are refused.
  const denied = run(['migrate']);
  assert.equal(denied.code, 1);
  assert.match(denied.out, /denied/i);
  assert.equal(run(['migrate', 'extra']).code, 2);
});

test('user add creates staff; the password comes from stdin; duplicates need --update', async () => {
  const email = uniqueEmail('cli-agent');
  let r = run(['user', 'add', '--email', email, '--name', 'Cli Agent', '--role', 'agent'], 'agent-pass-1\n');
  assert.equal(r.code, 0, r.out);
  const tok = await login(email, 'agent-pass-1');
  assert.equal((await api('GET', '/api/auth/me', { token: tok })).json.user.role, 'agent');
  r = run(['user', 'add', '--email', email, '--name', 'Cli Agent', '--role', 'agent'], 'other-pass-2\n');
  assert.equal(r.code, 1);
  r = run(['user', 'add', '--email', email, '--name', 'Cli Agent', '--role', 'admin', '--update'], 'other-pass-2\n');
  assert.equal(r.code, 0, r.out);
  await login(email, 'other-pass-2');
  assert.equal(run(['user', 'add', '--email', email, '--name', 'X', '--role', 'root'], 'x').code, 2);
  assert.equal(run(['user', 'add', '--email', uniqueEmail(), '--name', 'X', '--role', 'agent'], 'short\n').code, 2);
});

test('import intents: quoted CSV with commas and newlines; merges into existing intents', async () => {
  const name = `csv_probe_${Date.now() % 100000}`;
  const csv = path.join(tmp, 'intents.csv');
  fs.writeFileSync(csv, 'name,description,auto_resolve,threshold,example,response_template\r\n'
    + `${name},"Probe, with comma",false,0.9,"first, example","Hi {{customer_name}},\n""quoted"" line"\r\n`
    + `${name},,,,second example,\r\n`);
  let r = run(['import', 'intents', csv]);
  assert.equal(r.code, 0, r.out);
  const token = await admin();
  let intent = (await api('GET', `/api/admin/intents/${name}`, { token })).json;
  assert.equal(intent.description, 'Probe, with comma');
  assert.equal(intent.auto_resolve, false);
  assert.equal(intent.threshold, 0.9);
  assert.deepEqual(intent.examples, ['first, example', 'second example']);
  assert.equal(intent.response_template, 'Hi {{customer_name}},\n"quoted" line');
  fs.writeFileSync(csv, `name,example\n${name},third example\n${name},first, example\n`);
  assert.notEqual(run(['import', 'intents', csv]).code, 0, 'wrong field count is refused');
  fs.writeFileSync(csv, `name,example\n${name},third example\n${name},"first, example"\n`);
  r = run(['import', 'intents', csv]);
  assert.equal(r.code, 0, r.out);
  intent = (await api('GET', `/api/admin/intents/${name}`, { token })).json;
  assert.deepEqual(intent.examples, ['first, example', 'second example', 'third example']);
  assert.equal(intent.description, 'Probe, with comma', 'not given, kept');
  r = run(['import', 'intents', csv, '--if-empty']);
  assert.match(r.out, /nothing imported/);
  fs.writeFileSync(csv, 'name,example\nBad Name,x\n');
  r = run(['import', 'intents', csv]);
  assert.equal(r.code, 1);
  assert.match(r.out, /name/);
  await api('DELETE', `/api/admin/intents/${name}`, { token });
});

test('import tickets: JSONL history becomes searchable solutions; one bad line imports nothing', async () => {
  const token = await admin();
  const marker = `quokka${Date.now()}`;
  const jsonl = path.join(tmp, 'tickets.jsonl');
  const good = { subject: `Refund for ${marker}`, body: `Please refund my ${marker} order`, intent: 'refund_request', response: 'Refunded.', created_at: '2025-03-04T05:06:07Z' };
  fs.writeFileSync(jsonl, `${JSON.stringify(good)}\n{"subject":"x","body":"y","response":"z","intent":"no_such_intent"}\n`);
  let r = run(['import', 'tickets', jsonl]);
  assert.equal(r.code, 1);
  assert.match(r.out, /:2:/);
  let found = await api('GET', `/api/tickets?q=${marker}`, { token });
  assert.equal(found.json.items.length, 0, 'nothing half-imported');
  fs.writeFileSync(jsonl, `${JSON.stringify(good)}\n\n`);
  r = run(['import', 'tickets', jsonl]);
  assert.equal(r.code, 0, r.out);
  found = await api('GET', `/api/tickets?q=${marker}`, { token });
  assert.equal(found.json.items.length, 1);
  const t = found.json.items[0];
  assert.equal(t.status, 'RESOLVED');
  assert.equal(t.response_source, 'agent');
  assert.equal(t.created_at, '2025-03-04T05:06:07Z');
  fs.writeFileSync(jsonl, '{"subject": "broken json"\n');
  assert.equal(run(['import', 'tickets', jsonl]).code, 1);
});

test('train builds a new model version', () => {
  const r = run(['train']);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^model \d+: \d+ intents, \d+ examples/m);
});

test('train --if-needed fetches the stored model for a missing, damaged or older-format file, and builds one only when none can be fetched', () => {
  const env = { DESKPILOT_MODEL_PATH: path.join(tmp, 'model.bin') };
  const stored = () => sql('SELECT sha256 FROM model_versions ORDER BY version DESC LIMIT 1');
  const sum = () => crypto.createHash('sha256').update(fs.readFileSync(env.DESKPILOT_MODEL_PATH)).digest('hex');
  // Another host trained already (the stack's model is in the database): fetched, not built.
  let r = run(['train', '--if-needed'], '', env);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^model \d+ fetched from the database/m, 'missing: fetched');
  assert.equal(sum(), stored());
  r = run(['train', '--if-needed'], '', env);
  assert.match(r.out, /usable: not rebuilt/);
  const built = fs.readFileSync(env.DESKPILOT_MODEL_PATH);
  built.writeUInt32LE(1, 8); // an older format number in the header
  fs.writeFileSync(env.DESKPILOT_MODEL_PATH, built);
  r = run(['train', '--if-needed'], '', env);
  assert.match(r.out, /^model \d+ fetched/m, 'older format: fetched again');
  fs.writeFileSync(env.DESKPILOT_MODEL_PATH, 'not a model');
  assert.match(run(['train', '--if-needed'], '', env).out, /^model \d+ fetched/m, 'damaged: fetched again');
  // No whole stored copy (its chunks gone): a new model is built, and stored in turn.
  const newest = sql('SELECT MAX(version) FROM model_versions');
  fs.rmSync(env.DESKPILOT_MODEL_PATH);
  sql(`DELETE FROM model_chunks WHERE version = ${newest}`);
  r = run(['train', '--if-needed'], '', env);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^model \d+: /m, 'nothing to fetch: built');
  assert.ok(Number(sql('SELECT MAX(version) FROM model_versions')) > Number(newest));
  assert.equal(sum(), stored(), 'and stored for the other hosts');
});

test('stack start is safe to run twice; a busy port gives a clear message', () => {
  const again = spawnSync(path.join(ROOT, 'tools/stack.sh'), ['start'], { encoding: 'utf8', env: process.env });
  assert.equal(again.status, 0, again.stdout + again.stderr);
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-busy-'));
  const busy = spawnSync(path.join(ROOT, 'tools/stack.sh'), ['start'], {
    encoding: 'utf8', env: { ...process.env, DESKPILOT_STATE: other },
  });
  assert.notEqual(busy.status, 0);
  assert.match(busy.stderr, new RegExp(`port ${process.env.DESKPILOT_PORT} is in use`));
  fs.rmSync(other, { recursive: true, force: true });
});

test('eval: trains on one CSV, reports on another, as one JSON object; bad input is refused', () => {
  const rows = (intent, words) => words.map((w) => `"${w}, please",${intent}`);
  const train = ['text,category',
    ...rows('refund', ['refund my order', 'money back for the order', 'I want a refund', 'return my money', 'refund the payment', 'give me a refund']),
    ...rows('password', ['reset my password', 'forgot password', 'cannot log in password', 'change my password', 'password reset link', 'lost my password']),
    ...rows('other', ['what is the weather', 'tell me a joke', 'who won the game', 'favourite colour', 'sing a song', 'random chatter'])].join('\n');
  const testCsv = ['text,category', '"I would like a refund, please",refund', '"password forgotten, help",password',
    '"how tall is a giraffe",other'].join('\n');
  fs.writeFileSync(path.join(tmp, 'train.csv'), train);
  fs.writeFileSync(path.join(tmp, 'test.csv'), testCsv);
  let r = run(['eval', '--train', path.join(tmp, 'train.csv'), '--test', path.join(tmp, 'test.csv'), '--json']);
  assert.equal(r.code, 0, r.out);
  const j = JSON.parse(r.out);
  for (const k of ['accuracy', 'macro_f1', 'ece', 'threshold', 'coverage', 'precision', 'coverage_at_precision',
    'oos_false_accept_rate', 'train_seconds', 'us_per_prediction']) assert.ok(k in j, k);
  assert.deepEqual(Object.keys(j.coverage_at_precision).sort(), ['0.95', '0.97', '0.99']);
  assert.equal(j.oos_false_accept_rate, null);
  assert.ok(j.accuracy >= 0 && j.accuracy <= 1);
  r = run(['eval', '--train', path.join(tmp, 'train.csv'), '--test', path.join(tmp, 'test.csv'), '--oos-label', 'other', '--json']);
  assert.equal(r.code, 0, r.out);
  const oos = JSON.parse(r.out).oos_false_accept_rate;
  assert.ok(typeof oos === 'number' && oos >= 0 && oos <= 1);
  r = run(['eval', '--train', path.join(tmp, 'train.csv'), '--test', path.join(tmp, 'test.csv')]);
  assert.equal(r.code, 0);
  assert.match(r.out, /accuracy/);
  fs.writeFileSync(path.join(tmp, 'bad.csv'), 'text,category\n"open quote,refund\n');
  r = run(['eval', '--train', path.join(tmp, 'bad.csv'), '--test', path.join(tmp, 'test.csv')]);
  assert.equal(r.code, 1);
  assert.match(r.out, /bad\.csv/);
  assert.equal(run(['eval', '--train', path.join(tmp, 'train.csv')]).code, 2);
  fs.writeFileSync(path.join(tmp, 'nocol.csv'), 'words,label2\nx,y\n');
  assert.equal(run(['eval', '--train', path.join(tmp, 'nocol.csv'), '--test', path.join(tmp, 'test.csv')]).code, 1);
});
