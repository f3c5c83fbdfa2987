// A sync's tokens: refreshed and stored sealed before a sync when they are about to expire, a
// refused refresh asks the user to connect again, and a token the platform refuses mid-sync is
// refreshed once and the sync goes on from its checkpoint, never looping through refreshes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TRPCClientError } from '@trpc/client';

import { Simulator } from '../support/simulator.mjs';
import { allowManualSyncs, connectedUser, until } from '../support/e2e.mjs';
import { assertMatchesSimulator, lastRun, runsOf, storedTotals, syncStack } from '../support/sync.mjs';

const META_CAMPAIGNS = 40;
const META_PAGE = 100;
const GOOGLE_CAMPAIGNS = 10;
let sim;
let stack;

before(async () => {
  // Many pages on both platforms, each committed with its checkpoint, so a refusal lands mid-sync.
  sim = await Simulator.start({ settings: {
    'google-ads.accounts': 1, 'google-ads.campaigns': GOOGLE_CAMPAIGNS, 'google-ads.days': 60, 'google-ads.page_size': 50,
    'meta.accounts': 1, 'meta.campaigns': META_CAMPAIGNS, 'meta.days': 200,
  } });
  stack = syncStack('sync_tokens', sim, { platforms: ['google-ads', 'meta'], env: {
    ROI_CONNECTOR_META_PAGE_SIZE: String(META_PAGE),
  } });
  await stack.start();
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

test('a token about to expire is refreshed before the sync and stored sealed', async () => {
  const [api, [integration]] = await connectedUser(stack);
  stack.sql(`UPDATE integrations SET token_expiry = now() + interval '1 minute' WHERE id = ${integration.id}`);
  const [[before]] = stack.sql(`SELECT encode(access_token, 'hex') FROM integrations WHERE id = ${integration.id}`);
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  const run = await until('the sync', () => lastRun(api, integration.id));
  assert.equal(run.outcome, 'succeeded', run.error ?? '');
  assert.deepEqual(runsOf(stack, jobId), ['succeeded']);
  const [[after, later]] = stack.sql(
    `SELECT encode(access_token, 'hex'), token_expiry > now() + interval '30 minutes' FROM integrations WHERE id = ${integration.id}`);
  assert.notEqual(after, before, 'the refreshed token replaced the old one');
  assert.equal(later, 't', 'with the new expiry');
  await assertMatchesSimulator(stack, sim, integration);
});

test('a refresh the platform refuses marks the integration as needing a new connect', async () => {
  const [api, [integration]] = await connectedUser(stack);
  stack.sql(`UPDATE integrations SET token_expiry = now() + interval '1 minute' WHERE id = ${integration.id}`);
  await sim.fault({ platform: 'google-ads', kind: 'invalid_grant', count: -1 });
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  const run = await until('the sync', () => lastRun(api, integration.id));
  await sim.clearFaults();
  assert.equal(run.outcome, 'needs_reauth');
  assert.deepEqual(runsOf(stack, jobId), ['needs_reauth']);
  const listed = (await api.integrations.list.query()).find((i) => i.id === integration.id);
  assert.equal(listed.needsReauth, true);
  assert.match(listed.lastError, /connect the account again/);
  // Queueing another sync is refused until the user connects again.
  await assert.rejects(api.integrations.sync.mutate({ integrationId: integration.id }),
    (e) => e instanceof TRPCClientError && e.data?.code === 'NOT_FOUND');
});

const accessToken = (integration) =>
  stack.sql(`SELECT encode(access_token, 'hex'), extract(epoch FROM token_expiry)::bigint FROM integrations WHERE id = ${integration.id}`)[0];
const bearer = (request) => request.headers.authorization?.replace(/^Bearer /, '');

// Each platform's refusal of a live token in its own shape (Meta: code 190; Google: 401
// UNAUTHENTICATED, OAUTH_TOKEN_EXPIRED) on a data page after the first few, and its refresh grant.
const MID_SYNC = {
  meta: { refusal: 'code 190', campaigns: META_CAMPAIGNS, match: '/insights', skip: 10, grant: 'fb_exchange_token' },
  // The customer and campaign queries come first, then the daily rows page by page.
  'google-ads': { refusal: '401 UNAUTHENTICATED', campaigns: GOOGLE_CAMPAIGNS, match: 'googleAds:search', skip: 7, grant: 'refresh_token' },
};

for (const [platform, how] of Object.entries(MID_SYNC)) {
  test(`a token ${platform} refuses mid-sync (${how.refusal}) is refreshed once by the host, stored, and the sync goes on from its checkpoint`, async (t) => {
    const [api, [integration]] = await connectedUser(stack, platform);
    const [sealedBefore, expiryBefore] = accessToken(integration);
    await sim.clearRequests();
    await sim.fault({ platform, kind: 'expired_token', count: 1, skip: how.skip, match: how.match });
    const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
    const run = await until('the sync', () => lastRun(api, integration.id));
    assert.equal(run.outcome, 'succeeded', run.error ?? '');
    assert.deepEqual(runsOf(stack, jobId), ['succeeded'], 'one attempt: the refresh happened inside it');
    const expected = await assertMatchesSimulator(stack, sim, integration);
    // Campaigns twice, and the rows of at most the one day the refused page left incomplete again.
    assert.ok(run.rowsRead <= expected.rows + 3 * how.campaigns, `read ${run.rowsRead} rows for ${expected.rows}`);
    t.diagnostic(`${run.rowsRead} rows read for ${expected.rows} rows and ${how.campaigns} campaigns`);

    const requests = await sim.requests(platform);
    const refusedAt = requests.findIndex((r) => r.status !== 200);
    assert.ok(refusedAt >= how.skip, 'the refusal came mid-sync, after pages were read');
    const refreshes = requests.filter((r) => r.params.grant_type === how.grant);
    assert.equal(refreshes.length, 1, 'refreshed once');
    assert.ok(requests.indexOf(refreshes[0]) > refusedAt, 'after the refusal, by the host');
    const oldToken = bearer(requests[refusedAt]);
    const after = requests.slice(refusedAt + 1).filter((r) => r.path.endsWith(how.match));
    assert.ok(after.length > 0 && after.every((r) => bearer(r) && bearer(r) !== oldToken), 'the rest was read with the new token');
    const [sealedAfter, expiryAfter] = accessToken(integration);
    assert.notEqual(sealedAfter, sealedBefore, 'the new token is stored');
    assert.ok(!sealedAfter.includes(Buffer.from(bearer(after[0])).toString('hex')), 'sealed, not in clear');
    assert.ok(Number(expiryAfter) >= Number(expiryBefore));

    // The stored token is the one that works: with the old one revoked, the next sync needs no refresh.
    await sim.revoke(oldToken);
    await sim.clearRequests();
    allowManualSyncs(stack);  // a second sync within the plan's manual interval
    await api.integrations.sync.mutate({ integrationId: integration.id });
    const next = await until('the next sync', () => lastRun(api, integration.id));
    assert.equal(next.outcome, 'succeeded', next.error ?? '');
    assert.equal((await sim.requests(platform)).filter((r) => r.params.grant_type === how.grant).length, 0);
  });
}

test('a second refusal right after the refresh ends in needs-reauth, not a refresh loop', async () => {
  const [api, [integration]] = await connectedUser(stack, 'meta');
  await sim.clearRequests();
  // From the third insights page on, every request is refused, with the refreshed token too.
  await sim.fault({ platform: 'meta', kind: 'expired_token', count: -1, skip: 2, match: '/insights' });
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  const run = await until('the sync', () => lastRun(api, integration.id));
  assert.equal(run.outcome, 'needs_reauth');
  assert.deepEqual(runsOf(stack, jobId), ['needs_reauth']);
  const listed = (await api.integrations.list.query()).find((i) => i.id === integration.id);
  assert.equal(listed.needsReauth, true);
  // Nothing more happens: one refresh, one refused page before it and one after.
  await sleep(500);
  await sim.clearFaults();
  const requests = await sim.requests('meta');
  assert.equal(requests.filter((r) => r.params.grant_type === 'fb_exchange_token').length, 1);
  assert.equal(requests.filter((r) => r.status !== 200).length, 2);
  // What came before the refusal stays: the pages read up to the last checkpoint.
  assert.ok(storedTotals(stack, integration).rows >= META_PAGE, 'the committed pages are kept');
});

// Last in this file: the host runs on with another key afterwards.
test('a token sealed under a key the host no longer has says so plainly, not that the platform refused', async () => {
  const [api, [integration]] = await connectedUser(stack);
  // The key rotated without keeping the old one in the ring.
  await stack.stopHost();
  await stack.startHost({ TOKEN_ENCRYPTION_KEY: `k9:${crypto.randomBytes(32).toString('base64')}` });
  const requests = (await sim.requests('google-ads')).length;
  await api.integrations.sync.mutate({ integrationId: integration.id });
  const run = await until('the sync', () => lastRun(api, integration.id));
  assert.equal(run.outcome, 'needs_reauth');
  assert.match(run.error, /stored credentials cannot be read with the current keys; reconnect/);
  const listed = (await api.integrations.list.query()).find((i) => i.id === integration.id);
  assert.equal(listed.needsReauth, true);
  assert.match(listed.lastError, /stored credentials cannot be read with the current keys; reconnect/);
  assert.doesNotMatch(listed.lastError, /platform/i);
  assert.equal((await sim.requests('google-ads')).length, requests, 'the platform was not asked anything');
});
