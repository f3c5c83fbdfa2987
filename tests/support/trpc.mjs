// The stock @trpc/client as the frontend builds it (httpLink, no transformer), pointed at a test
// stack, signed in with a session token or not.
import { createTRPCClient, httpLink } from '@trpc/client';

export function trpcClient(baseUrl, token) {
  return createTRPCClient({
    links: [httpLink({ url: `${baseUrl}/api/trpc`, headers: token ? { authorization: `Bearer ${token}` } : {} })],
  });
}
