// The in-tree Google Ads, Meta and Shopify connectors pointed at a running simulator: the environment a
// host (or the connector probe) needs, and a runner for tests/tools/roi-connector-probe.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { GOOGLE, META, SHOPIFY } from './simulator.mjs';

const run = promisify(execFile);
const BUILD = process.env.ROI_BUILD_DIR;
export const CONNECTORS_DIR = BUILD ? path.join(BUILD, 'connectors') : undefined;
const LIBRARIES = {
  'google-ads': 'google_ads.so', meta: 'meta.so', shopify: 'shopify.so', stripe: 'stripe_connector.so',
  example: 'example_connector.so',
};

// Copies the in-tree libraries of the connectors `ids` into a plugins folder.
export function installConnectors(pluginsDir, ids) {
  fs.mkdirSync(pluginsDir, { recursive: true });
  for (const id of ids) fs.copyFileSync(path.join(CONNECTORS_DIR, LIBRARIES[id]), path.join(pluginsDir, LIBRARIES[id]));
}

// App credentials under the spec's names; base URLs as connector settings.
export function connectorEnv(sim) {
  return {
    GOOGLE_ADS_CLIENT_ID: GOOGLE.clientId,
    GOOGLE_ADS_CLIENT_SECRET: GOOGLE.clientSecret,
    GOOGLE_ADS_DEVELOPER_TOKEN: GOOGLE.developerToken,
    ROI_CONNECTOR_GOOGLE_ADS_AUTHORIZE_URL: `${sim.googleAuthBase}/o/oauth2/v2/auth`,
    ROI_CONNECTOR_GOOGLE_ADS_TOKEN_URL: sim.googleTokenUrl,
    ROI_CONNECTOR_GOOGLE_ADS_API_BASE_URL: sim.googleAdsBase,
    ROI_CONNECTOR_GOOGLE_ADS_API_VERSION: GOOGLE.version,
    META_APP_ID: META.appId,
    META_APP_SECRET: META.appSecret,
    ROI_CONNECTOR_META_DIALOG_BASE_URL: sim.metaDialogBase,
    ROI_CONNECTOR_META_GRAPH_BASE_URL: sim.metaGraphBase,
    ROI_CONNECTOR_META_API_VERSION: META.version,
    SHOPIFY_API_KEY: SHOPIFY.apiKey,
    SHOPIFY_API_SECRET: SHOPIFY.apiSecret,
    ROI_CONNECTOR_SHOPIFY_SHOP_BASE_URL: `${sim.url}/{shop}`,
    ROI_CONNECTOR_SHOPIFY_API_VERSION: SHOPIFY.version,
  };
}

// Runs one connector operation through the host's plugin loader; resolves to the probe's JSON.
export async function probe(sim, connector, operation, input, extraEnv = {}) {
  const bin = path.join(BUILD, 'tests/tools/roi-connector-probe');
  const { stdout } = await run(bin, [CONNECTORS_DIR, connector, operation, JSON.stringify(input)], {
    env: { PATH: process.env.PATH, ...connectorEnv(sim), ...extraEnv },
  });
  return JSON.parse(stdout);
}
