// db_hosts: DESKPILOT_DB_HOSTS on the single server — a dead host first in the list is
// skipped for the next, a malformed list is refused naming the variable, and no live
// host at all is an error, not a hang. (The failover of a Galera cluster under load is
// tests/cluster/failover.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, stackEnv, freePort } from './lib.mjs';

const DB_PORT = process.env.DESKPILOT_DB_LOCAL_PORT;

// `deskpilot train --if-needed` into a model folder of its own: it connects, reads the
// stored model and writes nothing to the database; {status, stderr}.
function connectVia(hosts) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-hosts-'));
  try {
    const r = spawnSync(path.resolve(ROOT, process.env.BUILD || 'build', 'deskpilot'), ['train', '--if-needed'], {
      env: { ...stackEnv(), DESKPILOT_DB_HOSTS: hosts, DESKPILOT_MODEL_PATH: path.join(dir, 'model.bin') },
      encoding: 'utf8', timeout: 30000,
    });
    return { status: r.status, stderr: r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a dead host first in the list is skipped, the next one serves', async () => {
  const dead = await freePort();
  const r = connectVia(`127.0.0.1:${dead}, 127.0.0.1:${DB_PORT}`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`database host 127\\.0\\.0\\.1:${dead} failed`));
  assert.match(r.stderr, new RegExp(`connected to 127\\.0\\.0\\.1:${DB_PORT}`));
});

test('a malformed host list is refused at start, naming the variable', () => {
  const r = connectVia(`127.0.0.1:${DB_PORT},db2`);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /DESKPILOT_DB_HOSTS: 'db2' is not host:port/);
});

test('no live host: an error after one try of each, not a hang', async () => {
  const a = await freePort();
  const b = await freePort();
  const t0 = Date.now();
  const r = connectVia(`127.0.0.1:${a},127.0.0.1:${b}`);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, new RegExp(`127\\.0\\.0\\.1:${a} failed[\\s\\S]*127\\.0\\.0\\.1:${b} failed`));
  assert.ok(Date.now() - t0 < 10000, 'refused connections fail at once');
});
