// The shapes the page works with, all taken from the host's generated client package (@roi/client,
// clients/ts): a procedure whose schema changes changes them, and `tsc` in the build says where.
import type {
  DashboardCampaignsInput, DashboardOverviewOutput, IntegrationsListOutput, IntegrationsPlatformsOutput,
  ReportsListOutput, SubscriptionCurrentOutput, SubscriptionUpgradeInput,
} from '@roi/client';

export type Range = { start: string; end: string };
export type Overview = DashboardOverviewOutput;
export type Metrics = Overview['totals'][number];
export type MetricName = Exclude<keyof NonNullable<Overview['change']>[number], 'currency'>;
export type SortBy = NonNullable<DashboardCampaignsInput['sortBy']>;
export type Platform = IntegrationsPlatformsOutput[number];
export type Integration = IntegrationsListOutput[number];
export type Subscription = SubscriptionCurrentOutput;
export type PaidPlan = SubscriptionUpgradeInput['plan'];
export type Report = ReportsListOutput['items'][number];

// The part of a connector's connect form (a JSON Schema of string fields, as the connector wrote
// it) that the page lays out.
export type JsonSchema = {
  type?: string; title?: string; description?: string; properties?: Record<string, JsonSchema>;
  required?: string[]; enum?: string[]; writeOnly?: boolean; format?: string; pattern?: string;
  minLength?: number; maxLength?: number; default?: string; examples?: string[];
};
