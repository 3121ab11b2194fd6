// operations: how the stack runs — which users its processes run as, what their
// environment holds, who may read the secrets, and the database's durability.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { ADMIN, STATE, sql } from './lib.mjs';

const asRoot = process.getuid() === 0;
const needsRoot = asRoot ? false : 'the suite does not run as root';

// Every process of this stack: those in its run/*.pid files and all their descendants.
function stackProcesses() {
  const children = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let stat;
    try { stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8'); } catch { continue; }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(d));
  }
  const run = path.join(STATE, 'run');
  const todo = fs.readdirSync(run).filter((f) => f.endsWith('.pid'))
    .map((f) => Number(fs.readFileSync(path.join(run, f), 'utf8').trim()));
  const seen = new Set();
  while (todo.length) {
    const pid = todo.pop();
    if (seen.has(pid) || !fs.existsSync(`/proc/${pid}`)) continue;
    seen.add(pid);
    todo.push(...(children.get(pid) || []));
  }
  return [...seen].map((pid) => {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const [ruid, euid] = status.match(/^Uid:\s+(\d+)\s+(\d+)/m).slice(1).map(Number);
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { pid, ruid, euid, cmd };
  });
}

const uidOf = (name) => Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());

test('started as root, no process of the stack but nginx\'s master runs as root', { skip: needsRoot }, () => {
  const procs = stackProcesses();
  const is = (re) => procs.filter((p) => re.test(p.cmd));
  // nginx's master stays root: it reads the configuration and opens the logs, then
  // runs its workers as nobody.
  const root = procs.filter((p) => (p.ruid === 0 || p.euid === 0) && !/^nginx: master/.test(p.cmd));
  assert.deepEqual(root, [], 'processes running as root');
  const deskpilot = uidOf('deskpilot');
  const workers = is(/\/app\/bin\/(auth|meta|pages|tickets|admin)$/);
  assert.ok(workers.length >= 5, `workers found: ${workers.length}`);
  for (const w of workers) assert.equal(w.euid, deskpilot, w.cmd);
  const db = is(/^mariadbd /);
  assert.equal(db.length, 1);
  assert.equal(db[0].euid, uidOf('mysql'));
  assert.ok(is(/^nginx: worker/).every((p) => p.euid === uidOf('nobody')));
});

test("the secrets: root's, mode 600; those the workers read 0640 to their group, never writable by them", () => {
  const dir = path.join(STATE, 'secrets');
  const group = asRoot ? Number(execFileSync('id', ['-g', 'deskpilot'], { encoding: 'utf8' })) : process.getgid();
  const rootOnly = ['db_root_password', 'db_migrator_password', 'admin_password'];
  for (const name of fs.readdirSync(dir)) {
    const st = fs.statSync(path.join(dir, name));
    assert.equal(st.uid, process.getuid(), name);
    if (rootOnly.includes(name) || !asRoot) {
      assert.equal(st.mode & 0o777, 0o600, name);
    } else {
      assert.equal(st.mode & 0o777, 0o640, name);
      assert.equal(st.gid, group, name);
    }
    assert.match(fs.readFileSync(path.join(dir, name), 'utf8'), /^[0-9a-f]{64}\n?$/, name);
  }
  if (asRoot) {
    // The folder lets the workers' group open their files by name, list nothing; and
    // a worker cannot rewrite the database password this script puts into root's SQL.
    const st = fs.statSync(dir);
    assert.equal(st.mode & 0o777, 0o710);
    assert.equal(st.gid, group);
    const w = spawnSync('setpriv', ['--reuid=deskpilot', '--regid=deskpilot', '--clear-groups', '--',
      'sh', '-c', `echo "x'; DROP DATABASE deskpilot; -- " > ${path.join(dir, 'db_password')}`], { encoding: 'utf8' });
    assert.notEqual(w.status, 0, 'the worker user may not write it');
    const r = spawnSync('setpriv', ['--reuid=deskpilot', '--regid=deskpilot', '--init-groups', '--',
      'cat', path.join(dir, 'jwt_secret')], { encoding: 'utf8' });
    assert.equal(r.status, 0, `the worker user reads its secret: ${r.stderr}`);
  }
});

test('no process of the stack holds the admin password in its environment', () => {
  assert.ok(ADMIN.password, 'the suite sets one');
  const procs = stackProcesses();
  assert.ok(procs.length >= 10, `processes found: ${procs.length}`);
  for (const p of procs) {
    const env = fs.readFileSync(`/proc/${p.pid}/environ`, 'utf8');
    assert.ok(!env.includes('DESKPILOT_ADMIN_PASSWORD'), p.cmd);
    assert.ok(!env.includes(ADMIN.password), p.cmd);
  }
});

test('durable by default: the redo log is flushed at every commit', () => {
  assert.equal(sql('SELECT @@innodb_flush_log_at_trx_commit'), '1');
  // No binary log; were one turned on, it would have to be synced per commit too.
  const [logBin, syncBinlog] = sql('SELECT @@log_bin, @@sync_binlog').split('\t');
  assert.ok(logBin === '0' || syncBinlog === '1', `log_bin ${logBin}, sync_binlog ${syncBinlog}`);
});
