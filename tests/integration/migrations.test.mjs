// Migrations run once each, in their own transaction, and the host refuses a schema it does not
// know or a migration that changed after it was applied.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startStack } from '../support/stack.mjs';

let stack;
before(async () => { stack = await startStack('migrations'); });
after(async () => { await stack?.stop(); });

test('the first migration creates the core tables with money as integer micros', () => {
  const tables = stack.sql("SELECT table_name FROM information_schema.tables WHERE table_schema='public' ORDER BY 1").map((r) => r[0]);
  for (const t of ['users', 'integrations', 'campaigns', 'daily_metrics', 'reports', 'subscriptions', 'schema_migrations']) {
    assert.ok(tables.includes(t), `missing table ${t}`);
  }
  const money = stack.sql("SELECT column_name, data_type FROM information_schema.columns WHERE column_name LIKE '%micros'");
  assert.ok(money.length >= 3);
  for (const [, type] of money) assert.equal(type, 'bigint');
});

test('a restart applies nothing twice', async () => {
  const before = stack.sql('SELECT version, applied_at FROM schema_migrations ORDER BY version');
  await stack.stopHost();
  await stack.startHost();
  const afterRows = stack.sql('SELECT version, applied_at FROM schema_migrations ORDER BY version');
  assert.deepEqual(afterRows, before);
});

test('a schema newer than the build is refused', async () => {
  stack.sql("INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, '9999_future', 'x')");
  try {
    const { code, output } = await stack.runHostToExit({ ROI_FCGI_SOCKET: `${stack.state}/n.sock` });
    assert.equal(code, 1);
    assert.match(output, /newer than this build knows/);
  } finally {
    stack.sql('DELETE FROM schema_migrations WHERE version = 9999');
  }
});

test('a migration edited after it was applied is refused', async () => {
  const [[original]] = stack.sql('SELECT checksum FROM schema_migrations WHERE version = 1');
  stack.sql("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1");
  try {
    const { code, output } = await stack.runHostToExit({ ROI_FCGI_SOCKET: `${stack.state}/e.sock` });
    assert.equal(code, 1);
    assert.match(output, /was changed after it was applied/);
  } finally {
    stack.sql(`UPDATE schema_migrations SET checksum = '${original}' WHERE version = 1`);
  }
});

// The project's migrations plus one more, in a folder of their own; returns [folder, its number].
function withExtraMigration(folder, name, sql) {
  const dir = path.join(stack.state, folder);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(path.join(process.env.ROI_REPO, 'sql'))) {
    fs.copyFileSync(path.join(process.env.ROI_REPO, 'sql', f), path.join(dir, f));
  }
  const next = String(fs.readdirSync(dir).length + 1).padStart(4, '0');
  fs.writeFileSync(path.join(dir, `${next}_${name}.sql`), sql);
  return [dir, next];
}

test('a migration may run longer than the statement timeout requests get', async () => {
  const [dir, next] = withExtraMigration('sql-slow', 'slow', 'SELECT pg_sleep(0.5);\nCREATE TABLE slow_done (id int);\n');
  const fresh = await startStack('migrations_slow');
  await fresh.stopHost();
  // Requests get 200 ms; the migration takes 500 ms and must still apply.
  await fresh.startHost({ ROI_MIGRATIONS_DIR: dir, ROI_DB_STATEMENT_TIMEOUT_MS: '200' });
  assert.deepEqual(fresh.sql("SELECT to_regclass('slow_done') IS NOT NULL"), [['t']]);
  assert.deepEqual(fresh.sql(`SELECT count(*) FROM schema_migrations WHERE version = ${Number(next)}`), [['1']]);
  await fresh.stop();
});

test('a failing migration leaves nothing behind and stops the host', async () => {
  const [dir, next] = withExtraMigration('sql-broken', 'broken', 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n');
  const fresh = await startStack('migrations_fresh');
  await fresh.stopHost();
  const { code, output } = await fresh.runHostToExit({ ROI_MIGRATIONS_DIR: dir, ROI_FCGI_SOCKET: `${fresh.state}/b.sock` });
  assert.equal(code, 1);
  assert.match(output, new RegExp(`${next}_broken failed`));
  assert.deepEqual(fresh.sql("SELECT to_regclass('half_done') IS NULL"), [['t']]);
  assert.deepEqual(fresh.sql(`SELECT count(*) FROM schema_migrations WHERE version = ${Number(next)}`), [['0']]);
  await fresh.stop();
});
