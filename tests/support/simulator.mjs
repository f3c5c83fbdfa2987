// Starts and stops roi-platform-sim (tests/simulator) and wraps its /_sim control API and the
// OAuth dances, so connector and end-to-end tests can stand it in for Google, Meta, Stripe and Shopify.
import { spawn } from 'node:child_process';
import { detach, hold } from './children.mjs';
import readline from 'node:readline';

import { assertNoSanitizerReport } from './sanitizer.mjs';

export const GOOGLE = Object.freeze({
  clientId: 'sim-google-client-id.apps.googleusercontent.com',
  clientSecret: 'sim-google-client-secret',
  developerToken: 'sim-developer-token',
  scope: 'https://www.googleapis.com/auth/adwords',
  version: 'v26',
});

export const META = Object.freeze({
  appId: '1234567890123456',
  appSecret: 'sim-meta-app-secret',
  scope: 'ads_read,business_management',
  version: 'v25.0',
});

export const STRIPE = Object.freeze({
  secretKey: 'sk_test_sim_secret_key',
  webhookSecret: 'whsec_sim_webhook_secret',
});

export const SHOPIFY = Object.freeze({
  apiKey: 'sim-shopify-api-key',
  apiSecret: 'sim-shopify-api-secret',
  scope: 'read_orders',
  version: '2026-10',
});

// "123.45" → 123450000n: Meta's decimal strings to integer micros, without floating point.
export function decimalToMicros(text) {
  const [whole, frac = ''] = String(text).split('.');
  return BigInt(whole) * 1000000n + BigInt((frac + '000000').slice(0, 6));
}

export class Simulator {
  // `settings` maps knob ids to values, e.g. {'google-ads.accounts': 3}; they become the
  // simulator's baseline, which /_sim/reset returns to.
  static async start({ settings = {}, bin = process.env.ROI_SIM_BIN } = {}) {
    if (!bin) throw new Error('ROI_SIM_BIN is not set: run the tests with `make test`');
    const args = ['--port', '0'];
    for (const [k, v] of Object.entries(settings)) args.push('--set', `${k}=${v}`);
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    // Settles once the simulator has exited and all its output is read.
    child.closed = new Promise((resolve) => child.once('close', resolve));
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const lines = readline.createInterface({ input: child.stdout });
    const port = await new Promise((resolve, reject) => {
      // On any failure the child is killed: the caller never gets a Simulator to stop.
      const fail = (message) => { child.kill('SIGKILL'); reject(new Error(`${message}: ${stderr}`)); };
      const timer = setTimeout(() => fail('simulator did not start'), 10000);
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`simulator exited (${code}): ${stderr}`)); });
      lines.once('line', (line) => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(line).port);
        } catch {
          fail(`simulator printed ${JSON.stringify(line)} instead of {"port":N}`);
        }
      });
    });
    child.removeAllListeners('exit');
    detach(child);
    return new Simulator(child, port, () => stderr);
  }

  constructor(child, port, stderr) {
    this.child = child;
    this.port = port;
    this.stderr = stderr;
    this.url = `http://127.0.0.1:${port}`;
    // Base URLs standing in for the real hosts: https://<host> becomes <sim>/<host>.
    this.googleAuthBase = `${this.url}/accounts.google.com`;
    this.googleTokenUrl = `${this.url}/oauth2.googleapis.com/token`;
    this.googleAdsBase = `${this.url}/googleads.googleapis.com`;
    this.metaDialogBase = `${this.url}/www.facebook.com`;
    this.metaGraphBase = `${this.url}/graph.facebook.com`;
    this.stripeBase = `${this.url}/api.stripe.com`;
    this.aiBase = `${this.url}/ai.service`;
  }

  async control(method, path, body) {
    const res = await fetch(`${this.url}/_sim/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`/_sim/${path}: ${json.error}`);
    return json;
  }

  configure(knobs) { return this.control('POST', 'config', knobs); }
  reset() { return this.control('POST', 'reset'); }
  accounts(platform) { return this.control('GET', `accounts?platform=${platform}`); }
  expected(platform, account, since, until) {
    const q = new URLSearchParams({ platform, account, ...(since ? { since } : {}), ...(until ? { until } : {}) });
    return this.control('GET', `expected?${q}`);
  }
  // The platform reports `date` of `account` again with new figures (expected() follows).
  restate(platform, account, date) { return this.control('POST', 'restate', { platform, account, date }); }
  fault(spec) { return this.control('POST', 'faults', spec); }
  faults() { return this.control('GET', 'faults'); }
  clearFaults(platform = '') { return this.control('DELETE', `faults?platform=${platform}`); }
  advanceClock(seconds) { return this.control('POST', 'clock', { advance: seconds }); }
  tokens(platform = '') { return this.control('GET', `tokens?platform=${platform}`); }
  revoke(token) { return this.control('POST', 'tokens/revoke', { token }); }
  requests(platform = '') { return this.control('GET', `requests?platform=${platform}`); }
  clearRequests() { return this.control('DELETE', 'requests'); }

  // The customer pays on the hosted page: Stripe's events go to stripe.webhook_url in the order
  // `delivery` asks (normal, reverse, duplicate, none); returns the session, event ids, statuses.
  completeCheckout(sessionId, delivery = 'normal') {
    return this.control('POST', `stripe/checkout/${sessionId}/complete`, { delivery });
  }
  stripeEvents() { return this.control('GET', 'stripe/events'); }
  stripeDeliveries() { return this.control('GET', 'stripe/deliveries'); }
  redeliverStripeEvent(id) { return this.control('POST', `stripe/events/${id}/deliver`); }

  // https://{shop} on the simulator.
  shopifyBase(shop) { return `${this.url}/${shop}`; }
  shopifyExpected(shop, since, until) {
    const q = new URLSearchParams({ shop, ...(since ? { since } : {}), ...(until ? { until } : {}) });
    return this.control('GET', `shopify/expected?${q}`);
  }
  shopifyOrders(shop) { return this.control('GET', `shopify/orders?shop=${shop}`); }
  // Sends one signed delivery of `topic` to shopify.webhook_url (`repeat` times, byte-identical);
  // answers {webhook_id, payload, statuses}.
  shopifyWebhook(topic, shop, { order, repeat } = {}) {
    return this.control('POST', 'shopify/webhooks', { topic, shop, ...(order ? { order } : {}), ...(repeat ? { repeat } : {}) });
  }

  // Follows an install URL (https://{shop}/admin/oauth/authorize?…, host already mapped onto the
  // simulator) with an automatic approval; returns the callback's URL object.
  async shopifyAuthorize(installUrl) {
    const url = new URL(installUrl);
    url.searchParams.set('sim_decision', 'approve');
    const res = await fetch(url, { redirect: 'manual' });
    if (res.status !== 302) throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
    return new URL(res.headers.get('location'));
  }

  // POST on the Admin GraphQL API; returns {status, body}.
  async shopifyGraphql(shop, token, query, variables = {}) {
    const res = await fetch(`${this.shopifyBase(shop)}/admin/api/${SHOPIFY.version}/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: await res.json() };
  }

  // Google's authorize dialog with an automatic decision; returns the redirect's URL object.
  async googleAuthorize({ redirectUri = 'http://127.0.0.1/callback', state = 'state-1', decision = 'approve',
    accessType = 'offline', prompt = 'consent', extra = {} } = {}) {
    const q = new URLSearchParams({ client_id: GOOGLE.clientId, redirect_uri: redirectUri, response_type: 'code',
      scope: GOOGLE.scope, access_type: accessType, prompt, state, sim_decision: decision, ...extra });
    const res = await fetch(`${this.googleAuthBase}/o/oauth2/v2/auth?${q}`, { redirect: 'manual' });
    if (res.status !== 302) throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
    return new URL(res.headers.get('location'));
  }

  // Posts a form to Google's token endpoint; returns {status, body}.
  async googleToken(form) {
    const res = await fetch(this.googleTokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: GOOGLE.clientId, client_secret: GOOGLE.clientSecret, ...form }),
    });
    return { status: res.status, body: await res.json() };
  }

  // The whole Google flow: consent, code exchange; returns the token response.
  async googleConnect(opts = {}) {
    const redirectUri = opts.redirectUri ?? 'http://127.0.0.1/callback';
    const back = await this.googleAuthorize({ ...opts, redirectUri });
    const { status, body } = await this.googleToken({ grant_type: 'authorization_code', code: back.searchParams.get('code'), redirect_uri: redirectUri });
    if (status !== 200) throw new Error(`code exchange failed: ${JSON.stringify(body)}`);
    return body;
  }

  async metaLogin({ redirectUri = 'http://127.0.0.1/meta-callback', state = 'state-1', decision = 'approve' } = {}) {
    const q = new URLSearchParams({ client_id: META.appId, redirect_uri: redirectUri, state, scope: META.scope,
      response_type: 'code', sim_decision: decision });
    const res = await fetch(`${this.metaDialogBase}/${META.version}/dialog/oauth?${q}`, { redirect: 'manual' });
    if (res.status !== 302) throw new Error(`login dialog answered ${res.status}: ${await res.text()}`);
    return new URL(res.headers.get('location'));
  }

  // Login, code exchange and long-lived exchange; returns the long-lived token response.
  async metaConnect(opts = {}) {
    const redirectUri = opts.redirectUri ?? 'http://127.0.0.1/meta-callback';
    const back = await this.metaLogin({ ...opts, redirectUri });
    const short = await this.graph('oauth/access_token', { client_id: META.appId, client_secret: META.appSecret,
      redirect_uri: redirectUri, code: back.searchParams.get('code') });
    if (short.status !== 200) throw new Error(`code exchange failed: ${JSON.stringify(short.body)}`);
    const long = await this.graph('oauth/access_token', { grant_type: 'fb_exchange_token', client_id: META.appId,
      client_secret: META.appSecret, fb_exchange_token: short.body.access_token });
    return long.body;
  }

  // GET on the Graph API; returns {status, headers, body}.
  async graph(path, params = {}) {
    const res = await fetch(`${this.metaGraphBase}/${META.version}/${path}?${new URLSearchParams(params)}`);
    return { status: res.status, headers: res.headers, body: await res.json() };
  }

  // Stops the simulator; throws when its output holds a sanitizer report.
  async stop() {
    hold(this.child);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.child.closed;
    assertNoSanitizerReport('the simulator\'s output', this.stderr());
  }
}
