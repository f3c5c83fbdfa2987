// The stock @trpc/client (pinned in package-lock.json), no transformer, through nginx: what the
// Next.js frontend does, unchanged (tests/support/trpc.mjs only checks each answer against the
// contract on its way in).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TRPCClientError } from '@trpc/client';
import { startStack } from '../support/stack.mjs';
import { trpcClient } from '../support/trpc.mjs';

let stack;
before(async () => { stack = await startStack('trpc_client'); });
after(async () => { await stack?.stop(); });

const single = () => trpcClient(stack.url);
const batched = () => trpcClient(stack.url, undefined, { batch: true });

test('a query through httpLink', async () => {
  const info = await single().system.info.query();
  assert.equal(info.sdkAbiVersion, 6);
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

test('a procedure whose every field is optional is called with no input; one that takes none refuses input', async () => {
  const { newUser } = await import('../support/e2e.mjs');
  const { rejectsWith } = await import('../support/trpc.mjs');
  const user = await newUser(stack);
  const page = await user.api.reports.list.query();
  assert.deepEqual(page, { items: [], nextCursor: null });
  const [listed] = await Promise.all([
    trpcClient(stack.url, user.token, { batch: true }).reports.list.query(),
  ]);
  assert.deepEqual(listed.items, []);
  await rejectsWith(user.api.subscription.cancel.mutate([1, 2]), 'BAD_REQUEST', 'input');
  await rejectsWith(user.api.reports.list.query({ limt: 5 }), 'BAD_REQUEST');
});

test('a URL over the 16 KB limit gets a tRPC error envelope, not an HTML page', async () => {
  const longName = 'x'.repeat(20000);
  await assert.rejects(single().system.connector.query({ id: longName }), (e) => {
    assert.ok(e instanceof TRPCClientError, String(e));
    assert.equal(e.data?.code, 'BAD_REQUEST');
    assert.equal(e.data?.httpStatus, 414);
    assert.match(e.message, /longer than 16 KB/);
    return true;
  });
});
