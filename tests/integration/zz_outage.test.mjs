// zz_outage: the database goes away and comes back; workers recover on their own.
// (Named to run last: it takes the database down for the whole stack.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { admin, api, assertProblem, stack, STATE, eventually } from './lib.mjs';

function workerPids() {
  const pid = fs.readFileSync(path.join(STATE, 'run', 'meta.pid'), 'utf8').trim();
  return execFileSync('pgrep', ['-P', pid], { encoding: 'utf8' }).trim().split('\n').sort();
}

test('health is 503 with Retry-After while MariaDB is down, 200 again after, same workers', async () => {
  assert.equal((await api('GET', '/api/health')).status, 200);
  const before = workerPids();
  stack('stop-db');
  try {
    const r = await api('GET', '/api/health');
    assertProblem(r, 503, 'unavailable');
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    const login = await api('POST', '/api/auth/login', { body: { email: 'a@b.co', password: 'whatever1' } });
    assertProblem(login, 503, 'unavailable');
  } finally {
    stack('start-db');
  }
  assert.ok(await eventually(async () => (await api('GET', '/api/health')).status === 200));
  assert.deepEqual(workerPids(), before, 'no worker was restarted');
});

test('a worker group that is down answers problem+json from nginx, and start brings it back', async () => {
  const pidFile = path.join(STATE, 'run', 'auth.pid');
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  process.kill(pid, 'SIGTERM');
  try {
    const down = await eventually(async () => (await api('GET', '/api/auth/me')).status === 502);
    assert.ok(down, 'nginx noticed the group is gone');
    const r = await api('GET', '/api/auth/me');
    assertProblem(r, 502, 'unavailable');
    assert.ok(Number(r.headers.get('retry-after')) > 0);
  } finally {
    stack('start'); // idempotent: starts only what is missing
  }
  assert.equal((await api('GET', '/api/auth/me')).status, 401, 'the group answers again');
});

test('MariaDB killed -9 is restarted by its supervisor: health 200 again, no manual step', async () => {
  assert.equal((await api('GET', '/api/health')).status, 200);
  const pidFile = path.join(STATE, 'dbrun', 'mariadbd.pid');
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  process.kill(pid, 'SIGKILL');
  assert.ok(await eventually(async () => (await api('GET', '/api/health')).status === 200, 30000), 'back within 30 s');
  assert.notEqual(Number(fs.readFileSync(pidFile, 'utf8').trim()), pid, 'a new server');
  // The workers reconnected: a request that needs the database works at once.
  const token = await admin();
  assert.equal((await api('GET', '/api/auth/me', { token })).status, 200);
});
