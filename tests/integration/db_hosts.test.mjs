// db_hosts: DESKPILOT_DB_HOSTS on the single server — a dead host first in the list is
// skipped for the next, a malformed list is refused naming the variable, and no live
// host at all is an error, not a hang. (The failover of a Galera cluster under load is
// tests/cluster/failover.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, stackEnv, freePort } from './lib.mjs';

const DB_PORT = process.env.DESKPILOT_DB_LOCAL_PORT;

// The tool's one-pass housekeeping: it connects and reads; {status, stderr}.
function housekeeping(hosts) {
  const r = spawnSync(path.resolve(ROOT, process.env.BUILD || 'build', 'deskpilot'), ['housekeeping'], {
    env: { ...stackEnv(), DESKPILOT_DB_HOSTS: hosts }, encoding: 'utf8', timeout: 20000,
  });
  return { status: r.status, stderr: r.stderr };
}

test('a dead host first in the list is skipped, the next one serves', async () => {
  const dead = await freePort();
  const r = housekeeping(`127.0.0.1:${dead}, 127.0.0.1:${DB_PORT}`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`database host 127\\.0\\.0\\.1:${dead} failed`));
  assert.match(r.stderr, new RegExp(`connected to 127\\.0\\.0\\.1:${DB_PORT}`));
});

test('a malformed host list is refused at start, naming the variable', () => {
  const r = housekeeping(`127.0.0.1:${DB_PORT},db2`);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /DESKPILOT_DB_HOSTS: 'db2' is not host:port/);
});

test('no live host: an error after one try of each, not a hang', async () => {
  const a = await freePort();
  const b = await freePort();
  const t0 = Date.now();
  const r = housekeeping(`127.0.0.1:${a},127.0.0.1:${b}`);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, new RegExp(`127\\.0\\.0\\.1:${a} failed[\\s\\S]*127\\.0\\.0\\.1:${b} failed`));
  assert.ok(Date.now() - t0 < 10000, 'refused connections fail at once');
});
