// The SDK's acceptance kit (roi-connector-check) against the four in-tree connectors and the
// simulator: every check the connector's capabilities and connect method offer passes, the rest
// is skipped with a reason; a library the host would refuse, and a sync with a flaw
// (tests/fake_connectors/flawed_sync_connector.cpp), fail the kit.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { CONNECTORS_DIR, probe } from '../support/connectors.mjs';
import { connectorCheck } from '../support/connector_check.mjs';
import { GOOGLE, META, SHOPIFY, STRIPE, Simulator } from '../support/simulator.mjs';

const SINCE = '2026-01-01';
const UNTIL = '2026-01-20';
const SHOP = 'kit-store.myshopify.com';
const REDIRECT = 'http://127.0.0.1/callback';
const FAKE_CONNECTORS = process.env.ROI_FAKE_CONNECTOR_DIR;

let sim;
let dir;
before(async () => {
  sim = await Simulator.start({ settings: {
    'google-ads.start_date': SINCE, 'google-ads.days': 20, 'google-ads.campaigns': 4, 'google-ads.page_size': 7,
    'meta.start_date': SINCE, 'meta.days': 20, 'meta.campaigns': 4, 'shopify.days': 30,
  } });
  dir = fs.mkdtempSync(path.join(process.env.ROI_TEST_STATE ?? os.tmpdir(), 'connector-check-'));
});
after(async () => { await sim?.stop(); });
beforeEach(async () => { await sim.reset(); });

// Operator settings under each connector's own keys, pointed at the simulator; small pages so
// syncs checkpoint often.
const SETTINGS = {
  'google-ads': () => ({ client_id: GOOGLE.clientId, client_secret: GOOGLE.clientSecret,
    developer_token: GOOGLE.developerToken, authorize_url: `${sim.googleAuthBase}/o/oauth2/v2/auth`,
    token_url: sim.googleTokenUrl, api_base_url: sim.googleAdsBase, api_version: GOOGLE.version }),
  meta: () => ({ client_id: META.appId, client_secret: META.appSecret, dialog_base_url: sim.metaDialogBase,
    graph_base_url: sim.metaGraphBase, api_version: META.version, page_size: '7' }),
  shopify: () => ({ client_id: SHOPIFY.apiKey, client_secret: SHOPIFY.apiSecret, shop_base_url: `${sim.url}/{shop}`,
    api_version: SHOPIFY.version, page_size: '7' }),
  stripe: () => ({ secret_key: STRIPE.secretKey, api_base: sim.stripeBase }),
};
const LIBRARY = { 'google-ads': 'google_ads.so', meta: 'meta.so', shopify: 'shopify.so', stripe: 'stripe_connector.so' };

// A callback URL from the simulator's consent page for a fresh authorize URL of `connector`.
async function consent(connector, params = {}) {
  const start = await probe(sim, connector, 'authorize', { redirect_uri: REDIRECT, state: 'st-kit', ...params });
  assert.equal(start.ok, true, JSON.stringify(start));
  const url = new URL(start.url);
  url.searchParams.set('sim_decision', 'approve');
  const res = await fetch(url, { redirect: 'manual' });
  assert.equal(res.status, 302, await res.text());
  return new URL(res.headers.get('location'));
}

// Tokens as the host would hold them after a connect, and a second, unused callback: the kit
// exchanges that one itself when the connector declares OAuth 2.
async function oauthInputs(connector, params = {}) {
  const first = await consent(connector, params);
  const finish = await probe(sim, connector, 'finish', { redirect_uri: REDIRECT, code: first.searchParams.get('code'),
    query: Object.fromEntries(first.searchParams) });
  assert.equal(finish.ok, true, JSON.stringify(finish));
  const second = await consent(connector, params);
  return { credentials: finish.credentials, args: ['--oauth-callback', second.href, '--redirect-uri', REDIRECT] };
}

function armCommand(platform, seconds) {
  const body = JSON.stringify({ platform, kind: 'retry_after', retry_after: seconds });
  return `curl -sf -X POST -H 'content-type: application/json' -d '${body}' ${sim.url}/_sim/faults`;
}

function assertVerdicts(result, passed, skipped = []) {
  assert.equal(result.code, 0, result.output);
  for (const check of passed) assert.equal(result.verdicts[check]?.verdict, 'PASS', `${check}:\n${result.output}`);
  for (const check of skipped) assert.equal(result.verdicts[check]?.verdict, 'SKIP', `${check}:\n${result.output}`);
  assert.ok(!Object.values(result.verdicts).some((v) => v.verdict === 'FAIL'), result.output);
}

const ADS_CHECKS = ['load', 'abi', 'describe', 'settings', 'connect', 'oauth-finish', 'check', 'accounts', 'sync', 'resume',
  'reauth', 'rate-limit'];

for (const [connector, platform] of [['google-ads', 'google-ads'], ['meta', 'meta']]) {
  test(`${connector}: connect, accounts, an exact sync, resumes from every checkpoint and both error kinds pass`, async () => {
    const { credentials, args } = await oauthInputs(connector);
    const result = await connectorCheck(path.join(CONNECTORS_DIR, LIBRARY[connector]), {
      dir, settings: SETTINGS[connector](), credentials,
      args: [...args, '--from', SINCE, '--to', UNTIL, '--arm-rate-limit', armCommand(platform, 120)],
    });
    assertVerdicts(result, ADS_CHECKS);
    assert.match(result.verdicts.describe.detail, /connect oauth2$/);
    assert.match(result.verdicts.settings.detail, /client_id \(settings file\)/);
    // Meta states its wait in whole minutes: a multiple of 60 reads the same on both.
    assert.match(result.verdicts['rate-limit'].detail, /retry after 120 s/);
    const account = (await sim.accounts(platform)).accounts[0].id;
    const expected = await sim.expected(platform, account, SINCE, UNTIL);
    assert.match(result.verdicts.sync.detail, new RegExp(`, ${expected.rows} daily rows, `), 'every row, once');
    assert.match(result.verdicts.resume.detail, /resumed from each of ([2-9]|\d\d+) checkpoints/);
  });
}

test('shopify: the shop as the one account, orders synced and resumed from every checkpoint', async () => {
  const { credentials, args } = await oauthInputs('shopify', { shop: SHOP });
  const result = await connectorCheck(path.join(CONNECTORS_DIR, LIBRARY.shopify), {
    dir, settings: SETTINGS.shopify(), credentials, args: [...args, '--form', `shop=${SHOP}`,
      '--arm-rate-limit', armCommand('shopify', 20)],
  });
  assertVerdicts(result, ['load', 'abi', 'describe', 'settings', 'connect', 'oauth-finish', 'check', 'accounts',
    'sync-orders', 'resume-orders', 'reauth', 'rate-limit']);
  assert.match(result.verdicts.accounts.detail, new RegExp(`1 valid: ${SHOP}`));
  assert.equal(result.verdicts.sync, undefined, 'a store has no ads sync to check');
});

test('stripe: no ads, no orders and nothing for a user to connect are skipped, saying so', async () => {
  const result = await connectorCheck(path.join(CONNECTORS_DIR, LIBRARY.stripe), { dir, settings: SETTINGS.stripe() });
  assertVerdicts(result, ['load', 'abi', 'describe', 'settings'], ['connect', 'accounts', 'sync']);
  assert.match(result.verdicts.describe.detail, /capabilities \[billing,webhooks\]/);
  assert.match(result.verdicts.sync.detail, /no credentials/);
});

test('settings the host would refuse a load for fail the kit: a required one unset, one never declared', async () => {
  const library = path.join(CONNECTORS_DIR, LIBRARY['google-ads']);
  const { developer_token: _, ...missing } = SETTINGS['google-ads']();
  const unset = await connectorCheck(library, { dir, settings: missing });
  assert.equal(unset.code, 1);
  assert.match(unset.verdicts.settings.detail, /required settings unset .*: developer_token$/);
  const unknown = await connectorCheck(library, { dir, settings: { ...SETTINGS['google-ads'](), region: 'eu' } });
  assert.equal(unknown.code, 1);
  assert.match(unknown.verdicts.settings.detail, /does not declare .*: region$/);
});

test('a library the host would refuse fails the kit with the host\'s reason', async () => {
  const wrongAbi = await connectorCheck(path.join(FAKE_CONNECTORS, 'wrong_abi_connector.so'), { dir });
  assert.equal(wrongAbi.code, 1);
  assert.equal(wrongAbi.verdicts.abi.verdict, 'FAIL');
  assert.match(wrongAbi.verdicts.abi.detail, /built for SDK ABI \d+/);
  const bad = await connectorCheck(path.join(FAKE_CONNECTORS, 'bad_description_connector.so'), { dir });
  assert.equal(bad.code, 1);
  assert.equal(bad.verdicts.describe.verdict, 'FAIL');
  assert.match(bad.verdicts.describe.detail, /the host would refuse this self-description/);
  const notALibrary = await connectorCheck(path.join(dir, 'settings.json'), { dir });
  assert.equal(notALibrary.verdicts.load.verdict, 'FAIL');
});

for (const [flaw, what, check, reason] of [
  ['', 'a sync without a flaw passes', null, null],
  ['skips_a_day_on_resume', 'a resume that skips a day', 'resume', /stopped at checkpoint #1 .* the stored rows differ/],
  ['negative_clicks', 'a row with negative clicks', 'sync', /record\(s\) the host refuses: .*clicks is negative/],
  ['no_checkpoints', 'a sync without checkpoints', 'resume', /no checkpoint: an interrupted sync would start over/],
  ['orphan_rows', 'rows of a campaign never sent', 'sync', /name a campaign the sync never sent/],
]) {
  test(check ? `${what} fails the ${check} check` : what, async () => {
    const result = await connectorCheck(path.join(FAKE_CONNECTORS, 'flawed_sync_connector.so'), {
      dir, settings: { flaw }, credentials: { access_token: 'good' } });
    if (!check) {
      assertVerdicts(result, ['sync', 'resume', 'reauth']);
      return;
    }
    assert.equal(result.code, 1, result.output);
    assert.equal(result.verdicts[check].verdict, 'FAIL', result.output);
    assert.match(result.verdicts[check].detail, reason);
  });
}

test('a platform failing every call fails the check and reauth checks instead of passing them', async () => {
  // A platform that keeps answering 500, to the bad token too, makes the connector say
  // transient where the kit needs needs_reauth.
  const { credentials } = await oauthInputs('google-ads');
  await sim.fault({ platform: 'google-ads', kind: 'server_error', count: -1, match: 'listAccessibleCustomers' });
  const result = await connectorCheck(path.join(CONNECTORS_DIR, LIBRARY['google-ads']), {
    dir, settings: SETTINGS['google-ads'](), credentials, args: ['--from', SINCE, '--to', UNTIL],
  });
  assert.equal(result.code, 1, result.output);
  assert.equal(result.verdicts.check.verdict, 'FAIL');
  assert.equal(result.verdicts.reauth.verdict, 'FAIL');
  assert.match(result.verdicts.reauth.detail, /expected needs_reauth/);
});
