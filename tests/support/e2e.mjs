// What end-to-end files share: a stack with connector libraries in its plugins folder and their
// settings pointed at the simulator, users registered (on a paid plan when asked), platforms
// connected through the host's own OAuth flow, and waiting for something to happen.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

import { connectorEnv, installConnectors } from './connectors.mjs';
import { Stack } from './stack.mjs';
import { trpcClient } from './trpc.mjs';

// Where the host sends the browser after a connect; tests check the landing page is there.
export const FRONTEND = 'https://app.example.com';
const CONNECT = { 'google-ads': 'connectGoogleAds', meta: 'connectMeta' };

// A stack (not started) with the `connectors` copied into its plugins folder, their settings
// pointed at `sim`, and quick password hashing; `env` overrides any setting, `peer` is a stack
// whose database and keys it shares, `supervised` runs its host under scripts/supervise, `port`
// is nginx's.
export function connectorStack(name, sim, { connectors = [], env = {}, peer, supervised, port } = {}) {
  const stack = new Stack(name, { peer, supervised, port, env: {
    ROI_BCRYPT_COST: '4', FRONTEND_URL: FRONTEND, ...connectorEnv(sim), ...env,
  } });
  installConnectors(stack.pluginsDir, connectors);
  return stack;
}

let users = 0;
// A newly registered user, on `plan` when one is named (active, as Stripe would have left it):
// { id, token, api }.
export async function newUser(stack, plan) {
  const reg = await trpcClient(stack.url).auth.register.mutate({
    email: `user${process.pid}_${users++}@example.com`, password: 'correct horse battery',
  });
  if (plan) stack.sql(`INSERT INTO subscriptions (user_id, plan, status) VALUES (${reg.user.id}, '${plan}', 'active')`);
  return { id: Number(reg.user.id), token: reg.token, api: trpcClient(stack.url, reg.token) };
}

// Follows an authorize URL to the simulator's dialog; returns the callback URL it redirects to.
export async function consent(authorizeUrl, decision = 'approve') {
  const res = await fetch(`${authorizeUrl}&sim_decision=${decision}`, { redirect: 'manual' });
  assert.equal(res.status, 302);
  return new URL(res.headers.get('location'));
}

// Calls the host's OAuth callback through nginx; returns the parameters of the frontend page it
// sends the browser to (with no Referer, which would carry the code on).
export async function callback(stack, url) {
  const res = await fetch(url, { redirect: 'manual' });
  assert.equal(res.status, 302, await res.text());
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  const target = new URL(res.headers.get('location'));
  assert.equal(target.origin, stack.env.FRONTEND_URL);
  assert.equal(target.pathname, '/');
  return target.searchParams;
}

// Connects an ad platform as `api`'s user, consenting at the simulator; returns the landing page's
// parameters (status, message, platform).
export async function connect(stack, api, platform) {
  const { authorizeUrl } = await api.integrations[CONNECT[platform]].mutate();
  return callback(stack, await consent(authorizeUrl));
}

// A new user on `plan` who connected every simulator account of `platform`; returns
// [api, integrations of that platform]. A connect queues each account's first sync at once; with
// `firstSync: 'settle'` (the default) this waits until those syncs ended and then marks the
// accounts never synced, so the test's own sync (with the faults it arms now) is a first sync
// again, and that user's manual sync allowance is unused. `firstSync: 'keep'` leaves the queued
// syncs as they are (a stack without sync workers).
export async function connectedUser(stack, platform = 'google-ads', plan = 'agency', { firstSync = 'settle' } = {}) {
  const { api } = await newUser(stack, plan);
  const landing = await connect(stack, api, platform);
  assert.equal(landing.get('status'), 'connected', landing.get('message'));
  const integrations = (await api.integrations.list.query()).filter((i) => i.platform === platform);
  if (firstSync === 'settle' && integrations.length) {
    await settleFirstSyncs(stack, integrations);
    return [api, (await api.integrations.list.query()).filter((i) => i.platform === platform)];
  }
  return [api, integrations];
}

// Waits until the syncs the connect of `integrations` queued have ended, then marks them never
// synced: the test's next sync backfills like a first one.
export async function settleFirstSyncs(stack, integrations) {
  const ids = integrations.map((i) => i.id).join(',');
  await until('the first syncs of a connect', () =>
    stack.sql(`SELECT count(*) FROM sync_jobs WHERE integration_id IN (${ids}) AND status IN ('queued', 'running')`)[0][0] === '0');
  stack.sql(`UPDATE integrations SET last_sync = NULL WHERE id IN (${ids})`);
}

// Lets every user sync by hand again at once, as if their plan's interval had passed.
export function allowManualSyncs(stack) {
  stack.sql('UPDATE manual_syncs SET last_at = to_timestamp(0)');
}

export async function until(what, check, ms = 60000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
