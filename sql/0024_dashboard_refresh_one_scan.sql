-- dashboard_refresh (sql/0023_dashboard_daily_attributed.sql), the same contract, window and
-- rows, reading a store's orders once. 0023 scanned them twice (once for the store's and
-- platforms' dashboard_daily rows, each order doubled through LATERAL VALUES, and once for
-- dashboard_attributed_daily) and aggregated every order three times. Now one scan groups them
-- by day, currency, platform and campaign; both rollups are sums of those groups, which are few
-- (at most one per campaign a day) however many orders there are.
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
  DELETE FROM dashboard_attributed_daily
   WHERE integration_id = p_integration AND date BETWEEN p_from AND p_to;
  -- Referenced twice, so computed once (a CTE read more than once is materialized).
  WITH sold AS (
    SELECT (o.ordered_at AT TIME ZONE v_tz)::date AS day, o.currency,
           o.attributed_platform AS platform, o.attributed_campaign_id AS campaign_id,
           count(*) AS orders, sum(o.net_micros) AS revenue
      FROM orders o
     WHERE o.integration_id = p_integration
       AND o.ordered_at >= (p_from::timestamp AT TIME ZONE v_tz)
       AND o.ordered_at < ((p_to + 1)::timestamp AT TIME ZONE v_tz)
     GROUP BY 1, 2, 3, 4
  ), per_campaign AS (
    INSERT INTO dashboard_attributed_daily (user_id, date, integration_id, store_platform,
                                            platform, campaign_id, currency, orders,
                                            revenue_micros)
    SELECT v_user, day, p_integration, v_platform, platform, campaign_id, currency, orders, revenue
      FROM sold
     WHERE platform IS NOT NULL
  )
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
      -- The store's own row: every order, and the revenue no campaign took.
      SELECT day, currency, v_platform, 0, 0, 0, 0, 0, revenue, orders, 0, 0,
             CASE WHEN campaign_id IS NULL THEN revenue ELSE 0 END
        FROM sold
      UNION ALL
      -- Each attributed platform's row.
      SELECT day, currency, platform, 0, 0, 0, 0, 0, 0, 0, revenue, orders, 0
        FROM sold
       WHERE platform IS NOT NULL
    ) AS raw
   GROUP BY day, currency, platform;
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
