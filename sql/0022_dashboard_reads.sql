-- The dashboard's reads with attribution (sql/0019_attribution.sql), shaped to cost what they did
-- before it (docs/BENCHMARKS.md, Attribution): the same answers, less work per read.

-- The attributed rows are aggregated once (per period, platform, store platform and currency),
-- and each group then gives two rows: its attributed revenue and orders under the platform, and
-- the revenue a campaign explains subtracted under the store's platform. 0019 aggregated every
-- row twice (each unpivoted first, then grouped), about twice the work for the same sums. A
-- platform may so come more than once; callers add its rows up, as before.
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
         0::bigint, 0::bigint, sum(d.store_revenue_micros)::bigint
    FROM dashboard_daily d
   WHERE d.user_id = p_user AND d.date BETWEEN p_from AND p_end
   GROUP BY 1, 2, 3
  UNION ALL
  SELECT g.previous, v.platform, g.currency, 0::bigint, 0::bigint, 0::bigint, 0::bigint,
         0::bigint, 0::bigint, v.attributed, v.orders, v.explained
    FROM (SELECT (a.date < p_start)::int AS previous, a.platform, a.store_platform, a.currency,
                 sum(a.revenue_micros)::bigint AS attributed, sum(a.orders)::bigint AS orders,
                 coalesce(sum(a.revenue_micros) FILTER (WHERE a.campaign_id IS NOT NULL),
                          0)::bigint AS explained
            FROM dashboard_attributed_daily a
           WHERE a.user_id = p_user AND a.date BETWEEN p_from AND p_end
           GROUP BY 1, 2, 3, 4) AS g
         CROSS JOIN LATERAL (VALUES (g.platform, g.attributed, g.orders, 0::bigint),
                                    (g.store_platform, 0::bigint, 0::bigint, -g.explained))
           AS v(platform, attributed, orders, explained);
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
         0::bigint, 0::bigint, sum(d.store_revenue_micros)::bigint
    FROM dashboard_daily d
   WHERE d.user_id = p_user AND d.date BETWEEN p_start AND p_end
   GROUP BY d.date, d.platform, d.currency
  UNION ALL
  SELECT g.day, v.platform, g.currency, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint,
         0::bigint, v.attributed, v.orders, v.explained
    FROM (SELECT a.date - DATE '1970-01-01' AS day, a.platform, a.store_platform, a.currency,
                 sum(a.revenue_micros)::bigint AS attributed, sum(a.orders)::bigint AS orders,
                 coalesce(sum(a.revenue_micros) FILTER (WHERE a.campaign_id IS NOT NULL),
                          0)::bigint AS explained
            FROM dashboard_attributed_daily a
           WHERE a.user_id = p_user AND a.date BETWEEN p_start AND p_end
           GROUP BY a.date, a.platform, a.store_platform, a.currency) AS g
         CROSS JOIN LATERAL (VALUES (g.platform, g.attributed, g.orders, 0::bigint),
                                    (g.store_platform, 0::bigint, 0::bigint, -g.explained))
           AS v(platform, attributed, orders, explained);
END $$;

-- The campaign listing with each campaign's account name, and a currency filter ('' = any). The
-- host joined the function's rows to campaigns and integrations for the name; the planner, which
-- cannot see how few rows a function returns (it assumes 1,000), read both tables whole and
-- hashed them on every read: ~7 times the work of the listing itself on the benchmark's data.
-- Here the name comes from the integration row the listing already reads.
DROP FUNCTION dashboard_campaign_sums(bigint, date, date, date, date, date, date, text, text, text);
CREATE FUNCTION dashboard_campaign_sums(p_user bigint, p_head_start date, p_head_end date,
                                        p_tail_start date, p_tail_end date,
                                        p_month_start date, p_month_end date,
                                        p_platform text, p_status text, p_search text,
                                        p_currency text)
RETURNS TABLE (id bigint, name text, platform text, status text, currency char(3),
               spend bigint, revenue bigint, impressions bigint, clicks bigint,
               conversions bigint, attributed_revenue bigint, attributed_orders bigint,
               account text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  -- The range the parts cover: an empty part has end < start. A month part ends on the first
  -- day of its last month.
  v_start date := least(CASE WHEN p_head_end >= p_head_start THEN p_head_start END,
                        CASE WHEN p_month_end >= p_month_start THEN p_month_start END,
                        CASE WHEN p_tail_end >= p_tail_start THEN p_tail_start END);
  v_end   date := greatest(CASE WHEN p_head_end >= p_head_start THEN p_head_end END,
                           CASE WHEN p_month_end >= p_month_start
                                THEN (p_month_end + interval '1 month' - interval '1 day')::date END,
                           CASE WHEN p_tail_end >= p_tail_start THEN p_tail_end END);
BEGIN
  RETURN QUERY
  SELECT c.id, c.name, c.platform, c.status, c.currency, s.spend, s.revenue, s.impressions,
         s.clicks, s.conversions, coalesce(t.revenue, 0)::bigint, coalesce(t.orders, 0)::bigint,
         coalesce(i.account_name, i.account_id)
    FROM integrations i JOIN campaigns c ON c.integration_id = i.id
         CROSS JOIN LATERAL (
           SELECT coalesce(sum(p.spend_micros), 0)::bigint AS spend,
                  coalesce(sum(p.revenue_micros), 0)::bigint AS revenue,
                  coalesce(sum(p.impressions), 0)::bigint AS impressions,
                  coalesce(sum(p.clicks), 0)::bigint AS clicks,
                  coalesce(sum(p.conversions_milli), 0)::bigint AS conversions
             FROM (
               SELECT m.spend_micros, m.revenue_micros, m.impressions, m.clicks, m.conversions_milli
                 FROM daily_metrics m
                WHERE m.campaign_id = c.id AND m.date BETWEEN p_head_start AND p_head_end
               UNION ALL
               SELECT m.spend_micros, m.revenue_micros, m.impressions, m.clicks, m.conversions_milli
                 FROM daily_metrics m
                WHERE m.campaign_id = c.id AND m.date BETWEEN p_tail_start AND p_tail_end
               UNION ALL
               SELECT cm.spend_micros, cm.revenue_micros, cm.impressions, cm.clicks,
                      cm.conversions_milli
                 FROM dashboard_campaign_monthly cm
                WHERE cm.campaign_id = c.id AND cm.month BETWEEN p_month_start AND p_month_end
             ) AS p
         ) AS s
         LEFT JOIN (
           SELECT a.campaign_id, a.currency, sum(a.revenue_micros) AS revenue,
                  sum(a.orders) AS orders
             FROM dashboard_attributed_daily a
            WHERE a.user_id = p_user AND a.date BETWEEN v_start AND v_end
              AND a.campaign_id IS NOT NULL
            GROUP BY a.campaign_id, a.currency
         ) AS t ON t.campaign_id = c.id AND t.currency = c.currency
   WHERE i.user_id = p_user
     AND (p_platform = '' OR c.platform = p_platform)
     AND (p_status = '' OR c.status = p_status)
     AND (p_currency = '' OR c.currency = p_currency)
     AND (p_search = '' OR strpos(lower(c.name), lower(p_search)) > 0);
END $$;
