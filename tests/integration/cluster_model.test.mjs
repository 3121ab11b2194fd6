// cluster_model.test.mjs: what lets several app hosts share one (Galera) database —
// a model trained on one host reaches the others through the database, checked against
// its SHA-256; one build at a time across hosts (a lease row, not GET_LOCK); the schema
// rules Galera needs; a transaction that loses a deadlock is run again, once.
// The second "host" is the admin program run as plain CGI with a model folder of its
// own, pointed at the stack's database: a process that knows only what the database
// tells it.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { admin, api, closeTicketsOf, eventually, ROOT, sql, stackEnv, STATE, userWithRole } from './lib.mjs';

const BUILD = path.resolve(ROOT, process.env.BUILD || 'build');
const hostB = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-host-b-'));
const modelB = path.join(hostB, 'model.bin');
const env = stackEnv();
test.after(() => fs.rmSync(hostB, { recursive: true, force: true }));

// One request to host B: the admin group as a CGI program. {status, json, log}.
function hostRequest(method, uri, token, body) {
  const data = body ? Buffer.from(JSON.stringify(body)) : Buffer.alloc(0);
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(BUILD, 'cgi-bin/admin'), [], {
      env: {
        ...env, DESKPILOT_MODEL_PATH: modelB, GATEWAY_INTERFACE: 'CGI/1.1', REQUEST_METHOD: method,
        REQUEST_URI: uri, QUERY_STRING: '', REMOTE_ADDR: '127.0.0.1', HTTP_AUTHORIZATION: `Bearer ${token}`,
        CONTENT_TYPE: body ? 'application/json' : '', CONTENT_LENGTH: String(data.length),
      },
    });
    const out = [], err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', () => {
      const text = Buffer.concat(out).toString();
      const i = text.indexOf('\r\n\r\n');
      const status = Number((/^Status: (\d+)/m.exec(text) || [])[1]);
      let json = null;
      try { json = JSON.parse(text.slice(i + 4)); } catch { /* none */ }
      resolve({ status, json, text, log: Buffer.concat(err).toString() });
    });
    // A CGI that answers before reading its (empty) body closes the pipe first.
    child.stdin.on('error', () => {});
    child.stdin.end(data);
  });
}

const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const newest = () => Number(sql('SELECT COALESCE(MAX(version), 0) FROM model_versions'));
const servedByB = async (token) => (await hostRequest('GET', '/api/admin/model', token)).json?.model_version;

test('a retrain on host A is served by host B within seconds, byte for byte', async () => {
  const token = await admin();
  // B starts with whatever is newest, fetched on its first request.
  const before = newest();
  assert.equal(await servedByB(token), before, 'B fetched the newest model on its first request');
  const r = await api('POST', '/api/admin/retrain', { token, body: {} });
  assert.equal(r.status, 200, r.text);
  const v = r.json.model_version;
  assert.ok(v > before);
  const [stored, bytes, chunks] = sql(`SELECT sha256, bytes, (SELECT COUNT(*) FROM model_chunks WHERE version = ${v})
    FROM model_versions WHERE version = ${v}`).split('\t');
  assert.equal(Number(chunks), Math.ceil(Number(bytes) / (512 * 1024)), 'chunks of 512 KiB');
  const t0 = Date.now();
  assert.ok(await eventually(async () => (await servedByB(token)) === v, 10000), 'B serves the new version');
  assert.ok(Date.now() - t0 < 10000);
  assert.equal(sha256(modelB), stored, "B's file is the recorded model");
  assert.equal(sha256(env.DESKPILOT_MODEL_PATH), stored, "A's file is the recorded model");
  assert.equal(fs.readdirSync(hostB).filter((f) => /model\.bin\.[A-Za-z0-9]{6}$/.test(f)).length, 0, 'no temporary file left');
  // Only the newest three versions keep their chunks.
  const kept = sql('SELECT COUNT(DISTINCT version) FROM model_chunks');
  assert.ok(Number(kept) <= 3, `${kept} versions keep chunks`);
});

test('a stored model whose bytes do not match its checksum is refused and the old one kept', async () => {
  const token = await admin();
  const old = newest();
  assert.equal(await servedByB(token), old);
  const oldSum = sha256(modelB);
  const r = await api('POST', '/api/admin/retrain', { token, body: {} });
  assert.equal(r.status, 200, r.text);
  const v = r.json.model_version;
  // One byte of the first chunk changed, as a damaged copy would be.
  const orig = sql(`SELECT HEX(SUBSTRING(chunk, 1001, 1)) FROM model_chunks WHERE version = ${v} AND seq = 0`);
  sql(`UPDATE model_chunks SET chunk = INSERT(chunk, 1001, 1, UNHEX('${orig === '41' ? '42' : '41'}'))
       WHERE version = ${v} AND seq = 0`);
  try {
    const b = await hostRequest('GET', '/api/admin/model', token);
    assert.equal(b.status, 200, b.text);
    assert.equal(b.json.model_version, old, 'B still serves the old model');
    assert.match(b.log, new RegExp(`model ${v} refused.*sha256`), b.log);
    assert.equal(sha256(modelB), oldSum, "B's file is untouched");
  } finally {
    sql(`UPDATE model_chunks SET chunk = INSERT(chunk, 1001, 1, UNHEX('${orig}')) WHERE version = ${v} AND seq = 0`);
  }
  assert.equal(await servedByB(token), v, 'the repaired copy is fetched');
});

test('one build at a time across hosts: a second retrain anywhere is 409', async () => {
  const token = await admin();
  // A lease held by a build on another host: 409 here and there.
  sql(`INSERT INTO cluster_leases (name, holder, expires_at) VALUES ('model_build', 'elsewhere:1:1', UTC_TIMESTAMP(3) + INTERVAL 60 SECOND)`);
  try {
    const a = await api('POST', '/api/admin/retrain', { token, body: {} });
    assert.equal(a.status, 409, a.text);
    assert.equal(a.json.code, 'conflict');
    const b = await hostRequest('POST', '/api/admin/retrain', token, {});
    assert.equal(b.status, 409, b.text);
    // A holder that died: its lease expires and the next build takes it over.
    sql(`UPDATE cluster_leases SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE name = 'model_build'`);
    const c = await api('POST', '/api/admin/retrain', { token, body: {} });
    assert.equal(c.status, 200, c.text);
  } finally {
    sql(`DELETE FROM cluster_leases WHERE holder = 'elsewhere:1:1'`);
  }
  assert.equal(sql(`SELECT COUNT(*) FROM cluster_leases`), '0', 'a finished build gives its lease back');
  // A holder on this host whose process is gone (a build killed half-way) does not
  // wait for its expiry: as GET_LOCK was, it is freed at once.
  const gone = fs.readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim(); // never a live pid
  sql(`INSERT INTO cluster_leases (name, holder, expires_at)
       VALUES ('model_build', '${os.hostname()}:${gone}:1', UTC_TIMESTAMP(3) + INTERVAL 600 SECOND)`);
  const d = await api('POST', '/api/admin/retrain', { token, body: {} });
  assert.equal(d.status, 200, d.text);
  assert.equal(sql(`SELECT COUNT(*) FROM cluster_leases`), '0');

  // Both hosts at once: one builds, the other is told one is running.
  for (let round = 0; ; round++) {
    const [a, b] = await Promise.all([
      api('POST', '/api/admin/retrain', { token, body: {} }),
      hostRequest('POST', '/api/admin/retrain', token, {}),
    ]);
    const statuses = [a.status, b.status].sort();
    if (statuses[0] === 200 && statuses[1] === 200 && round < 4) continue; // they did not overlap
    assert.deepEqual(statuses, [200, 409], `${a.text} ${b.text}`);
    break;
  }
});

test('the schema keeps Galera\'s rules: InnoDB tables with primary keys, no triggers or events', () => {
  const noPk = sql(`SELECT t.table_name FROM information_schema.tables t
    WHERE t.table_schema = DATABASE() AND t.table_type = 'BASE TABLE' AND NOT EXISTS (
      SELECT 1 FROM information_schema.table_constraints c WHERE c.table_schema = t.table_schema
      AND c.table_name = t.table_name AND c.constraint_type = 'PRIMARY KEY')`);
  assert.equal(noPk, '', `tables without a primary key: ${noPk}`);
  const notInnodb = sql(`SELECT table_name, engine FROM information_schema.tables
    WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND engine <> 'InnoDB'`);
  assert.equal(notInnodb, '', `tables not in InnoDB: ${notInnodb}`);
  assert.equal(sql(`SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM information_schema.events WHERE event_schema = DATABASE()`), '0');
  assert.ok(Number(sql('SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()')) > 10);
  // No code takes a lock Galera would not share with the other nodes.
  const src = fs.readdirSync(path.join(ROOT, 'lib/db')).filter((f) => f.endsWith('.c') && f !== 'db_migrate.c')
    .map((f) => fs.readFileSync(path.join(ROOT, 'lib/db', f), 'utf8')).join('\n');
  assert.doesNotMatch(src, /GET_LOCK/);
});

// A session of our own that holds locks while a request runs: statements are written
// to one mariadb client as the test goes. end() closes it and gives {code, out, err}.
function session() {
  const child = spawn('mariadb', ['--no-defaults', `--socket=${path.join(STATE, 'dbrun/mysql.sock')}`,
    '-uroot', '-N', '-B', 'deskpilot'], {
    env: { ...process.env, MYSQL_PWD: fs.readFileSync(path.join(STATE, 'secrets/db_root_password'), 'utf8').trim() },
  });
  const out = [], err = [];
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => err.push(d));
  const done = new Promise((resolve) => child.on('close', (code) => resolve({
    code, out: Buffer.concat(out).toString(), err: Buffer.concat(err).toString(),
  })));
  return { run: (statements) => child.stdin.write(`${statements}\n`), end: () => { child.stdin.end(); return done; } };
}

const lockWaits = () => Number(sql(`SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'`));

test('a ticket whose transaction is chosen as a deadlock victim is filed once, by running it again', async () => {
  const customer = await userWithRole('customer');
  sql(`CREATE TABLE deadlock_ballast (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB;
       INSERT INTO deadlock_ballast SELECT seq, 0 FROM seq_1_to_300`);
  const deadlocks = () => Number(sql(`SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'`).split('\t')[1]);
  const before = deadlocks();
  const subject = `Deadlock ${process.pid} ${Date.now()}`;
  const s = session();
  try {
    // The session changes 300 rows first, so InnoDB picks the lighter transaction —
    // the ticket's — as the victim, and holds the customer's hourly count, which the
    // ticket's transaction needs after inserting the ticket.
    s.run(`START TRANSACTION; UPDATE deadlock_ballast SET v = v + 1;
      INSERT INTO ticket_quota (user_id, hour, n) VALUES (${customer.id}, UNIX_TIMESTAMP() DIV 3600, 0)
        ON DUPLICATE KEY UPDATE n = n;`);
    assert.ok(await eventually(() => sql(`SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_rows_modified >= 300`) === '1'));
    const filing = api('POST', '/api/tickets', { token: customer.token, body: { subject, body: 'Where is my order?' } });
    assert.ok(await eventually(() => lockWaits() > 0), 'the ticket waits for the hourly count');
    // Now the session asks for the new ticket's row: a cycle, the ticket's side loses.
    s.run(`SELECT COUNT(*) FROM tickets WHERE customer_id = ${customer.id} FOR UPDATE;`);
    assert.ok(await eventually(() => deadlocks() > before), 'a deadlock happened');
    // The ticket's second run waits for the count again, until the session ends.
    assert.ok(await eventually(() => lockWaits() > 0), 'the ticket is being filed again');
    s.run('ROLLBACK;');
    const r = await filing;
    const ended = await s.end();
    assert.equal(ended.code, 0, ended.err);
    assert.equal(r.status, 201, r.text);
    assert.equal(sql(`SELECT COUNT(*) FROM tickets WHERE subject = '${subject}'`), '1', 'filed once');
    assert.equal(sql(`SELECT id FROM tickets WHERE subject = '${subject}'`), String(r.json.id));
  } finally {
    await s.end();
    sql('DROP TABLE IF EXISTS deadlock_ballast');
    closeTicketsOf(customer);
  }
});
