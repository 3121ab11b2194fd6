// backup.test.mjs: `deskpilot backup` and `deskpilot restore` — every row and the
// model, taken from the running stack and put back whole into another database (as
// on another host), replacing what was there; a damaged file changes nothing.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api, cli, closeTicketsOf, sql, STATE, userWithRole } from './lib.mjs';
import { png, upload } from './files.mjs';

const other = `dp_restore_${process.pid}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-backup-'));
// The other "host": a database of its own, migrated by this deskpilot, its own model path.
const otherEnv = {
  DESKPILOT_DB_NAME: other, DESKPILOT_DB_USER: 'root',
  DESKPILOT_DB_PASSWORD_FILE: path.join(STATE, 'secrets/db_root_password'),
  DESKPILOT_MODEL_PATH: path.join(dir, 'model.bin'),
};

// Every table's rows but the ones a backup does not carry: the schema's, the model's
// chunks (the model travels as its file and is stored again), the build lease and the
// search index (made again from the tickets by the restore).
function counts(database) {
  const tables = sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = '${database}'
                      AND table_type = 'BASE TABLE'
                      AND table_name NOT IN ('schema_migrations', 'model_chunks', 'cluster_leases', 'ticket_terms')
                      ORDER BY 1`).split('\n');
  return Object.fromEntries(tables.map((t) => [t, sql(`SELECT COUNT(*) FROM \`${t}\``, database)]));
}

function fails(args, env) {
  try { cli(args, '', env); } catch (e) { return e.stderr; }
  assert.fail(`deskpilot ${args.join(' ')} succeeded`);
}

test('a backup of the running desk restores whole into another database, replacing its rows', async (t) => {
  const customer = await userWithRole('customer', 'Backup Customer');
  t.after(() => { sql(`DROP DATABASE IF EXISTS ${other}`); fs.rmSync(dir, { recursive: true, force: true }); closeTicketsOf(customer); });
  // With an Idempotency-Key: its row holds bytes (a BINARY(32) fingerprint), not text.
  const filed = await api('POST', '/api/tickets', { token: customer.token, headers: { 'idempotency-key': `backup-${process.pid}` }, body: { subject: 'Backed up', body: 'A ticket with “quotes”, a tab\tand ünïcode' } });
  assert.equal(filed.status, 201);
  // An attachment: binary bytes in several chunks (more than a backup page of them).
  for (let i = 0; i < 2; i++) {
    const up = await upload(`/api/tickets/${filed.json.id}/attachments`, { token: customer.token, files: [{ name: `shot${i}.png`, type: 'image/png', data: png(50, 50, 9 * 256 * 1024) }] });
    assert.equal(up.status, 201, up.text);
  }
  const modelFile = cli(['train']).match(/-> (.*)$/m)[1];

  const file = path.join(dir, 'desk.backup');
  assert.match(cli(['backup', file]), /backup .*: \d+ rows and the model/);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'the backup is private');
  assert.ok(!fs.existsSync(`${file}.partial`));
  // Valid UTF-8 throughout: bytes are written as base64.
  const lines = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file)).trimEnd().split('\n');
  assert.ok(lines.some((l) => l.includes('{"base64":')), 'the fingerprint as base64');
  assert.equal(JSON.parse(lines[0]).deskpilot_backup, 1);
  assert.equal(JSON.parse(lines.at(-1)).end, true);
  const source = counts('deskpilot');

  sql(`CREATE DATABASE ${other} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  cli(['migrate'], '', otherEnv);
  sql("INSERT INTO settings (name, value) VALUES ('confidence_threshold', '0.5')", other); // to be replaced
  const restored = cli(['restore', file], '', otherEnv);
  assert.match(restored, /restored .*rows and the model/);
  assert.match(restored, /search: \d+ tickets indexed/);
  assert.deepEqual(counts(other), source, 'row for row');
  // The search index is made again: the same rows for a ticket, none left of before.
  const terms = `SELECT GROUP_CONCAT(CONCAT(term, ':', hits, '/', note_hits) ORDER BY term) FROM ticket_terms WHERE ticket_id = ${filed.json.id}`;
  assert.ok(sql(terms).includes('quot_:1/0'), sql(terms));
  assert.equal(sql(terms, other), sql(terms));
  assert.equal(sql('SELECT COUNT(*) FROM tickets WHERE search_text IS NULL', other), '0');
  assert.equal(sql(`SELECT body FROM tickets WHERE id = ${filed.json.id}`, other), sql(`SELECT body FROM tickets WHERE id = ${filed.json.id}`));
  assert.equal(sql(`SELECT response FROM tickets WHERE id = ${filed.json.id}`, other), sql(`SELECT response FROM tickets WHERE id = ${filed.json.id}`), 'generated columns are computed again');
  assert.equal(sql(`SELECT password_hash FROM users WHERE id = ${customer.id}`, other), sql(`SELECT password_hash FROM users WHERE id = ${customer.id}`));
  const fp = `SELECT HEX(fingerprint) FROM idempotency_keys WHERE ticket_id = ${filed.json.id}`;
  assert.equal(sql(fp, other), sql(fp), 'bytes come back as they were');
  assert.equal(sql(fp).length, 64);
  const chunks = `SELECT c.id, c.seq, LENGTH(c.data), MD5(c.data) FROM attachment_chunks c JOIN attachments a ON a.id = c.attachment_id WHERE a.ticket_id = ${filed.json.id} ORDER BY c.id`;
  assert.ok(sql(chunks).split('\n').length >= 20, 'the attachments span more than one page of chunks');
  assert.equal(sql(chunks, other), sql(chunks), 'attachments come back byte for byte');
  assert.equal(sql("SELECT COUNT(*) FROM settings WHERE name = 'confidence_threshold' AND value = '0.5'", other), sql("SELECT COUNT(*) FROM settings WHERE name = 'confidence_threshold' AND value = '0.5'"));
  const ours = fs.readFileSync(modelFile);
  assert.ok(fs.readFileSync(otherEnv.DESKPILOT_MODEL_PATH).equals(ours), 'the model comes back byte for byte');
  // ...and is stored again for the other hosts of the restored database to fetch.
  const version = sql('SELECT MAX(version) FROM model_versions');
  assert.equal(sql('SELECT GROUP_CONCAT(DISTINCT version) FROM model_chunks', other), version);
  assert.equal(sql(`SELECT sha256 FROM model_versions WHERE version = ${version}`, other),
    crypto.createHash('sha256').update(ours).digest('hex'));
  assert.equal(sql(`SET SESSION group_concat_max_len = 1073741824; SELECT SHA2(GROUP_CONCAT(chunk ORDER BY seq SEPARATOR ''), 256) FROM model_chunks`, other),
    crypto.createHash('sha256').update(ours).digest('hex'), 'the chunks are the model');

  // A restore replaces: a row added since is gone again.
  sql(`INSERT INTO users (email, name, role, password_hash) VALUES ('late@x.example', 'Late', 'customer', 'x')`, other);
  sql(`INSERT INTO ticket_terms (term, ticket_id, hits, note_hits) VALUES ('stale_', ${filed.json.id}, 1, 0)`, other);
  cli(['restore', file], '', otherEnv);
  assert.equal(sql("SELECT COUNT(*) FROM users WHERE email = 'late@x.example'", other), '0');
  assert.equal(sql("SELECT COUNT(*) FROM ticket_terms WHERE term = 'stale_'", other), '0', 'no index row of before');
  assert.equal(sql(terms, other), sql(terms));

  // A cut file and a file of another schema are refused, and change nothing.
  const before = counts(other);
  const cut = path.join(dir, 'cut.backup');
  fs.writeFileSync(cut, lines.slice(0, -1).join('\n') + '\n');
  assert.match(fails(['restore', cut], otherEnv), /ends early/);
  const alien = path.join(dir, 'alien.backup');
  fs.writeFileSync(alien, [JSON.stringify({ deskpilot_backup: 1, migrations: ['1'] }), ...lines.slice(1)].join('\n') + '\n');
  assert.match(fails(['restore', alien], otherEnv), /schema/);
  // A damaged model, a null where a migration goes, a number where text goes: refused
  // whole — the rows stay as they were, nothing is left beside the model.
  const mend = (i, line) => { const l = [...lines]; l[i] = line; return l.join('\n') + '\n'; };
  const modelLine = lines.findIndex((l) => l.startsWith('{"model"'));
  const badModel = path.join(dir, 'badmodel.backup');
  fs.writeFileSync(badModel, mend(modelLine, JSON.stringify({ model: '!!!!' })));
  assert.match(fails(['restore', badModel], otherEnv), /model in the backup is damaged/);
  const header = JSON.parse(lines[0]);
  const nullHeader = path.join(dir, 'null.backup');
  fs.writeFileSync(nullHeader, mend(0, JSON.stringify({ ...header, migrations: header.migrations.map(() => null) })));
  assert.match(fails(['restore', nullHeader], otherEnv), /damaged header/);
  const rowLine = lines.findIndex((l) => l.startsWith('["'));
  const numbers = path.join(dir, 'numbers.backup');
  fs.writeFileSync(numbers, mend(rowLine, JSON.stringify(JSON.parse(lines[rowLine]).map(() => 7))));
  assert.match(fails(['restore', numbers], otherEnv), /neither text nor null/);
  assert.deepEqual(counts(other), before);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => /model\.bin\.|\.backup\./.test(f)), [], 'no temporary file left');
});
