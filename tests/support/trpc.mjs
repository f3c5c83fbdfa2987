// The stock @trpc/client as the frontend builds it (httpLink, no transformer), pointed at a test
// stack, signed in with a session token or not.
import assert from 'node:assert/strict';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';

export function trpcClient(baseUrl, token) {
  return createTRPCClient({
    links: [httpLink({ url: `${baseUrl}/api/trpc`, headers: token ? { authorization: `Bearer ${token}` } : {} })],
  });
}

// Asserts that a call fails with a tRPC error of this code (and, for BAD_REQUEST, this field).
export async function rejectsWith(promise, code, field) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof TRPCClientError, String(e));
    assert.equal(e.data?.code, code, e.message);
    if (field) assert.equal(e.data?.field, field, e.message);
    return true;
  });
}
