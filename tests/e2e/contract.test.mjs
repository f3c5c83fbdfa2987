// The API's contract as the host publishes it, with every in-tree connector loaded as under
// `make run`: system.schema declares an output schema for every procedure (each one a valid JSON
// Schema), system.openapi is a valid OpenAPI 3.1 document of the same procedures, and the typed
// client package in clients/ts is exactly what clients/ts/generate.mjs makes of this contract.
// To regenerate it after changing a schema: ROI_UPDATE_CLIENT=1 scripts/test -R e2e.contract
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';

import { generate } from '../../clients/ts/generate.mjs';
import { connectorStack } from '../support/e2e.mjs';
import { Simulator, STRIPE } from '../support/simulator.mjs';
import { rejectsWith, trpcClient } from '../support/trpc.mjs';

const CLIENT = path.join(process.env.ROI_REPO, 'clients/ts');
let sim;
let stack;
let doc;

before(async () => {
  sim = await Simulator.start();
  stack = connectorStack('contract', sim, {
    connectors: ['google-ads', 'meta', 'shopify', 'stripe', 'example'],
    env: { ROI_CONNECTOR_STRIPE_SECRET_KEY: STRIPE.secretKey, ROI_CONNECTOR_STRIPE_API_BASE: sim.stripeBase },
  });
  await stack.start();
  doc = await trpcClient(stack.url).system.schema.query();
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

test('every procedure declares its output, as a JSON Schema strict Ajv compiles', () => {
  const ajv = new Ajv2020({ allowUnionTypes: true });
  ajv.compile(doc.error);
  const paths = doc.procedures.map((p) => p.path);
  assert.deepEqual(paths, [...paths].sort(), 'procedures by path');
  for (const p of doc.procedures) {
    assert.ok(Object.keys(p.output).length > 0, `${p.path} declares no output`);
    assert.doesNotThrow(() => ajv.compile(p.output), `${p.path}'s output schema`);
    assert.ok(p.errors.includes('INTERNAL_SERVER_ERROR'), p.path);
    assert.equal(p.errors.includes('UNAUTHORIZED'), p.requiresSession || p.path === 'auth.login', p.path);
  }
  const byPath = Object.fromEntries(doc.procedures.map((p) => [p.path, p]));
  assert.equal(byPath['auth.me'].type, 'query');
  assert.equal(byPath['auth.me'].requiresSession, true);
  assert.equal(byPath['auth.me'].input, null);
  assert.equal(byPath['integrations.platforms'].requiresSession, false);
  assert.ok(byPath['reports.getPdf'].errors.includes('CONFLICT'));
  // The connect aliases follow the loaded connectors, each with its connector's own form.
  for (const alias of ['connectGoogleAds', 'connectMeta', 'connectShopify', 'connectExample']) {
    assert.ok(byPath[`integrations.${alias}`], alias);
  }
  assert.equal(byPath['integrations.connectStripe'], undefined, 'Stripe has no accounts to connect');
  const shopify = byPath['integrations.connectShopify'];
  assert.deepEqual(shopify.input.required, ['shop']);
  assert.deepEqual(Object.keys(shopify.output.properties), ['platform', 'authorizeUrl', 'shop']);
  assert.equal(shopify.output.properties.platform.const, 'shopify');
});

test('system.openapi is a valid OpenAPI 3.1 document of the same procedures', async () => {
  const openapi = await trpcClient(stack.url).system.openapi.query();
  assert.equal(openapi.openapi, '3.1.0');
  await SwaggerParser.validate(structuredClone(openapi));
  for (const p of doc.procedures) {
    const item = openapi.paths[`/api/trpc/${p.path}`];
    assert.ok(item, p.path);
    const op = item[p.type === 'query' ? 'get' : 'post'];
    assert.ok(op, `${p.path} as ${p.type}`);
    assert.deepEqual(op.responses['200'].content['application/json'].schema.properties.result.properties.data, p.output);
    assert.equal(Boolean(op.security), p.requiresSession, p.path);
  }
  assert.equal(Object.keys(openapi.paths).length, doc.procedures.length);
});

test('the committed client package is what this contract generates', () => {
  const files = generate(doc);
  if (process.env.ROI_UPDATE_CLIENT) {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(CLIENT, name), text);
  }
  for (const [name, text] of Object.entries(files)) {
    const committed = fs.existsSync(path.join(CLIENT, name)) ? fs.readFileSync(path.join(CLIENT, name), 'utf8') : '';
    assert.ok(committed === text,
      `clients/ts/${name} differs from what the host's contract generates: run ROI_UPDATE_CLIENT=1 scripts/test -R e2e.contract and commit it`);
  }
});

// A stand-in host publishing the real contract but answering `answers` (path -> [status, body]):
// what the tests' client does when the code drifts from its schemas.
async function drifted(answers) {
  const server = http.createServer((req, res) => {
    const p = new URL(req.url, 'http://x').pathname.replace('/api/trpc/', '');
    const [status, body] = p === 'system.schema' ? [200, { result: { data: doc } }] : answers[p];
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

test('an answer that breaks the contract fails the call that got it', async () => {
  const info = await trpcClient(stack.url).system.info.query();
  const host = await drifted({
    'system.info': [200, { result: { data: { ...info, sdkAbiVersion: String(info.sdkAbiVersion) } } }],
    'system.connectors': [200, { result: { data: [{ ...info.connectors[0], extra: 1 }] } }],
    'auth.me': [404, { error: { message: 'x', code: -32004, data: { code: 'NOT_FOUND', httpStatus: 404 } } }],
    'system.connector': [404, { error: { message: 'x', code: -32004, data: { code: 'NOT_FOUND', httpStatus: 404 } } }],
  });
  try {
    const api = trpcClient(host.url);
    await assert.rejects(api.system.info.query(), /output of system.info breaks its schema: \/sdkAbiVersion must be integer/);
    await assert.rejects(api.system.connectors.query(), /must NOT have additional properties/);
    await assert.rejects(api.auth.me.query(), /auth.me answered NOT_FOUND, which it does not declare/);
    await rejectsWith(api.system.connector.query({ id: 'meta' }), 'NOT_FOUND');  // declared: passes
  } finally {
    host.close();
  }
});
