-- The dashboard's read model: store orders, the per-integration daily rollup that every dashboard
-- figure except per-campaign rows is read from, and the per-user data version that keys the
-- host's cache. The sync engine maintains them through dashboard_refresh() (docs/ARCHITECTURE.md).

-- One row per store order (Shopify, Stripe), as the store reports it. Revenue is attributed to
-- the day the order was placed, in the user's time zone; a later refund restates that day.
CREATE TABLE orders (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  integration_id  bigint NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  external_id     text NOT NULL,
  ordered_at      timestamptz NOT NULL,
  currency        char(3) NOT NULL,
  gross_micros    bigint NOT NULL CHECK (gross_micros >= 0),
  refunds_micros  bigint NOT NULL DEFAULT 0 CHECK (refunds_micros >= 0),
  net_micros      bigint GENERATED ALWAYS AS (gross_micros - refunds_micros) STORED,
  utm_source      text,
  utm_medium      text,
  utm_campaign    text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (integration_id, external_id)
);
CREATE INDEX orders_integration_time_idx ON orders (integration_id, ordered_at);

-- Sums per user, day, integration and currency. Ad integrations fill the metric columns from
-- daily_metrics, store integrations the store columns from orders. Keyed by integration so that a
-- sync of one integration rewrites only its own rows, never another sync's.
CREATE TABLE dashboard_daily (
  user_id              bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  date                 date NOT NULL,
  integration_id       bigint NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  currency             char(3) NOT NULL,
  platform             text NOT NULL,
  spend_micros         bigint NOT NULL,
  impressions          bigint NOT NULL,
  clicks               bigint NOT NULL,
  conversions_milli    bigint NOT NULL,
  revenue_micros       bigint NOT NULL,
  store_revenue_micros bigint NOT NULL,
  orders               bigint NOT NULL,
  PRIMARY KEY (user_id, date, integration_id, currency)
);
CREATE INDEX dashboard_daily_integration_idx ON dashboard_daily (integration_id, date);

-- Sums per campaign and calendar month, so a campaign listing over a long range reads whole
-- months here and only the partial months at its ends from daily_metrics.
CREATE TABLE dashboard_campaign_monthly (
  campaign_id       bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  month             date NOT NULL CHECK (month = date_trunc('month', month)::date),
  spend_micros      bigint NOT NULL,
  impressions       bigint NOT NULL,
  clicks            bigint NOT NULL,
  conversions_milli bigint NOT NULL,
  revenue_micros    bigint NOT NULL,
  PRIMARY KEY (campaign_id, month)
);

-- Bumped with every change to a user's dashboard data, in the same transaction; the host's
-- cached answers are keyed by it.
ALTER TABLE users ADD COLUMN data_version bigint NOT NULL DEFAULT 0;

-- Campaign listing: a user's campaigns through their integrations.
CREATE INDEX campaigns_integration_idx ON campaigns (integration_id);

-- The maintenance contract: recomputes one integration's rollup rows for the days p_from..p_to
-- (inclusive; report dates for ad metrics, the user's local order dates for orders) from the raw
-- rows, and bumps the owner's data version. Call it in the transaction that wrote the rows.
-- Planned per call: a cached generic plan cannot tell a one-week window from a full rebuild and
-- may pick a full scan of daily_metrics for both.
CREATE FUNCTION dashboard_refresh(p_integration bigint, p_from date, p_to date)
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
                               store_revenue_micros, orders)
  SELECT v_user, day, p_integration, currency, v_platform, sum(spend), sum(impressions),
         sum(clicks), sum(conversions), sum(revenue), sum(store_revenue), sum(orders)
    FROM (
      SELECT m.date AS day, c.currency, m.spend_micros AS spend, m.impressions, m.clicks,
             m.conversions_milli AS conversions, m.revenue_micros AS revenue,
             0::bigint AS store_revenue, 0::bigint AS orders
        FROM campaigns c JOIN daily_metrics m ON m.campaign_id = c.id
       WHERE c.integration_id = p_integration AND m.date BETWEEN p_from AND p_to
      UNION ALL
      SELECT (o.ordered_at AT TIME ZONE v_tz)::date, o.currency, 0, 0, 0, 0, 0, o.net_micros, 1
        FROM orders o
       WHERE o.integration_id = p_integration
         AND o.ordered_at >= (p_from::timestamp AT TIME ZONE v_tz)
         AND o.ordered_at < ((p_to + 1)::timestamp AT TIME ZONE v_tz)
    ) AS raw
   GROUP BY day, currency;
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

-- Rebuilds every rollup row of one user (after a time zone change, or for bulk loads).
CREATE FUNCTION dashboard_rebuild_user(p_user bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_integration bigint;
BEGIN
  DELETE FROM dashboard_daily WHERE user_id = p_user;
  FOR v_integration IN SELECT id FROM integrations WHERE user_id = p_user LOOP
    PERFORM dashboard_refresh(v_integration, '-infinity'::date, 'infinity'::date);
  END LOOP;
  UPDATE users SET data_version = data_version + 1 WHERE id = p_user;
END $$;

-- Orders are bucketed by the user's local day, so a new time zone re-buckets them.
CREATE FUNCTION dashboard_time_zone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_rebuild_user(NEW.id);
  RETURN NULL;
END $$;

CREATE TRIGGER users_time_zone_rebuild
  AFTER UPDATE OF time_zone ON users
  FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone)
  EXECUTE FUNCTION dashboard_time_zone_changed();

-- The dashboard's reads, as functions so that each database session plans them once and reuses
-- the plan (planning a campaign listing costs more than running it). Each is scoped to one user.

-- Sums per platform and currency over p_from..p_end; rows before p_start are flagged previous.
CREATE FUNCTION dashboard_totals(p_user bigint, p_from date, p_start date, p_end date)
RETURNS TABLE (previous int, platform text, currency char(3), spend bigint, revenue bigint,
               store_revenue bigint, impressions bigint, clicks bigint, conversions bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  SELECT (d.date < p_start)::int, d.platform, d.currency, sum(d.spend_micros)::bigint,
         sum(d.revenue_micros)::bigint, sum(d.store_revenue_micros)::bigint,
         sum(d.impressions)::bigint, sum(d.clicks)::bigint, sum(d.conversions_milli)::bigint
    FROM dashboard_daily d
   WHERE d.user_id = p_user AND d.date BETWEEN p_from AND p_end
   GROUP BY 1, 2, 3;
END $$;

-- Sums per day, platform and currency over p_start..p_end.
CREATE FUNCTION dashboard_days(p_user bigint, p_start date, p_end date)
RETURNS TABLE (day int, platform text, currency char(3), spend bigint, revenue bigint,
               store_revenue bigint, impressions bigint, clicks bigint, conversions bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  SELECT d.date - DATE '1970-01-01', d.platform, d.currency, sum(d.spend_micros)::bigint,
         sum(d.revenue_micros)::bigint, sum(d.store_revenue_micros)::bigint,
         sum(d.impressions)::bigint, sum(d.clicks)::bigint, sum(d.conversions_milli)::bigint
    FROM dashboard_daily d
   WHERE d.user_id = p_user AND d.date BETWEEN p_start AND p_end
   GROUP BY d.date, d.platform, d.currency;
END $$;

-- Every campaign of the user matching the filters ('' = any; p_search is a case-insensitive
-- substring of the name) with its sums: whole months p_month_start..p_month_end from the
-- monthly rollup, the days p_head_* and p_tail_* from daily_metrics (an empty part has end <
-- start). Per campaign a LATERAL join, so every part is an index range scan on that campaign.
CREATE FUNCTION dashboard_campaign_sums(p_user bigint, p_head_start date, p_head_end date,
                                        p_tail_start date, p_tail_end date,
                                        p_month_start date, p_month_end date,
                                        p_platform text, p_status text, p_search text)
RETURNS TABLE (id bigint, name text, platform text, status text, currency char(3),
               spend bigint, revenue bigint, impressions bigint, clicks bigint,
               conversions bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  SELECT c.id, c.name, c.platform, c.status, c.currency, s.spend, s.revenue, s.impressions,
         s.clicks, s.conversions
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
   WHERE i.user_id = p_user
     AND (p_platform = '' OR c.platform = p_platform)
     AND (p_status = '' OR c.status = p_status)
     AND (p_search = '' OR strpos(lower(c.name), lower(p_search)) > 0);
END $$;
