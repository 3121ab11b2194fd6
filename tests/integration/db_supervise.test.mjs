// db_supervise: MariaDB under tools/db-supervise.sh comes back by itself when the
// disk it lives on fills up and is freed again. Its own server (tools/stack.sh
// start-db in a state folder of its own), the data folder on a small tmpfs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { ROOT, eventually, freePort } from './lib.mjs';

const needsRoot = process.getuid() === 0 ? false : 'mounting a tmpfs needs root';

test('disk full, server down: it is restarted until the disk is freed, then answers', { skip: needsRoot }, async () => {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-diskfull-'));
  fs.chmodSync(state, 0o755);
  const db = path.join(state, 'db');
  fs.mkdirSync(db);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=80m,mode=700', 'tmpfs', db]);
  const env = { ...process.env, DESKPILOT_STATE: state, DESKPILOT_DB_LOCAL_PORT: String(await freePort()) };
  const stack = (cmd) => spawnSync(path.join(ROOT, 'tools/stack.sh'), [cmd], { encoding: 'utf8', env });
  const sock = path.join(state, 'dbrun', 'mysql.sock');
  const answers = () => spawnSync('mariadb-admin', ['--no-defaults', `--socket=${sock}`, 'ping'],
    { encoding: 'utf8' }).status === 0;
  const log = () => fs.readFileSync(path.join(state, 'logs', 'mysqld.err'), 'utf8');
  const restarts = () => (log().match(/db-supervise: the server ended/g) || []).length;
  const filler = path.join(db, 'filler');
  try {
    const started = stack('start-db');
    assert.equal(started.status, 0, started.stdout + started.stderr);
    assert.ok(answers());
    // The server goes down as a crash on a full disk takes it, and the disk fills to
    // the last byte before the supervisor's restart (held for that moment): every
    // restart fails while the disk stays full. Its temporary tablespace, remade at
    // each start, is taken too.
    const supervisor = Number(fs.readFileSync(path.join(state, 'run', 'mysqld.pid'), 'utf8'));
    const server = Number(fs.readFileSync(path.join(state, 'dbrun', 'mariadbd.pid'), 'utf8'));
    process.kill(supervisor, 'SIGSTOP');
    try {
      process.kill(server, 'SIGKILL');
      assert.ok(await eventually(async () => !answers(), 10000));
      fs.rmSync(path.join(db, 'ibtmp1'), { force: true });
      const fd = fs.openSync(filler, 'w');
      const chunk = Buffer.alloc(1 << 20);
      try {
        for (let i = 0; i < 200; i++) fs.writeSync(fd, chunk);
        assert.fail('80 MB did not fill');
      } catch (e) {
        if (e.code !== 'ENOSPC') throw e;
      } finally {
        fs.closeSync(fd);
      }
    } finally {
      process.kill(supervisor, 'SIGCONT');
    }
    assert.ok(await eventually(async () => restarts() >= 3, 30000), `restarts while full: ${restarts()}\n${log().slice(-2000)}`);
    assert.ok(!answers(), 'down while the disk is full');
    fs.rmSync(filler);
    assert.ok(await eventually(async () => answers(), 30000), `back after the disk was freed\n${log().slice(-2000)}`);
  } finally {
    stack('stop');
    spawnSync('umount', [db]);
    fs.rmSync(state, { recursive: true, force: true });
  }
});
