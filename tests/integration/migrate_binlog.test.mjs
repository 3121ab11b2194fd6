// migrate_binlog.test.mjs: the schema installs on a server with binary logging — MySQL
// 8's default and many shared hosts' — through an account with all rights on its one
// database and no SUPER: such a server refuses CREATE TRIGGER to it (error 1419), so
// the schema must have none. Its own throwaway server, started here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { ROOT, eventually } from './lib.mjs';

const BUILD = path.resolve(ROOT, process.env.BUILD || 'build');

test('migrations, an admin, the knowledge base and a model on a binary-logging server without SUPER', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-binlog-'));
  const data = path.join(dir, 'data'), sock = path.join(dir, 'mysql.sock');
  const user = os.userInfo().username;
  execFileSync('mariadb-install-db', ['--no-defaults', `--user=${user}`, `--datadir=${data}`,
    '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'ignore' });
  const server = spawn('mariadbd', ['--no-defaults', `--user=${user}`, `--datadir=${data}`, `--socket=${sock}`,
    '--skip-networking', `--log-bin=${path.join(dir, 'binlog')}`, '--server-id=1',
    `--pid-file=${path.join(dir, 'pid')}`, `--log-error=${path.join(dir, 'err.log')}`], { stdio: 'ignore' });
  const root = (sql, db = '') => execFileSync('mariadb', ['--no-defaults', `--socket=${sock}`, '-uroot', '-N', '-B',
    ...(db ? [db] : []), '-e', sql], { encoding: 'utf8' }).trim();
  try {
    assert.ok(await eventually(async () => spawnSync('mariadb-admin', ['--no-defaults', `--socket=${sock}`, 'ping']).status === 0, 30000),
      'the server starts');
    root("CREATE DATABASE desk CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; CREATE USER 'host_user'@'localhost' IDENTIFIED BY 'host-pw-1'; GRANT ALL PRIVILEGES ON desk.* TO 'host_user'@'localhost';");
    assert.equal(root('SELECT @@log_bin, @@log_bin_trust_function_creators'), '1\t0');
    const env = {
      PATH: process.env.PATH, HOME: dir, DESKPILOT_DB_HOST: 'localhost', DESKPILOT_DB_SOCKET: sock,
      DESKPILOT_DB_NAME: 'desk', DESKPILOT_DB_USER: 'host_user', DESKPILOT_DB_PASSWORD: 'host-pw-1',
      DESKPILOT_MIGRATIONS_DIR: path.join(ROOT, 'sql'), DESKPILOT_MODEL_PATH: path.join(dir, 'model.bin'),
      DESKPILOT_BCRYPT_COST: '4',
    };
    const cli = (args, input = '') => execFileSync(path.join(BUILD, 'deskpilot'), args, { env, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    assert.match(cli(['migrate']), /migrations: \d+ applied/);
    assert.equal(root('SHOW TRIGGERS', 'desk'), '', 'no triggers');
    cli(['user', 'add', '--email', 'admin@host.example', '--name', 'Admin', '--role', 'admin'], 'admin-pass-123');
    cli(['import', 'intents', path.join(ROOT, 'kb/default_intents.csv')]);
    assert.match(cli(['train']), /model \d+: \d+ intents/);
    // Every writer of cached state moved the counter itself.
    assert.ok(Number(root('SELECT n FROM generation', 'desk')) > 1);

    // An installation from before sql/015 had triggers: migrating drops them (as an
    // account that may: such an installation was made on a server that let it).
    root("CREATE TRIGGER generation_settings_ins AFTER INSERT ON settings FOR EACH ROW UPDATE generation SET n = n + 1; DELETE FROM schema_migrations WHERE name LIKE '015%';", 'desk');
    execFileSync(path.join(BUILD, 'deskpilot'), ['migrate'], { env: { ...env, DESKPILOT_DB_USER: 'root', DESKPILOT_DB_PASSWORD: '' }, stdio: 'pipe' });
    assert.equal(root('SHOW TRIGGERS', 'desk'), '', 'the old trigger is gone');
  } finally {
    server.kill('SIGTERM');
    await eventually(async () => server.exitCode !== null, 20000);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
