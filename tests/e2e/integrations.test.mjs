// Connecting Google Ads and Meta through nginx as a signed-in user: the authorize URL, consent at
// the simulator, the callback, the integrations list; every refused callback; disconnecting; and
// a database dump that holds no platform token in plain text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TRPCClientError } from '@trpc/client';

import { callback, connect, connectorStack, consent, newUser } from '../support/e2e.mjs';
import { Simulator } from '../support/simulator.mjs';
import { trpcClient, rejectsWith } from '../support/trpc.mjs';

let sim;
let stack;

before(async () => {
  sim = await Simulator.start();
  stack = connectorStack('integrations', sim, { connectors: ['google-ads', 'meta'] });
  await stack.start();
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

const client = (token) => trpcClient(stack.url, token);

test('a user connects Google Ads and Meta and sees one integration per ad account', async () => {
  const { api } = await newUser(stack, 'agency');
  const google = await connect(stack, api, 'google-ads');
  assert.equal(google.get('status'), 'connected', google.get('message'));
  assert.equal(google.get('platform'), 'google-ads');
  const meta = await connect(stack, api, 'meta');
  assert.equal(meta.get('status'), 'connected', meta.get('message'));

  const listed = await api.integrations.list.query();
  const expected = [
    ...(await sim.accounts('google-ads')).accounts.map((a) => ['google-ads', a.id, a.currency]),
    ...(await sim.accounts('meta')).accounts.map((a) => ['meta', a.id.replace(/^act_/, ''), a.currency]),
  ];
  assert.deepEqual(listed.map((i) => [i.platform, i.accountId, i.currency]).sort(), expected.sort());
  for (const i of listed) {
    assert.equal(i.status, 'active');
    assert.equal(i.needsReauth, false);
    // The connect started the account's first sync at once.
    assert.ok(i.sync !== null || i.lastRun !== null, JSON.stringify(i));
    assert.equal(i.lastError, null);
    assert.ok(i.accountName.length > 0);
  }
  // Reconnecting replaces the tokens of the same accounts rather than duplicating them.
  assert.equal((await connect(stack, api, 'google-ads')).get('status'), 'connected');
  assert.equal((await api.integrations.list.query()).length, listed.length);
});

test('the authorize URL asks Google for offline access and carries a fresh state each time', async () => {
  const { api } = await newUser(stack, 'agency');
  const a = new URL((await api.integrations.connectGoogleAds.mutate()).authorizeUrl);
  const b = new URL((await api.integrations.connectGoogleAds.mutate()).authorizeUrl);
  assert.equal(a.searchParams.get('access_type'), 'offline');
  assert.equal(a.searchParams.get('redirect_uri'), `${stack.url}/api/oauth/google-ads/callback`);
  assert.match(a.searchParams.get('state'), /^[0-9a-f]{64}$/);
  assert.notEqual(a.searchParams.get('state'), b.searchParams.get('state'));
  const stored = stack.sql('SELECT state_hash FROM oauth_states').flat();
  assert.ok(!stored.includes(a.searchParams.get('state')), 'only a hash of the state is stored');
});

test('the plan limits how many accounts connect, and a reconnect at the limit still works', async () => {
  const { api } = await newUser(stack, 'free');
  const first = await connect(stack, api, 'google-ads');
  assert.equal(first.get('status'), 'connected');
  assert.equal(first.get('accounts'), '1');
  assert.match(first.get('message'), /1 account connected\. Plan limit reached \(integrations\)/);
  assert.equal((await api.integrations.list.query()).length, 1);

  const refused = await rejectsWith(api.integrations.connectMeta.mutate(), 'FORBIDDEN');
  assert.equal(refused.data.limit, 'integrations');

  const again = await connect(stack, api, 'google-ads');
  assert.equal(again.get('status'), 'connected', again.get('message'));
  assert.equal((await api.integrations.list.query()).length, 1);
});

test('connecting needs a signed-in user', async () => {
  await rejectsWith(client().integrations.connectGoogleAds.mutate(), 'UNAUTHORIZED');
  await rejectsWith(client().integrations.list.query(), 'UNAUTHORIZED');
});

test('a wrong, reused, expired or cross-platform state is refused with a readable message', async () => {
  const { api } = await newUser(stack, 'agency');
  const back = await consent((await api.integrations.connectGoogleAds.mutate()).authorizeUrl);

  const wrong = new URL(back);
  wrong.searchParams.set('state', 'f'.repeat(64));
  const refusedWrong = await callback(stack, wrong);
  assert.equal(refusedWrong.get('status'), 'error');
  assert.match(refusedWrong.get('message'), /invalid, already used or expired/);

  assert.equal((await callback(stack, back)).get('status'), 'connected');
  const reused = await callback(stack, back);
  assert.equal(reused.get('status'), 'error');
  assert.match(reused.get('message'), /already used/);

  const late = await consent((await api.integrations.connectMeta.mutate()).authorizeUrl);
  stack.sql("UPDATE oauth_states SET expires_at = now() - interval '1 second'");
  assert.equal((await callback(stack, late)).get('status'), 'error');

  const google = await consent((await api.integrations.connectGoogleAds.mutate()).authorizeUrl);
  const crossed = new URL(google);
  crossed.pathname = '/api/oauth/meta/callback';
  assert.equal((await callback(stack, crossed)).get('status'), 'error');
});

test('a denied consent and a failing code exchange connect nothing', async () => {
  const { api } = await newUser(stack, 'agency');
  const denied = await callback(stack, await consent((await api.integrations.connectMeta.mutate()).authorizeUrl, 'deny'));
  assert.equal(denied.get('status'), 'error');
  assert.match(denied.get('message'), /not granted/);

  const back = await consent((await api.integrations.connectGoogleAds.mutate()).authorizeUrl);
  back.searchParams.set('code', '4/not-a-code-the-simulator-issued');
  const failed = await callback(stack, back);
  assert.equal(failed.get('status'), 'error');
  assert.match(failed.get('message'), /did not accept the connection/);
  assert.deepEqual(await api.integrations.list.query(), []);
});

test('an unknown platform callback is not found', async () => {
  const res = await fetch(`${stack.url}/api/oauth/myspace/callback?state=x&code=y`, { redirect: 'manual' });
  assert.equal(res.status, 404);
});

test("disconnect deletes the tokens, keeps or drops the data, and never touches another user's", async () => {
  const { api: owner } = await newUser(stack, 'agency');
  const { api: other } = await newUser(stack, 'agency');
  await connect(stack, owner, 'google-ads');
  const [first, second] = await owner.integrations.list.query();

  const theirs = await rejectsWith(other.integrations.disconnect.mutate({ integrationId: first.id }), 'NOT_FOUND');
  const missing = await rejectsWith(other.integrations.disconnect.mutate({ integrationId: 2 ** 40 }), 'NOT_FOUND');
  assert.equal(theirs.message, missing.message);

  assert.deepEqual(await owner.integrations.disconnect.mutate({ integrationId: first.id, keepData: true }),
    { disconnected: true, dataKept: true });
  const [row] = stack.sql(`SELECT access_token IS NULL, refresh_token IS NULL, status FROM integrations WHERE id = ${first.id}`);
  assert.deepEqual(row, ['t', 't', 'disconnected']);

  await owner.integrations.disconnect.mutate({ integrationId: second.id, keepData: false });
  assert.deepEqual(stack.sql(`SELECT id FROM integrations WHERE id = ${second.id}`), []);
  const after = await owner.integrations.list.query();
  assert.deepEqual(after.map((i) => [i.id, i.status]), [[first.id, 'disconnected']]);
});

test('a database dump holds no access or refresh token in plain text', async () => {
  const { api } = await newUser(stack, 'agency');
  await connect(stack, api, 'google-ads');
  await connect(stack, api, 'meta');
  const issued = (await sim.tokens()).filter((t) => t.kind !== 'code').map((t) => t.value);
  assert.ok(issued.length >= 4, JSON.stringify(issued));
  const dump = execFileSync('pg_dump', ['--data-only', stack.dbUrl], { encoding: 'latin1', maxBuffer: 64 << 20 });
  assert.ok(dump.includes('COPY public.integrations'), 'the dump has the integrations');
  for (const token of issued) assert.ok(!dump.includes(token), 'a token is in the dump in plain text');
  const sealed = stack.sql('SELECT count(*) FROM integrations WHERE access_token IS NOT NULL AND token_key_id IS NOT NULL');
  assert.ok(Number(sealed[0][0]) >= 4);
  const log = stack.hostLog();
  for (const token of issued) assert.ok(!log.includes(token), 'a token is in the host log');
});

test('without its connector a connect says the connector is unavailable', async () => {
  const { api } = await newUser(stack, 'agency');
  fs.unlinkSync(path.join(stack.pluginsDir, 'meta.so'));
  let error;
  for (let i = 0; i < 40; i++) {
    try { await api.integrations.connectMeta.mutate(); } catch (e) { error = e; break; }
    await sleep(100);
  }
  assert.ok(error instanceof TRPCClientError, String(error));
  assert.match(error.message, /unavailable/);
});

test('the host refuses to start without a token encryption key, or with a bad one', async () => {
  for (const key of ['', 'k1:this-is-long-enough-but-is-not-base64-of-32-bytes']) {
    const { code, output } = await stack.runHostToExit({ TOKEN_ENCRYPTION_KEY: key, ROI_FCGI_SOCKET: path.join(stack.state, 'refused.sock') });
    assert.notEqual(code, 0);
    assert.match(output, /TOKEN_ENCRYPTION_KEY/);
    assert.ok(!output.includes(stack.tokenKey));
  }
});
