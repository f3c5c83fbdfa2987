// The stock @trpc/client (pinned in package-lock.json), no transformer, through nginx: what the
// Next.js frontend does, unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTRPCClient, httpLink, httpBatchLink, TRPCClientError } from '@trpc/client';
import { startStack } from '../support/stack.mjs';

let stack;
before(async () => { stack = await startStack('trpc_client'); });
after(async () => { await stack?.stop(); });

const single = () => createTRPCClient({ links: [httpLink({ url: `${stack.url}/api/trpc` })] });
const batched = () => createTRPCClient({ links: [httpBatchLink({ url: `${stack.url}/api/trpc` })] });

test('a query through httpLink', async () => {
  const info = await single().system.info.query();
  assert.equal(info.sdkAbiVersion, 4);
  assert.ok(Array.isArray(info.connectors));
});

test('queries batched by httpBatchLink arrive in one request and resolve separately', async () => {
  const client = batched();
  const [a, b] = await Promise.all([client.system.info.query(), client.system.info.query()]);
  assert.deepEqual(a, b);
});

test('a failing call in a batch rejects alone with the tRPC error shape', async () => {
  const client = batched();
  const [ok, bad] = await Promise.allSettled([client.system.info.query(), client.system.missing.query()]);
  assert.equal(ok.status, 'fulfilled');
  assert.equal(bad.status, 'rejected');
  assert.ok(bad.reason instanceof TRPCClientError);
  assert.equal(bad.reason.data.code, 'NOT_FOUND');
  assert.equal(bad.reason.data.httpStatus, 404);
  assert.equal(bad.reason.data.path, 'system.missing');
  assert.match(bad.reason.message, /No procedure found on path "system.missing"/);
});

test('a query called as a mutation is refused with METHOD_NOT_SUPPORTED', async () => {
  await assert.rejects(single().system.info.mutate(), (e) => {
    assert.ok(e instanceof TRPCClientError);
    assert.equal(e.data.code, 'METHOD_NOT_SUPPORTED');
    assert.equal(e.data.httpStatus, 405);
    return true;
  });
});
