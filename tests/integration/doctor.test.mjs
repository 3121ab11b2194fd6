// doctor.test.mjs: `deskpilot doctor` passes a healthy deployment and names each fault
// with its fix: a missing model, an account without write rights, a secret others can
// read, a migration not applied, a web server that does not answer.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASE, cli, ROOT, sql } from './lib.mjs';

function doctor(args, env = {}) {
  try { return { code: 0, out: cli(['doctor', ...args], '', env) }; } catch (e) { return { code: e.status, out: e.stdout }; }
}

test('deskpilot doctor: all good on the running stack', () => {
  const r = doctor(['--url', BASE]);
  assert.equal(r.code, 0, r.out);
  for (const what of ['settings', 'database', 'rights', 'schema', 'model', 'templates', 'web']) {
    assert.match(r.out, new RegExp(`^ok +${what} `, 'm'), what);
  }
  assert.match(r.out, /all good/);
});

test('deskpilot doctor: each fault is named with what to do', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-doctor-'));
  const user = `dp_doctor_${process.pid}`;
  t.after(() => { fs.rmSync(dir, { recursive: true, force: true }); sql(`DROP USER IF EXISTS '${user}'@'localhost'`); });

  let r = doctor([], { DESKPILOT_MODEL_PATH: path.join(dir, 'none.bin') });
  assert.equal(r.code, 1);
  assert.match(r.out, /^FAIL +model .*deskpilot train/m);

  const secret = path.join(dir, 'jwt');
  fs.writeFileSync(secret, 'x'.repeat(48), { mode: 0o644 });
  fs.chmodSync(secret, 0o644);
  r = doctor([], { DESKPILOT_JWT_SECRET_FILE: secret });
  assert.match(r.out, /^FAIL +files .*mode 644 — chmod 600 it/m);

  // A configuration file must be private when it holds a secret, not when it only
  // names the secrets' files (the Debian package's, which the workers' user reads).
  const conf = path.join(dir, 'deskpilot.env');
  fs.writeFileSync(conf, 'DESKPILOT_LOG_LEVEL=info\n', { mode: 0o644 });
  fs.chmodSync(conf, 0o644);
  r = doctor([], { DESKPILOT_CONFIG: conf });
  assert.match(r.out, /^ok +files .*deskpilot\.env holds no secret/m);
  fs.appendFileSync(conf, `DESKPILOT_JWT_SECRET=${'y'.repeat(40)}\n`);
  r = doctor([], { DESKPILOT_CONFIG: conf });
  assert.match(r.out, /^FAIL +files .*deskpilot\.env is mode 644 — chmod 600/m);

  sql(`CREATE USER '${user}'@'localhost' IDENTIFIED BY 'doctor-pw-1'; GRANT SELECT ON deskpilot.* TO '${user}'@'localhost'`);
  const pw = path.join(dir, 'pw');
  fs.writeFileSync(pw, 'doctor-pw-1', { mode: 0o600 });
  r = doctor([], { DESKPILOT_DB_USER: user, DESKPILOT_DB_PASSWORD_FILE: pw });
  assert.match(r.out, /^ok +database /m);
  assert.match(r.out, /^FAIL +rights .*INSERT.*— GRANT/m);

  const migrations = path.join(dir, 'sql');
  fs.mkdirSync(migrations);
  for (const f of fs.readdirSync(path.join(ROOT, 'sql'))) fs.copyFileSync(path.join(ROOT, 'sql', f), path.join(migrations, f));
  fs.writeFileSync(path.join(migrations, '999_future.sql'), 'SELECT 1;\n');
  r = doctor([], { DESKPILOT_MIGRATIONS_DIR: migrations });
  assert.match(r.out, /^FAIL +schema +1 migration of .* not applied — run: deskpilot migrate/m);

  r = doctor(['--url', 'http://127.0.0.1:1']);
  assert.match(r.out, /^FAIL +web .*no answer/m);
  assert.match(r.out, /problems? to fix/);
});
