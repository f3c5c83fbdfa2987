-- The overview's and trends' attributed figures carried in the rollup they already read. Since
-- 0019 they came from a second range scan (of dashboard_attributed_daily) and a second
-- aggregation, which kept the uncached overview at 1.2-1.4x its CPU before attribution
-- (docs/BENCHMARKS.md). Now one scan of dashboard_daily answers every column.
--
-- A store integration's rows are now keyed by platform too: its own row per day and currency
-- (the store's revenue and orders, and the part of that revenue no campaign explains), and one
-- row per platform its orders were attributed to (their orders and net revenue). Ad
-- integrations' rows are as before; dashboard_attributed_daily keeps the per-campaign sums the
-- campaign listing reads.

ALTER TABLE dashboard_daily
  ADD COLUMN attributed_revenue_micros  bigint NOT NULL DEFAULT 0,
  ADD COLUMN attributed_orders          bigint NOT NULL DEFAULT 0,
  ADD COLUMN unexplained_revenue_micros bigint NOT NULL DEFAULT 0,
  DROP CONSTRAINT dashboard_daily_pkey;

-- The existing rows, from what 0019's reads computed: a store's revenue less what a campaign
-- explains, and the attributed sums under their platforms.
UPDATE dashboard_daily SET unexplained_revenue_micros = store_revenue_micros
 WHERE store_revenue_micros <> 0;
UPDATE dashboard_daily d
   SET unexplained_revenue_micros = d.unexplained_revenue_micros - e.explained
  FROM (SELECT integration_id, date, currency, sum(revenue_micros) AS explained
          FROM dashboard_attributed_daily
         WHERE campaign_id IS NOT NULL
         GROUP BY integration_id, date, currency) AS e
 WHERE d.integration_id = e.integration_id AND d.date = e.date AND d.currency = e.currency;

ALTER TABLE dashboard_daily
  ADD CONSTRAINT dashboard_daily_pkey PRIMARY KEY (user_id, date, integration_id, currency, platform)
    INCLUDE (spend_micros, revenue_micros, store_revenue_micros, impressions, clicks,
             conversions_milli, attributed_revenue_micros, attributed_orders,
             unexplained_revenue_micros);

INSERT INTO dashboard_daily (user_id, date, integration_id, currency, platform, spend_micros,
                             impressions, clicks, conversions_milli, revenue_micros,
                             store_revenue_micros, orders, attributed_revenue_micros,
                             attributed_orders)
SELECT user_id, date, integration_id, currency, platform, 0, 0, 0, 0, 0, 0, 0,
       sum(revenue_micros), sum(orders)
  FROM dashboard_attributed_daily
 GROUP BY user_id, date, integration_id, currency, platform
    ON CONFLICT (user_id, date, integration_id, currency, platform) DO UPDATE
   SET attributed_revenue_micros = EXCLUDED.attributed_revenue_micros,
       attributed_orders = EXCLUDED.attributed_orders;

-- dashboard_refresh (sql/0019_attribution.sql), the same contract and window; the store's rows
-- now carry its attributed sums. An order adds its net revenue to the store's row (to the
-- unexplained part too unless a campaign took it) and, when attributed, to its platform's row.
CREATE OR REPLACE FUNCTION dashboard_refresh(p_integration bigint, p_from date, p_to date)
RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  v_user     bigint;
  v_platform text;
  v_tz       text;
BEGIN
  SELECT i.user_id, i.platform, u.time_zone INTO v_user, v_platform, v_tz
    FROM integrations i JOIN users u ON u.id = i.user_id
   WHERE i.id = p_integration;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  DELETE FROM dashboard_daily
   WHERE integration_id = p_integration AND date BETWEEN p_from AND p_to;
  INSERT INTO dashboard_daily (user_id, date, integration_id, currency, platform, spend_micros,
                               impressions, clicks, conversions_milli, revenue_micros,
                               store_revenue_micros, orders, attributed_revenue_micros,
                               attributed_orders, unexplained_revenue_micros)
  SELECT v_user, day, p_integration, currency, platform, sum(spend), sum(impressions),
         sum(clicks), sum(conversions), sum(revenue), sum(store_revenue), sum(orders),
         sum(attributed), sum(attributed_orders), sum(unexplained)
    FROM (
      SELECT m.date AS day, c.currency, v_platform AS platform, m.spend_micros AS spend,
             m.impressions, m.clicks, m.conversions_milli AS conversions,
             m.revenue_micros AS revenue, 0::bigint AS store_revenue, 0::bigint AS orders,
             0::bigint AS attributed, 0::bigint AS attributed_orders, 0::bigint AS unexplained
        FROM campaigns c JOIN daily_metrics m ON m.campaign_id = c.id
       WHERE c.integration_id = p_integration AND m.date BETWEEN p_from AND p_to
      UNION ALL
      SELECT (o.ordered_at AT TIME ZONE v_tz)::date, o.currency, v.platform, 0, 0, 0, 0, 0,
             v.store_revenue, v.orders, v.attributed, v.attributed_orders, v.unexplained
        FROM orders o
             CROSS JOIN LATERAL (
               VALUES (v_platform, o.net_micros, 1::bigint, 0::bigint, 0::bigint,
                       CASE WHEN o.attributed_campaign_id IS NULL THEN o.net_micros
                            ELSE 0 END),
                      (o.attributed_platform, 0::bigint, 0::bigint, o.net_micros, 1::bigint,
                       0::bigint))
               AS v(platform, store_revenue, orders, attributed, attributed_orders, unexplained)
       WHERE o.integration_id = p_integration
         AND o.ordered_at >= (p_from::timestamp AT TIME ZONE v_tz)
         AND o.ordered_at < ((p_to + 1)::timestamp AT TIME ZONE v_tz)
         AND v.platform IS NOT NULL
    ) AS raw
   GROUP BY day, currency, platform;
  DELETE FROM dashboard_attributed_daily
   WHERE integration_id = p_integration AND date BETWEEN p_from AND p_to;
  INSERT INTO dashboard_attributed_daily (user_id, date, integration_id, store_platform,
                                          platform, campaign_id, currency, orders,
                                          revenue_micros)
  SELECT v_user, (o.ordered_at AT TIME ZONE v_tz)::date, p_integration, v_platform,
         o.attributed_platform, o.attributed_campaign_id, o.currency, count(*), sum(o.net_micros)
    FROM orders o
   WHERE o.integration_id = p_integration AND o.attributed_platform IS NOT NULL
     AND o.ordered_at >= (p_from::timestamp AT TIME ZONE v_tz)
     AND o.ordered_at < ((p_to + 1)::timestamp AT TIME ZONE v_tz)
   GROUP BY 2, 5, 6, 7;
  -- Whole months around the window, because a month row sums every day of its month.
  DELETE FROM dashboard_campaign_monthly cm
   USING campaigns c
   WHERE c.integration_id = p_integration AND cm.campaign_id = c.id
     AND cm.month BETWEEN date_trunc('month', p_from)::date AND p_to;
  INSERT INTO dashboard_campaign_monthly (campaign_id, month, spend_micros, impressions, clicks,
                                          conversions_milli, revenue_micros)
  SELECT c.id, date_trunc('month', m.date)::date, sum(m.spend_micros), sum(m.impressions),
         sum(m.clicks), sum(m.conversions_milli), sum(m.revenue_micros)
    FROM campaigns c JOIN daily_metrics m ON m.campaign_id = c.id
   WHERE c.integration_id = p_integration
     AND m.date >= date_trunc('month', p_from)::date
     AND m.date < (date_trunc('month', p_to) + interval '1 month')::date
   GROUP BY c.id, date_trunc('month', m.date);
  UPDATE users SET data_version = data_version + 1 WHERE id = v_user;
END $$;

-- The reads (sql/0022_dashboard_reads.sql): one index-only range scan and one aggregation, as
-- before attribution. Each platform comes once per period (or day) and currency.
CREATE OR REPLACE FUNCTION dashboard_totals(p_user bigint, p_from date, p_start date, p_end date)
RETURNS TABLE (previous int, platform text, currency char(3), spend bigint, revenue bigint,
               store_revenue bigint, impressions bigint, clicks bigint, conversions bigint,
               attributed_revenue bigint, attributed_orders bigint, unexplained_revenue bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  SELECT (d.date < p_start)::int, d.platform, d.currency, sum(d.spend_micros)::bigint,
         sum(d.revenue_micros)::bigint, sum(d.store_revenue_micros)::bigint,
         sum(d.impressions)::bigint, sum(d.clicks)::bigint, sum(d.conversions_milli)::bigint,
         sum(d.attributed_revenue_micros)::bigint, sum(d.attributed_orders)::bigint,
         sum(d.unexplained_revenue_micros)::bigint
    FROM dashboard_daily d
   WHERE d.user_id = p_user AND d.date BETWEEN p_from AND p_end
   GROUP BY 1, 2, 3;
END $$;

CREATE OR REPLACE FUNCTION dashboard_days(p_user bigint, p_start date, p_end date)
RETURNS TABLE (day int, platform text, currency char(3), spend bigint, revenue bigint,
               store_revenue bigint, impressions bigint, clicks bigint, conversions bigint,
               attributed_revenue bigint, attributed_orders bigint, unexplained_revenue bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  SELECT d.date - DATE '1970-01-01', d.platform, d.currency, sum(d.spend_micros)::bigint,
         sum(d.revenue_micros)::bigint, sum(d.store_revenue_micros)::bigint,
         sum(d.impressions)::bigint, sum(d.clicks)::bigint, sum(d.conversions_milli)::bigint,
         sum(d.attributed_revenue_micros)::bigint, sum(d.attributed_orders)::bigint,
         sum(d.unexplained_revenue_micros)::bigint
    FROM dashboard_daily d
   WHERE d.user_id = p_user AND d.date BETWEEN p_start AND p_end
   GROUP BY d.date, d.platform, d.currency;
END $$;
