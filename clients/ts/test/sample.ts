// Every procedure called through the stock @trpc/client typed by AppRouter: compiling this file
// proves the generated types accept right calls and infer outputs (tests/integration/
// typed_client.test.mjs also checks that it names every procedure of schema.json). The lines
// marked @ts-expect-error are wrong calls: tsc fails on such a line when it is NOT an error.
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter, ErrorCode, RouterOutputs } from '@roi/client';
import { procedures } from '@roi/client';

const api = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: 'http://127.0.0.1:8080/api/trpc' })] });
const single = createTRPCClient<AppRouter>({ links: [httpLink({ url: '/api/trpc' })] });

export async function everyProcedure(): Promise<void> {
  // system
  const info = await single.system.info.query();
  const abi: number = info.sdkAbiVersion;
  const ids: string[] = (await api.system.connectors.query()).map((c) => c.id);
  const connector = await api.system.connector.query({ id: 'meta' });
  const capability: 'ads' | 'orders' | 'billing' | 'webhooks' | undefined = connector.capabilities[0];
  const schema = await api.system.schema.query();
  const paths: string[] = schema.procedures.map((p) => p.path);
  const openapi = await api.system.openapi.query();
  const version: '3.1.0' = openapi.openapi;

  // auth
  const session = await api.auth.register.mutate({ email: 'a@example.com', password: 'long enough password', name: null });
  const token: string = session.token;
  const expires: number = session.expiresAt;
  await api.auth.login.mutate({ email: 'a@example.com', password: 'long enough password' });
  const me = await api.auth.me.query();
  const plan: 'free' | 'starter' | 'pro' | 'agency' = me.plan;
  const name: string | null = me.user.name;
  await api.auth.updateProfile.mutate({ timeZone: 'Europe/Paris' });
  await api.auth.updateProfile.mutate({});
  const loggedOut: true = (await api.auth.logout.mutate()).success;

  // subscription
  const current = await api.subscription.current.query();
  const reports: number | null = current.limits.reportsPerMonth;
  const checkout = await api.subscription.upgrade.mutate({ plan: 'pro' });
  const url: string|null = checkout.url;  // null when a paying user's plan changed in place
  const cancelled: boolean = (await api.subscription.cancel.mutate()).cancelAtPeriodEnd;

  // integrations
  const platforms = await api.integrations.platforms.query();
  const method: 'oauth2' | 'form' | undefined = platforms[0]?.connect.method;
  const list = await api.integrations.list.query();
  const status: 'active' | 'needs_reauth' | 'error' | 'disconnected' | undefined = list[0]?.status;
  const percent: number | null | undefined = list[0]?.sync?.percent;
  const connected = await api.integrations.connect.mutate({ platform: 'google-ads' });
  if (connected.method === 'oauth2') {
    const authorize: string = connected.authorizeUrl;
  } else {
    const accounts: number = connected.integrations.length;
  }
  await api.integrations.connect.mutate({ platform: 'shopify', params: { shop: 'demo.myshopify.com' } });
  const google: string = (await api.integrations.connectGoogleAds.mutate()).authorizeUrl;
  const meta: 'meta' = (await api.integrations.connectMeta.mutate({})).platform;
  const shop: string | undefined = (await api.integrations.connectShopify.mutate({ shop: 'demo.myshopify.com' })).shop;
  const example: string = (await api.integrations.connectExample.mutate()).authorizeUrl;
  const job = await api.integrations.sync.mutate({ integrationId: 1 });
  const jobId: number = job.jobId;
  const kept: boolean = (await api.integrations.disconnect.mutate({ integrationId: 1, keepData: false })).dataKept;

  // dashboard
  const overview = await api.dashboard.overview.query({ start: '2026-01-01', end: '2026-01-31', compare: true });
  const spend: string | undefined = overview.totals[0]?.spendMicros;
  const change: number | null | undefined = overview.change?.[0]?.roas;
  const campaigns = await api.dashboard.campaigns.query({
    start: '2026-01-01', end: '2026-01-31', sortBy: 'roas', sortDir: 'asc', limit: 20,
  });
  const next: string | null = campaigns.nextCursor;
  const trends = await api.dashboard.trends.query({
    start: '2026-01-01', end: '2026-01-31', granularity: 'week', metrics: ['spend', 'roas'],
  });
  const clicks: number | undefined = trends.series[0]?.points[0]?.clicks;

  // reports
  const report = await api.reports.generate.mutate({ name: 'January', start: '2026-01-01', end: '2026-01-31' });
  const reportStatus: 'queued' | 'running' | 'ready' | 'failed' = report.status;
  const page = await api.reports.list.query({ limit: 10 });
  const cursor: number | null = page.nextCursor;
  await api.reports.list.query();
  const link: string = (await api.reports.getPdf.query({ id: report.id })).url;
  const deleted: true = (await api.reports.delete.mutate({ id: report.id })).deleted;

  // Errors carry the host's codes and the field at fault.
  try {
    await api.auth.login.mutate({ email: 'a@example.com', password: 'x' });
  } catch (e) {
    if (e instanceof TRPCClientError) {
      const code: ErrorCode | undefined = (e as TRPCClientError<AppRouter>).data?.code;
      const field: string | undefined = (e as TRPCClientError<AppRouter>).data?.field;
    }
  }
  const outputs: RouterOutputs['dashboard']['overview']['start'] = overview.start;
  const kind: 'query' | 'mutation' = procedures['dashboard.overview'].type;

  void [abi, ids, capability, paths, version, token, expires, plan, name, loggedOut, reports, url,
    cancelled, method, status, percent, google, meta, shop, example, jobId, kept, spend, change,
    next, clicks, reportStatus, cursor, link, deleted, outputs, kind];
}

// Wrong calls: each must fail to compile.
export async function wrongCalls(): Promise<void> {
  // @ts-expect-error a missing required field (password)
  await api.auth.login.mutate({ email: 'a@example.com' });
  // @ts-expect-error a field of the wrong type
  await api.integrations.sync.mutate({ integrationId: '1' });
  // @ts-expect-error a value outside the enum
  await api.subscription.upgrade.mutate({ plan: 'platinum' });
  // @ts-expect-error a field the procedure does not take
  await api.reports.delete.mutate({ id: 1, force: true });
  // @ts-expect-error a required input left out
  await api.dashboard.overview.query();
  // @ts-expect-error input to a procedure that takes none
  await api.auth.me.query({ id: 1 });
  // @ts-expect-error an unknown procedure
  await api.dashboard.revenue.query({ start: '2026-01-01', end: '2026-01-31' });
  // @ts-expect-error an unknown router
  await api.billing.current.query();
  // @ts-expect-error a query called as a mutation
  await api.auth.me.mutate();
  // @ts-expect-error an output read as the wrong type
  const wrongType: string = (await api.system.info.query()).sdkAbiVersion;
  // @ts-expect-error an output field that does not exist
  const missing = (await api.auth.me.query()).user.password;
  // @ts-expect-error a form field of the wrong type (the connector's own schema)
  await api.integrations.connectShopify.mutate({ shop: 42 });
  void [wrongType, missing];
}
