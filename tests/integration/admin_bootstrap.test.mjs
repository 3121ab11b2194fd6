// admin_bootstrap: `make run` (tools/stack.sh start) creates its admin only when it is
// missing; an existing one keeps what the admins made of it. Changes take an explicit
// `deskpilot user` command, and are audited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { api, admin, cli, eventually, login, sql, uniqueEmail, ROOT, STATE, ADMIN } from './lib.mjs';

const account = (id) => {
  const [role, disabled] = sql(`SELECT role, disabled FROM users WHERE id = ${Number(id)}`).split('\t');
  return { role, disabled: disabled === '1' };
};

// nginx's worker processes now (the children of its master).
function nginxWorkers() {
  const master = fs.readFileSync(path.join(STATE, 'run', 'nginx.pid'), 'utf8').trim();
  return execFileSync('pgrep', ['-P', master], { encoding: 'utf8' }).trim().split('\n');
}

// tools/stack.sh start, and past an nginx reload if it made one (only a changed
// configuration is reloaded): once the old workers are gone, a request on a connection
// they closed is dropped (undici does not retry it).
async function start(env) {
  const old = nginxWorkers();
  const r = spawnSync(path.join(ROOT, 'tools/stack.sh'), ['start'], {
    encoding: 'utf8', env: { ...process.env, ...env },
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const same = () => nginxWorkers().join() === old.join();
  assert.ok(await eventually(async () => same() || old.every((pid) => !fs.existsSync(`/proc/${pid}`)), 30000));
  try { await api('GET', '/api/health'); } catch { /* a connection to an old worker */ }
  return r.stdout;
}

async function auditOf(token, id) {
  const r = await api('GET', '/api/admin/audit?limit=100', { token });
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((e) => e.target === `user:${id}`).reverse();
}

test('the first start created the admin and printed its password', () => {
  const log = fs.readFileSync(path.join(STATE, 'start.log'), 'utf8');
  assert.match(log, new RegExp(`admin login: ${ADMIN.email} / ${ADMIN.password}\\n`));
});

test('start again leaves a disabled, demoted admin as it is; deskpilot user changes it, audited', async () => {
  const email = uniqueEmail('boot-admin');
  cli(['user', 'add', '--email', email, '--name', 'Boot Admin', '--role', 'admin'], 'boot-pass-123\n');
  const boot = await login(email, 'boot-pass-123');
  const id = (await api('GET', '/api/auth/me', { token: boot })).json.user.id;
  const token = await admin();
  const patch = await api('PATCH', `/api/admin/users/${id}`, { token, body: { role: 'agent', disabled: true } });
  assert.equal(patch.status, 200, patch.text);
  const before = await auditOf(token, id);

  const out = await start({ DESKPILOT_ADMIN_EMAIL: email, DESKPILOT_ADMIN_PASSWORD: 'other-pass-456' });
  assert.match(out, new RegExp(`admin login: ${email} \\(an existing account, left as it is: its password is unchanged`));
  assert.match(out, /tools\/stack\.sh cli user set-password/);
  assert.doesNotMatch(out, /other-pass-456/);
  let u = account(id);
  assert.equal(u.role, 'agent');
  assert.equal(u.disabled, true);
  assert.equal((await api('POST', '/api/auth/login', { body: { email, password: 'other-pass-456' } })).status, 401);
  assert.deepEqual(await auditOf(token, id), before, 'start wrote nothing');

  // The explicit ways: enable, set-password. Each leaves an audit entry by the operator.
  assert.match(cli(['user', 'enable', email]), /enable done/);
  assert.match(cli(['user', 'set-password', email], 'new-pass-789\n'), /set-password done/);
  const again = await login(email, 'new-pass-789');
  assert.equal((await api('GET', '/api/auth/me', { token: again })).json.user.role, 'agent', 'role kept');
  const entries = (await auditOf(token, id)).slice(before.length);
  assert.deepEqual(entries.map((e) => e.action), ['user.update', 'user.password']);
  for (const e of entries) assert.equal(e.actor_id, null, 'the operator, not a user');
  assert.equal(JSON.parse(entries[0].detail).was_disabled, true);
  assert.doesNotMatch(entries[1].detail, /new-pass|\$2/, 'no password or hash in the log');

  // add --update resets role and access, audited too; --if-missing changes nothing.
  cli(['user', 'disable', email]);
  assert.match(cli(['user', 'add', '--email', email, '--name', 'X', '--role', 'customer', '--if-missing'], 'zzz-pass-000\n'),
    /exists: unchanged/);
  cli(['user', 'add', '--email', email, '--name', 'Boot Admin', '--role', 'admin', '--update'], 'upd-pass-321\n');
  u = account(id);
  assert.equal(u.role, 'admin');
  assert.equal(u.disabled, false);
  await login(email, 'upd-pass-321');
  const last = (await auditOf(token, id)).slice(-2);
  assert.deepEqual(last.map((e) => e.action), ['user.update', 'user.reset']);
  assert.deepEqual(JSON.parse(last[1].detail), { role: 'admin', disabled: false, password: true, was_role: 'agent', was_disabled: true });
  assert.throws(() => cli(['user', 'set-password', 'nobody-here@test.example'], 'some-pass-1\n'), /no user/);
  assert.throws(() => cli(['user', 'enable', 'not-an-email']), /usage/);
});
