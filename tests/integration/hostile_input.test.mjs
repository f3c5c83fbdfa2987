// Bad input through the real nginx and host: each gets a clear error with the right code, and
// the host keeps serving afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../support/stack.mjs';
import { rawRequest } from '../support/raw_http.mjs';

let stack;
before(async () => { stack = await startStack('hostile_input'); });
after(async () => { await stack?.stop(); });

async function post(path, body, headers = { 'content-type': 'application/json' }) {
  const r = await fetch(`${stack.url}${path}`, { method: 'POST', headers, body });
  return { status: r.status, json: await r.json() };
}

async function assertStillServing() {
  const r = await fetch(`${stack.url}/api/trpc/system.info`);
  assert.equal(r.status, 200);
  assert.equal(stack.host.exitCode, null, 'roi-host must still be running');
}

test('json nested 100,000 levels is a PARSE_ERROR', async () => {
  const deep = '['.repeat(100000) + ']'.repeat(100000);
  const { status, json } = await post('/api/trpc/system.info', deep);
  // A POST to a query is refused before the body matters only if the body parses; parsing is first.
  assert.equal(status, 400);
  assert.equal(json.error.data.code, 'PARSE_ERROR');
  assert.match(json.error.message, /nested deeper than 64/);
  await assertStillServing();
});

test('invalid UTF-8 in the input is a PARSE_ERROR', async () => {
  const body = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
  const { status, json } = await post('/api/trpc/system.info', body);
  assert.equal(status, 400);
  assert.equal(json.error.data.code, 'PARSE_ERROR');
  const q = await fetch(`${stack.url}/api/trpc/system.info?input=%7B%22a%22%3A%22%C3%28%22%7D`);
  assert.equal(q.status, 400);
  assert.equal((await q.json()).error.data.code, 'PARSE_ERROR');
  await assertStillServing();
});

test('a 10 MB body is PAYLOAD_TOO_LARGE as a tRPC envelope', async () => {
  const big = '{"x":"' + 'a'.repeat(10 * 1024 * 1024) + '"}';
  const { status, json } = await post('/api/trpc/system.info', big);
  assert.equal(status, 413);
  assert.equal(json.error.code, -32013);
  assert.equal(json.error.data.code, 'PAYLOAD_TOO_LARGE');
  await assertStillServing();
});

test('a body past nginx\'s own cap is refused with the same envelope', async () => {
  const huge = Buffer.alloc(20 * 1024 * 1024, 0x61);
  const r = await fetch(`${stack.url}/api/trpc/system.info`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: huge,
  }).catch((e) => e);
  // nginx may answer 413 before reading it all and close; either way no crash and JSON if any.
  if (!(r instanceof Error)) {
    assert.equal(r.status, 413);
    assert.equal((await r.json()).error.data.code, 'PAYLOAD_TOO_LARGE');
  }
  await assertStillServing();
});

test('batch input that is not an object is BAD_REQUEST', async () => {
  const r = await fetch(`${stack.url}/api/trpc/system.info,system.info?batch=1&input=${encodeURIComponent('[1,2]')}`);
  assert.equal(r.status, 400);
  const json = await r.json();
  assert.equal(json.error.data.code, 'BAD_REQUEST');
  assert.equal(json.error.message, '"input" needs to be an object when doing a batch call');
});

test('a truncated JSON body is a PARSE_ERROR', async () => {
  const { status, json } = await post('/api/trpc/system.info', '{"a":[1,2');
  assert.equal(status, 400);
  assert.equal(json.error.data.code, 'PARSE_ERROR');
});

test('a body cut short of its Content-Length never reaches a handler and breaks nothing', async () => {
  const res = await rawRequest(stack.port,
    'POST /api/trpc/system.info HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Content-Length: 1000\r\n\r\n{"a":1', { halfClose: true, timeoutMs: 8000 });
  assert.ok(res.status === null || res.status === 400 || res.status === 408, `got ${res.status}`);
  await assertStillServing();
});

test('64 KB of headers is refused by nginx and the host keeps serving', async () => {
  const res = await rawRequest(stack.port,
    `GET /api/trpc/system.info HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(64 * 1024)}\r\nConnection: close\r\n\r\n`);
  assert.ok(res.status === 400 || res.status === 431 || res.status === 494, `got ${res.status}`);
  await assertStillServing();
});

test('a path with .. above the root or a NUL byte is refused', async () => {
  const dots = await rawRequest(stack.port, 'GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(dots.status, 400);
  const nul = await rawRequest(stack.port, 'GET /api/trpc/system.info%00.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.ok(nul.status === 400 || nul.status === 404, `got ${nul.status}`);
  assert.ok(!nul.raw.includes('"result"'));
  const enc = await rawRequest(stack.port, 'GET /api/trpc/%2e%2e/%2e%2e/etc HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.ok(enc.status === 400 || enc.status === 404, `got ${enc.status}`);
  await assertStillServing();
});

test('an unknown procedure in a batch fails alone beside a valid one', async () => {
  const r = await fetch(`${stack.url}/api/trpc/system.info,system.nothing?batch=1`);
  assert.equal(r.status, 207);
  const [ok, bad] = await r.json();
  assert.equal(ok.result.data.sdkAbiVersion, 6);
  assert.equal(bad.error.data.code, 'NOT_FOUND');
  assert.equal(bad.error.data.path, 'system.nothing');
});

test('a POST that is not JSON is UNSUPPORTED_MEDIA_TYPE', async () => {
  const { status, json } = await post('/api/trpc/system.info', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(status, 415);
  assert.equal(json.error.data.code, 'UNSUPPORTED_MEDIA_TYPE');
});

test('a query sent as POST is METHOD_NOT_SUPPORTED', async () => {
  const { status, json } = await post('/api/trpc/system.info', '');
  assert.equal(status, 405);
  assert.equal(json.error.data.code, 'METHOD_NOT_SUPPORTED');
});

test('many connections at once all get answers', async () => {
  const results = await Promise.all(Array.from({ length: 200 }, () => fetch(`${stack.url}/api/trpc/system.info`).then((r) => r.status)));
  assert.deepEqual(new Set(results), new Set([200]));
});

test('an integer past the int64 range is BAD_REQUEST naming the field', async () => {
  const reg = await post('/api/trpc/auth.register', JSON.stringify({
    email: `big_int_${process.pid}@example.com`, password: 'correct horse battery',
  }));
  assert.equal(reg.status, 200);
  const { status, json } = await post('/api/trpc/reports.delete', '{"id":9223372036854775808}', {
    'content-type': 'application/json', authorization: `Bearer ${reg.json.result.data.token}`,
  });
  assert.equal(status, 400);
  assert.equal(json.error.data.code, 'BAD_REQUEST');
  assert.equal(json.error.data.field, 'id');
  await assertStillServing();
});
