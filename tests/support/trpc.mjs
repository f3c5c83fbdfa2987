// The stock @trpc/client as the frontend builds it (httpLink or httpBatchLink, no transformer),
// pointed at a test stack, signed in with a session token or not, typed by the generated client
// package (clients/ts). Every answer it receives is checked against the contract the host
// publishes (system.schema, fetched once per stack): a result must match the procedure's output
// schema, an error the error envelope and one of the codes the procedure declares. A mismatch
// fails the call, and so the test that made it.
import assert from 'node:assert/strict';
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';
import { Ajv2020 } from 'ajv/dist/2020.js';

/** @typedef {import('../../clients/ts/index.js').AppRouter} AppRouter */

// A stack's contract: its system.schema document with a validator per output, compiled on use.
class Contract {
  constructor(doc) {
    this.ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
    this.procedures = new Map(doc.procedures.map((p) => [p.path, p]));
    this.validators = new Map();
    this.error = this.ajv.compile(doc.error);
  }

  output(path) {
    if (!this.validators.has(path)) {
      this.validators.set(path, this.ajv.compile(this.procedures.get(path).output));
    }
    return this.validators.get(path);
  }
}

/** @type {Map<string, Promise<Contract>>} */
const contracts = new Map();

// The contract of the stack at `baseUrl`, fetched again when `refresh` (connectors loaded since
// may have added procedures).
export async function contract(baseUrl, refresh = false) {
  if (refresh || !contracts.has(baseUrl)) {
    const loading = (async () => {
      const res = await fetch(`${baseUrl}/api/trpc/system.schema`);
      if (res.status !== 200) throw new Error(`system.schema answered ${res.status}`);
      return new Contract((await res.json()).result.data);
    })();
    contracts.set(baseUrl, loading);
    loading.catch(() => contracts.delete(baseUrl));  // the host may be down now; ask again later
  }
  return contracts.get(baseUrl);
}

function describe(errors) {
  return errors.map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`).join('; ');
}

// Throws when `envelope`, the answer for `path`, breaks the contract.
async function check(baseUrl, path, envelope) {
  let c;
  try {
    c = await contract(baseUrl);
  } catch (e) {
    // Without a contract (the host is down), only an error can be right.
    if (envelope?.error) return;
    throw new Error(`contract of ${baseUrl} unavailable (${e.message}) for a result of ${path}`);
  }
  if (path !== undefined && !c.procedures.has(path) && envelope?.result) c = await contract(baseUrl, true);
  if (envelope?.error) {
    if (!c.error(envelope)) {
      throw new Error(`contract: the error envelope of ${path} breaks the error schema: ${describe(c.error.errors)}`);
    }
    const declared = path !== undefined ? c.procedures.get(path) : undefined;
    const code = envelope.error.data.code;
    if (declared && !declared.errors.includes(code)) {
      throw new Error(`contract: ${path} answered ${code}, which it does not declare (${declared.errors.join(', ')})`);
    }
    return;
  }
  if (!c.procedures.has(path)) throw new Error(`contract: ${path} answered a result but system.schema does not list it`);
  const validate = c.output(path);
  if (!validate(envelope?.result?.data)) {
    throw new Error(`contract: the output of ${path} breaks its schema: ${describe(validate.errors)}\n` +
      `output: ${JSON.stringify(envelope?.result?.data).slice(0, 2000)}`);
  }
}

// fetch() for the links: passes every answer through check() before the client sees it.
export function contractFetch(baseUrl) {
  return async (url, init) => {
    const res = await fetch(url, init);
    const text = await res.text();
    const u = new URL(String(url));
    const paths = decodeURIComponent(u.pathname.slice(u.pathname.indexOf('/api/trpc/') + '/api/trpc/'.length));
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;  // not from the host (nginx's own page): the client reports it
    }
    if (body !== undefined) {
      const batch = u.searchParams.get('batch') === '1';
      if (batch && Array.isArray(body)) {
        const list = paths.split(',');
        await Promise.all(body.map((envelope, i) => check(baseUrl, list[i], envelope)));
      } else {
        await check(baseUrl, batch ? undefined : paths, body);
      }
    }
    return new Response(res.status === 204 ? null : text, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/**
 * A client of the stack at `baseUrl`: one HTTP request per call, or batched with `batch`.
 * @param {string} baseUrl
 * @param {string} [token]
 * @param {{ batch?: boolean }} [options]
 * @returns {import('@trpc/client').TRPCClient<AppRouter>}
 */
export function trpcClient(baseUrl, token, { batch = false } = {}) {
  const link = batch ? httpBatchLink : httpLink;
  return createTRPCClient({
    links: [link({
      url: `${baseUrl}/api/trpc`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      fetch: contractFetch(baseUrl),
    })],
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
