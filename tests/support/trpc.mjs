// The stock @trpc/client as the frontend builds it (httpLink, no transformer), pointed at a test
// stack, signed in with a session token or not.
import assert from 'node:assert/strict';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';

export function trpcClient(baseUrl, token) {
  return createTRPCClient({
    links: [httpLink({ url: `${baseUrl}/api/trpc`, headers: token ? { authorization: `Bearer ${token}` } : {} })],
  });
}

// Asserts that a call fails with a tRPC error of this code (and, when given, naming this input
// field); returns the error for further checks. `label` names the case in a failure message.
export async function rejectsWith(promise, code, field, label = '') {
  let error;
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof TRPCClientError, `${label} ${e}`);
    assert.equal(e.data?.code, code, `${label} ${e.message}`);
    if (field) assert.equal(e.data?.field, field, `${label} ${e.message}`);
    error = e;
    return true;
  });
  return error;
}
