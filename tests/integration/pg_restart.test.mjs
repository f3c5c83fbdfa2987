// Postgres restarts under a running host, on a cluster of this test's own (the shared test
// cluster serves other tests at the same time): requests while it is down are 503
// SERVICE_UNAVAILABLE with Retry-After, never 500; once it is back, pooled connections it dropped
// are reopened and their query retried, so the very next requests succeed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startStack, psql } from '../support/stack.mjs';

const LIB = path.join(process.env.ROI_REPO ?? '.', 'scripts/lib.sh');
const state = path.join(process.env.ROI_TEST_STATE ?? '/tmp', `pg_restart_${process.pid}`);
const lib = (command) => execFileSync('bash', ['-c', `source "${LIB}" && ${command}`], { encoding: 'utf8' }).trim();

let port;
let stack;
let token;
before(async () => {
  port = lib('free_port');
  lib(`mkdir -p "${state}" && pg_start "${state}" ${port} fast`);
  psql(`postgresql://roi@127.0.0.1:${port}/postgres`, 'CREATE DATABASE roi_restart');
  stack = await startStack('pg_restart', {
    env: { ROI_BCRYPT_COST: '4', DATABASE_URL: `postgresql://roi@127.0.0.1:${port}/roi_restart`, ROI_DB_CONNECT_TIMEOUT_S: '2' },
  });
  const res = await fetch(`${stack.url}/api/trpc/auth.register`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `restart${process.pid}@example.com`, password: 'correct horse battery' }),
  });
  token = (await res.json()).result.data.token;
});
after(async () => {
  await stack?.stop();
  lib(`pg_stop "${state}"`);
});

const me = () => fetch(`${stack.url}/api/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });

test('requests while Postgres is down are 503 with Retry-After, never 500', async () => {
  assert.equal((await me()).status, 200);
  lib(`pg_stop "${state}"`);
  try {
    for (let i = 0; i < 6; i++) {
      const res = await me();
      const body = await res.json();
      assert.equal(res.status, 503, JSON.stringify(body));
      assert.equal(body.error.data.code, 'SERVICE_UNAVAILABLE');
      assert.equal(res.headers.get('retry-after'), '1');
    }
  } finally {
    lib(`pg_start "${state}" ${port} fast`);
  }
  for (let i = 0; i < 8; i++) assert.equal((await me()).status, 200);
});

test('after a restart between two requests, every pooled connection is reopened without an error', async () => {
  for (let i = 0; i < 8; i++) assert.equal((await me()).status, 200);  // every pooled session used
  lib(`pg_stop "${state}" && pg_start "${state}" ${port} fast`);
  const statuses = [];
  for (let i = 0; i < 12; i++) statuses.push((await me()).status);
  assert.deepEqual(statuses, Array(12).fill(200));
});
