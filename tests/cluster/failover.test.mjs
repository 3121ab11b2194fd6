// failover.test.mjs: tickets keep coming in while a Galera node and then an app host
// are killed -9 (issue 19). Run by tests/cluster/cluster.sh against the stack it
// started: a three-node cluster and two app hosts behind the front nginx, each node
// and host in its own network namespace (or all on loopback). Environment (from
// cluster.sh): DESKPILOT_URL (the front), DESKPILOT_STATE, CLUSTER_HOST_URLS (each
// app host's own nginx), CLUSTER_APP_NETNS (their namespaces; empty on loopback).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { ROOT, STATE, admin, userWithRole, sleep, eventually } from '../integration/lib.mjs';

const HOSTS = (process.env.CLUSTER_HOST_URLS || '').split(',').filter(Boolean);
const APP_NETNS = (process.env.CLUSTER_APP_NETNS || '').split(',').filter(Boolean);
const NODES = 3;
const LOAD_SECONDS = 36;
const KILL_NODE_AT = 5000; // ms into the load
const RETRAIN_AT = 12000;
const KILL_HOST_AT = 22000;
const RECOVERY_MS = 10000; // the cluster serves again without a manual step within this

const sfx = (i) => (i === 1 ? '' : `-${i}`);
const rootPw = () => fs.readFileSync(path.join(STATE, 'secrets/db_root_password'), 'utf8').trim();

// SQL as root on node i's socket (sockets cross network namespaces); rows as text.
function nodeSql(i, text) {
  return execFileSync('mariadb', ['--no-defaults', `--socket=${path.join(STATE, `dbrun/mysql${sfx(i)}.sock`)}`,
    '-uroot', '-N', '-B', 'deskpilot', '-e', text], { encoding: 'utf8', env: { ...process.env, MYSQL_PWD: rootPw() } }).trim();
}
function tryNodeSql(i, text) {
  try { return nodeSql(i, text); } catch { return null; }
}
const pidOf = (file) => Number(fs.readFileSync(path.join(STATE, file), 'utf8').trim());

// Kill app host 1 whole: every process in its namespace, or (on loopback) its nginx
// and its worker groups, each a process group of its own.
function killHost1() {
  if (APP_NETNS.length) {
    const pids = execFileSync('ip', ['netns', 'pids', APP_NETNS[0]], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const p of pids) try { process.kill(Number(p), 'SIGKILL'); } catch { /* gone */ }
    return;
  }
  for (const f of ['nginx-1', 'admin', 'auth', 'meta', 'pages', 'tickets'])
    try { process.kill(-pidOf(`run/${f}.pid`), 'SIGKILL'); } catch { /* gone */ }
}

let customer;
let results = [];
const events = {};
let modelCheck = null;

test('tickets are filed while a database node and then an app host are killed -9', { timeout: 240000 }, async () => {
  assert.equal(HOSTS.length, 2, 'two app hosts');
  customer = await userWithRole('customer', 'Failover Customer');
  const out = path.join(STATE, 'failover-load.jsonl');
  const t0 = Date.now();
  const load = spawn(process.execPath, [path.join(ROOT, 'tests/cluster/load.mjs'), process.env.DESKPILOT_URL,
    customer.token, String(LOAD_SECONDS), '4', out], { stdio: ['ignore', 'pipe', 'inherit'] });
  let summary = '';
  load.stdout.on('data', (c) => { summary += c; });
  const done = new Promise((resolve) => load.on('exit', resolve));

  await sleep(KILL_NODE_AT);
  // The node the workers write to: the first of their list.
  events.node = Date.now(); // taken before the kill: what follows is the kill's
  process.kill(pidOf('dbrun/mariadbd.pid'), 'SIGKILL');

  await sleep(RETRAIN_AT - (Date.now() - t0));
  modelCheck = retrainSeenElsewhere(); // runs on while the load goes on

  await sleep(KILL_HOST_AT - (Date.now() - t0));
  events.host = Date.now();
  killHost1();

  assert.equal(await done, 0, 'the client loop finished');
  console.log(`load: ${summary.trim()}; node killed at ${events.node - t0} ms, host at ${events.host - t0} ms`);
  results = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.ok(results.filter((r) => r.status === 201).length > 50, 'tickets went through');
});

test('no hang, no 500: every failure is a 502/503 problem with Retry-After', () => {
  const bad = results.filter((r) => r.status !== 201);
  for (const r of bad) {
    assert.ok(r.status === 502 || r.status === 503, `unexpected answer ${JSON.stringify(r)}`);
    assert.match(r.type, /^application\/problem\+json/, JSON.stringify(r));
    assert.ok(Number(r.retryAfter) > 0, `Retry-After on ${JSON.stringify(r)}`);
  }
  assert.ok(results.every((r) => r.ms < 15000), 'every request was answered within 15 s');
});

test('the cluster serves again within 10 s of each kill, without a manual step', () => {
  const kills = Object.entries(events).sort((a, b) => a[1] - b[1]);
  // A failure belongs to the last kill before its answer (a request in flight when a
  // host dies fails with it), and was sent at most 10 s after that kill.
  const failures = results.filter((r) => r.status !== 201);
  for (const f of failures) {
    const kill = kills.filter(([, at]) => at <= f.t + f.ms).pop();
    assert.ok(kill, `a failure before anything was killed: ${JSON.stringify(f)}`);
    assert.ok(f.t - kill[1] <= RECOVERY_MS, `${kill[0]}: a failure ${f.t - kill[1]} ms after the kill: ${JSON.stringify(f)}`);
  }
  for (const [what, at] of kills) {
    const ok = results.find((r) => r.status === 201 && r.t >= at);
    assert.ok(ok && ok.t + ok.ms - at <= RECOVERY_MS, `${what}: a 201 within ${RECOVERY_MS} ms of the kill`);
  }
});

test('every ticket that got a 201 exists, with its pipeline outcome', () => {
  const ids = results.filter((r) => r.status === 201).map((r) => Number(r.id));
  assert.ok(ids.every((id) => id > 0), 'each 201 carried the ticket id');
  const rows = nodeSql(2, `SELECT id FROM tickets WHERE customer_id = ${Number(customer.id)} AND decision IS NOT NULL`);
  const have = new Set(rows.split('\n').filter(Boolean).map(Number));
  const missing = ids.filter((id) => !have.has(id));
  assert.deepEqual(missing, [], 'acknowledged tickets missing or without a decision');
});

test('the killed node rejoins and all three nodes hold the same data', { timeout: 120000 }, async () => {
  const synced = await eventually(async () => {
    for (let i = 1; i <= NODES; i++) {
      const s = tryNodeSql(i, "SHOW STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_local_state_comment')");
      if (!s || !/wsrep_cluster_size\t3/.test(s) || !/Synced/.test(s)) return false;
    }
    return true;
  }, 90000);
  assert.ok(synced, 'three nodes, all Synced');
  // Applied everywhere: each node waits for what the cluster committed before reading.
  const tables = nodeSql(2, 'SHOW TABLES').split('\n').filter(Boolean);
  const sums = [];
  for (let i = 1; i <= NODES; i++)
    sums.push(nodeSql(i, `SET SESSION wsrep_sync_wait = 1; CHECKSUM TABLE ${tables.map((t) => '`' + t + '`').join(', ')};` +
      ` SELECT COUNT(*) FROM tickets; SELECT COUNT(*) FROM idempotency_keys`));
  assert.equal(sums[1], sums[0], 'node 2 differs from node 1');
  assert.equal(sums[2], sums[0], 'node 3 differs from node 1');
});

// A retrain on app host A reaches app host B within 10 s: the model distribution
// through the database (branch galera-model). Until that is on main, B keeps the model
// it loaded at start, so this check is marked todo and reported, not counted.
async function retrainSeenElsewhere() {
  const token = await admin();
  const r = await fetch(`${HOSTS[0]}/api/admin/retrain`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const body = await r.json().catch(() => null);
  if (r.status !== 200) return { ok: false, why: `retrain on host A: ${r.status}` };
  // Host B's ticket workers (under the load's requests) say when they load a model.
  const log = path.join(STATE, 'logs', 'tickets-2.log');
  const loaded = () => fs.readFileSync(log, 'utf8').includes(`model ${body.model_version} loaded`);
  const seen = await eventually(async () => loaded(), 10000);
  return { ok: seen, why: `host B's tickets workers did not load model ${body.model_version} within 10 s` };
}

// The distribution keeps models in the database (model_chunks, sql/024): without it
// the check is a todo.
const distributed = Boolean(tryNodeSql(2, "SHOW TABLES LIKE 'model_chunks'"));
test('a retrain on app host A is used by app host B within 10 s', { todo: distributed ? false : 'needs the model distribution through the database (sql/024, branch galera-model)' }, async () => {
  assert.ok(modelCheck, 'the retrain ran during the load');
  const r = await modelCheck;
  assert.ok(r.ok, r.why);
});
