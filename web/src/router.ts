// The procedures this page calls, as a tRPC router type: input and output of each as the host
// declares them. Types only (the page imports `type AppRouter`), so nothing here is bundled.
import { initTRPC } from '@trpc/server';

const t = initTRPC.create();
const input = <T>() => (value: unknown) => value as T;
const output = <T>() => () => undefined as unknown as T;

type Range = { start: string; end: string };
type Micros = string;

export type User = { id: number; email: string; name: string | null; timeZone: string; createdAt: string };
type Session = { token: string; expiresAt: number; user: User };

export type Metrics = {
  spendMicros: Micros; platformRevenueMicros: Micros; storeRevenueMicros: Micros;
  impressions: number; clicks: number; conversions: number;
  roas: number | null; blendedRoas: number | null; cpa: number | null; ctr: number | null; cpc: number | null;
};
type Period = Range & { totals: (Metrics & { currency: string })[]; platforms: (Metrics & { platform: string; currency: string })[] };
export type MetricName = 'spend' | 'platformRevenue' | 'storeRevenue' | 'impressions' | 'clicks' | 'conversions'
  | 'roas' | 'blendedRoas' | 'cpa' | 'ctr' | 'cpc';
export type Overview = Period & { previous?: Period; change?: ({ currency: string } & Record<MetricName, number | null>)[] };

type TrendPoint = { date: string } & Partial<Metrics>;
type Trends = Range & { granularity: string; timeZone: string; series: { currency: string; points: TrendPoint[] }[] };

export type SortBy = 'name' | 'spend' | 'platformRevenue' | 'impressions' | 'clicks' | 'conversions' | 'roas' | 'cpa' | 'ctr' | 'cpc';
type Campaign = Omit<Metrics, 'storeRevenueMicros' | 'blendedRoas'> & {
  id: number; name: string; platform: string; status: string; currency: string;
};
type CampaignPage = { total: number; items: Campaign[]; nextCursor: string | null };

export type JsonSchema = {
  type?: string; title?: string; description?: string; properties?: Record<string, JsonSchema>;
  required?: string[]; enum?: string[]; writeOnly?: boolean; format?: string; pattern?: string; minLength?: number; maxLength?: number;
  default?: string; examples?: string[];
};
export type Platform = {
  id: string; name: string; version: string; capabilities: string[];
  connect: { method: 'oauth2' | 'form'; schema: JsonSchema | null };
};
export type Integration = {
  id: number; platform: string; accountId: string; accountName: string; currency: string | null;
  status: string; lastSync: string | null; lastError: string | null; needsReauth: boolean;
  sync: { jobId: number; status: string; percent: number | null; rowsRead: number; rowsWritten: number } | null;
  lastRun: { outcome: string; finishedAt: string; rowsRead: number; rowsWritten: number; durationMs: number; error: string | null } | null;
};
type Connected =
  | { method: 'oauth2'; platform: string; authorizeUrl: string }
  | { method: 'form'; platform: string; integrations: Integration[] };

export type PaidPlan = 'starter' | 'pro' | 'agency';
export type Subscription = {
  plan: 'free' | PaidPlan; status: string; currentPeriodEnd: string | null; cancelAtPeriodEnd: boolean;
  limits: { integrations: number | null; syncIntervalMinutes: number | null; reportsPerMonth: number | null };
  usage: { integrations: number; reportsThisMonth: number };
};

export type Report = Range & {
  id: number; name: string; status: 'queued' | 'running' | 'ready' | 'failed'; createdAt: string;
  insightsSource: 'ai' | 'builtin' | null; insights: { kind: string; text: string }[] | null; hasPdf: boolean;
};

const appRouter = t.router({
  auth: t.router({
    login: t.procedure.input(input<{ email: string; password: string }>()).mutation(output<Session>()),
    register: t.procedure.input(input<{ email: string; password: string; name?: string }>()).mutation(output<Session>()),
    logout: t.procedure.mutation(output<{ success: boolean }>()),
    me: t.procedure.query(output<{ user: User; plan: string }>()),
  }),
  dashboard: t.router({
    overview: t.procedure.input(input<Range & { platforms?: string[]; compare?: boolean }>()).query(output<Overview>()),
    trends: t.procedure.input(input<Range & { granularity: 'day' | 'week' | 'month'; metrics: MetricName[]; platform?: string }>())
      .query(output<Trends>()),
    campaigns: t.procedure.input(input<Range & {
      platform?: string; status?: string; search?: string; sortBy?: SortBy; sortDir?: 'asc' | 'desc'; cursor?: string; limit?: number;
    }>()).query(output<CampaignPage>()),
  }),
  integrations: t.router({
    platforms: t.procedure.query(output<Platform[]>()),
    list: t.procedure.query(output<Integration[]>()),
    connect: t.procedure.input(input<{ platform: string; params?: Record<string, string> }>()).mutation(output<Connected>()),
    disconnect: t.procedure.input(input<{ integrationId: number; keepData?: boolean }>())
      .mutation(output<{ disconnected: boolean; dataKept: boolean }>()),
    sync: t.procedure.input(input<{ integrationId: number }>()).mutation(output<{ jobId: number; status: string }>()),
  }),
  subscription: t.router({
    current: t.procedure.query(output<Subscription>()),
    upgrade: t.procedure.input(input<{ plan: PaidPlan }>()).mutation(output<{ url: string; sessionId: string }>()),
    cancel: t.procedure.mutation(output<Subscription>()),
  }),
  reports: t.router({
    generate: t.procedure.input(input<Range & { name: string }>()).mutation(output<Report>()),
    list: t.procedure.input(input<{ limit?: number; cursor?: number } | undefined>())
      .query(output<{ items: Report[]; nextCursor: number | null }>()),
    getPdf: t.procedure.input(input<{ id: number }>()).query(output<{ url: string; expiresInSeconds: number }>()),
  }),
});

export type AppRouter = typeof appRouter;
