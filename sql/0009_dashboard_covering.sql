-- The dashboard's reads answered from indexes alone (index-only scans): a user's rollup rows and
-- a campaign's daily rows lie scattered over the heap, one page each, because syncs write many
-- users and campaigns at once. Carrying the summed columns in the primary keys turns ~180 page
-- visits of a two-month overview into ~10 (docs/BENCHMARKS.md), with no extra index to maintain.

ALTER TABLE dashboard_daily
  DROP CONSTRAINT dashboard_daily_pkey,
  ADD CONSTRAINT dashboard_daily_pkey PRIMARY KEY (user_id, date, integration_id, currency)
    INCLUDE (platform, spend_micros, revenue_micros, store_revenue_micros, impressions, clicks,
             conversions_milli);

ALTER TABLE daily_metrics
  DROP CONSTRAINT daily_metrics_pkey,
  ADD CONSTRAINT daily_metrics_pkey PRIMARY KEY (campaign_id, date)
    INCLUDE (spend_micros, revenue_micros, impressions, clicks, conversions_milli);

ALTER TABLE dashboard_campaign_monthly
  DROP CONSTRAINT dashboard_campaign_monthly_pkey,
  ADD CONSTRAINT dashboard_campaign_monthly_pkey PRIMARY KEY (campaign_id, month)
    INCLUDE (spend_micros, revenue_micros, impressions, clicks, conversions_milli);
