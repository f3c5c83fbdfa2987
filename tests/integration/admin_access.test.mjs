// /admin/* needs the admin token from every caller, loopback included, and a JSON body type for
// writes; without a configured token it is off. /metrics is checked by the host as well as by
// nginx: loopback or the token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../support/stack.mjs';
import { fastcgiRequest } from '../support/fastcgi.mjs';

let stack;
before(async () => { stack = await startStack('admin_access'); });
after(async () => { await stack?.stop(); });

test('a loopback caller without the token cannot read or reload the plugins', async () => {
  const read = await fetch(`${stack.url}/admin/plugins`);
  assert.equal(read.status, 401);
  assert.equal(read.headers.get('www-authenticate'), 'Bearer');
  // What a page in a local browser can send without a preflight.
  const reload = await fetch(`${stack.url}/admin/plugins/reload`, {
    method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}',
  });
  assert.equal(reload.status, 401);
  const wrong = await fetch(`${stack.url}/admin/plugins`, {
    headers: { authorization: `Bearer ${stack.adminToken.replace(/.$/, 'x')}` },
  });
  assert.equal(wrong.status, 401);
  assert.ok(stack.hostLog().includes('"admin_refused"'));
  assert.ok(!stack.hostLog().includes('"plugins_reloaded"'));
});

test('with the token, reads work and a reload must be sent as application/json', async () => {
  assert.equal((await stack.admin('/admin/plugins')).status, 200);
  const plain = await stack.admin('/admin/plugins/reload', {
    method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}',
  });
  assert.equal(plain.status, 415);
  assert.ok(!stack.hostLog().includes('"plugins_reloaded"'));
  const json = await stack.admin('/admin/plugins/reload', { method: 'POST', body: '{}' });
  assert.equal(json.status, 200);
  assert.ok('reload' in (await json.json()));
});

test('without a configured token /admin/* is off and says how to turn it on', async () => {
  const off = await startStack('admin_access_off', { env: { ROI_ADMIN_TOKEN: '' } });
  try {
    const r = await fetch(`${off.url}/admin/plugins`, { headers: { authorization: 'Bearer ' } });
    assert.equal(r.status, 403);
    assert.match((await r.json()).error.message, /ROI_ADMIN_TOKEN/);
    // /metrics stays open to loopback.
    assert.equal((await fetch(`${off.url}/metrics`)).status, 200);
  } finally {
    await off.stop();
  }
});

test('the host refuses /metrics to a non-loopback caller without the token', async () => {
  const env = { REQUEST_METHOD: 'GET', DOCUMENT_URI: '/metrics', REMOTE_ADDR: '203.0.113.9' };
  assert.equal((await fastcgiRequest(stack.socket, env)).status, 403);
  const withToken = await fastcgiRequest(stack.socket, {
    ...env, HTTP_AUTHORIZATION: `Bearer ${stack.adminToken}`,
  });
  assert.equal(withToken.status, 200);
  assert.match(withToken.body, /roi_http_responses_total/);
});
