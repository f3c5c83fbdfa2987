-- First-party attribution: each store order is matched to the ad platform, and where it can be
-- told the user's campaign, that brought it (last click: the visit the order came from), and the
-- rollups carry what was matched beside the platforms' own claims (docs/ARCHITECTURE.md,
-- Attribution). The rules live here, in attribution_match(), the one place sync chunks, order
-- webhooks and re-matching all use; the settings they read (attribution_aliases,
-- attribution_settings) are written by the host from its configuration at start.

-- What the visit told, beside the utm_* columns: the ad click identifier's parameter name
-- (gclid, fbclid, ...), the referring host and when the visit began. And what it was matched to.
ALTER TABLE orders
  ADD COLUMN click_id text CHECK (length(click_id) <= 64),
  ADD COLUMN referrer_host text CHECK (length(referrer_host) <= 253),
  ADD COLUMN visited_at timestamptz,
  ADD COLUMN attributed_platform text,
  ADD COLUMN attributed_campaign_id bigint REFERENCES campaigns (id) ON DELETE SET NULL,
  ADD COLUMN attribution_rule text NOT NULL DEFAULT 'none'
    CHECK (attribution_rule IN ('utm_campaign_id', 'utm_campaign_name', 'utm_source', 'click_id',
                                'referrer', 'outside_window', 'none'));
-- The foreign key's look-ups when a campaign goes away.
CREATE INDEX orders_attributed_campaign_idx ON orders (attributed_campaign_id)
  WHERE attributed_campaign_id IS NOT NULL;

-- A utm_source value, a click identifier's name or a referring site's name (its host without
-- "www." and the public suffix: "l.facebook.com" → "facebook"), lower case, to the platform
-- (connector id) it means.
CREATE TABLE attribution_aliases (
  alias    text PRIMARY KEY CHECK (alias = lower(alias) AND length(alias) BETWEEN 1 AND 100),
  platform text NOT NULL CHECK (platform ~ '^[a-z0-9][a-z0-9-]{0,63}$')
);
-- The attribution window: an order placed longer than this after its visit is not attributed.
CREATE TABLE attribution_settings (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  window_days int NOT NULL CHECK (window_days BETWEEN 0 AND 3650)
);
INSERT INTO attribution_settings (window_days) VALUES (30);

-- A campaign name as matching compares it: case and white space do not count.
CREATE FUNCTION attribution_key(p_name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT lower(regexp_replace(p_name, '\s+', '', 'g')) $$;

-- The name of a site from its host: the label before the public suffix ("www.google.co.uk" →
-- "google", "l.facebook.com" → "facebook").
CREATE FUNCTION attribution_site(p_host text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN cardinality(l) >= 3 AND l[cardinality(l) - 1] IN ('co', 'com', 'net', 'org', 'ac', 'gov', 'edu')
                   AND length(l[cardinality(l)]) = 2
              THEN l[cardinality(l) - 2]
              WHEN cardinality(l) >= 2 THEN l[cardinality(l) - 1]
              ELSE l[1] END
    FROM string_to_array(lower(p_host), '.') AS l
$$;

-- The rules, in order. Outside the window (the visit's time known, the order placed later than
-- window_days after it): nothing. The platform comes from utm_source, else the click identifier,
-- else the referring site, each through attribution_aliases. Within that platform the user's
-- campaign whose id is utm_campaign, else whose name is utm_campaign ignoring case and white
-- space (the oldest campaign when several share it). `rule` names what matched.
CREATE FUNCTION attribution_match(p_user bigint, p_source text, p_campaign text, p_click text,
                                  p_referrer text, p_visited timestamptz, p_ordered timestamptz,
                                  OUT platform text, OUT campaign_id bigint, OUT rule text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_platform text;
  v_rule     text;
  v_campaign bigint;
BEGIN
  platform := NULL;
  campaign_id := NULL;
  rule := 'none';
  IF p_source IS NULL AND p_click IS NULL AND p_referrer IS NULL THEN
    RETURN;
  END IF;
  IF p_visited IS NOT NULL AND p_ordered - p_visited >
       (SELECT make_interval(days => s.window_days) FROM attribution_settings s) THEN
    rule := 'outside_window';
    RETURN;
  END IF;
  IF p_source IS NOT NULL THEN
    SELECT a.platform, 'utm_source' INTO v_platform, v_rule
      FROM attribution_aliases a WHERE a.alias = lower(btrim(p_source));
  END IF;
  IF v_platform IS NULL AND p_click IS NOT NULL THEN
    SELECT a.platform, 'click_id' INTO v_platform, v_rule
      FROM attribution_aliases a WHERE a.alias = lower(p_click);
  END IF;
  IF v_platform IS NULL AND p_referrer IS NOT NULL THEN
    SELECT a.platform, 'referrer' INTO v_platform, v_rule
      FROM attribution_aliases a WHERE a.alias = attribution_site(p_referrer);
  END IF;
  IF v_platform IS NULL THEN
    RETURN;
  END IF;
  platform := v_platform;
  rule := v_rule;
  IF p_campaign IS NULL OR btrim(p_campaign) = '' THEN
    RETURN;
  END IF;
  SELECT c.id INTO v_campaign
    FROM integrations i JOIN campaigns c ON c.integration_id = i.id
   WHERE i.user_id = p_user AND c.platform = v_platform AND c.external_id = btrim(p_campaign)
   ORDER BY c.id LIMIT 1;
  IF v_campaign IS NOT NULL THEN
    campaign_id := v_campaign;
    rule := 'utm_campaign_id';
    RETURN;
  END IF;
  SELECT c.id INTO v_campaign
    FROM integrations i JOIN campaigns c ON c.integration_id = i.id
   WHERE i.user_id = p_user AND c.platform = v_platform
     AND attribution_key(c.name) = attribution_key(p_campaign)
   ORDER BY c.id LIMIT 1;
  IF v_campaign IS NOT NULL THEN
    campaign_id := v_campaign;
    rule := 'utm_campaign_name';
  END IF;
END $$;

-- Matches the user's orders again (only p_orders when given; only orders naming a campaign when
-- p_campaigns_only) and refreshes the rollup days of those whose attribution changed. Returns how
-- many changed. Called when campaigns, settings or an order's visit change.
CREATE FUNCTION attribution_rematch(p_user bigint, p_orders bigint[] DEFAULT NULL,
                                    p_campaigns_only boolean DEFAULT false)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_tz      text;
  v_changed bigint := 0;
  r         record;
BEGIN
  SELECT time_zone INTO v_tz FROM users WHERE id = p_user;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  FOR r IN
    WITH changed AS (
      UPDATE orders o
         SET attributed_platform = s.platform, attributed_campaign_id = s.campaign_id,
             attribution_rule = s.rule
        FROM (SELECT o2.id, m.platform, m.campaign_id, m.rule
                FROM integrations i JOIN orders o2 ON o2.integration_id = i.id
                     CROSS JOIN LATERAL attribution_match(p_user, o2.utm_source, o2.utm_campaign,
                                                          o2.click_id, o2.referrer_host,
                                                          o2.visited_at, o2.ordered_at) AS m
               WHERE i.user_id = p_user
                 AND (p_orders IS NULL OR o2.id = ANY (p_orders))
                 AND (NOT p_campaigns_only OR o2.utm_campaign IS NOT NULL)) AS s
       WHERE o.id = s.id
         AND (o.attributed_platform, o.attributed_campaign_id, o.attribution_rule)
             IS DISTINCT FROM (s.platform, s.campaign_id, s.rule)
      RETURNING o.integration_id, o.ordered_at)
    SELECT integration_id, min(ordered_at) AS first_at, max(ordered_at) AS last_at,
           count(*) AS n
      FROM changed GROUP BY integration_id
  LOOP
    PERFORM dashboard_refresh(r.integration_id, (r.first_at AT TIME ZONE v_tz)::date,
                              (r.last_at AT TIME ZONE v_tz)::date);
    v_changed := v_changed + r.n;
  END LOOP;
  RETURN v_changed;
END $$;

-- Writes the settings the host read from its configuration; when they differ from the stored
-- ones, every order is matched again (in this transaction). Returns how many orders changed.
CREATE FUNCTION attribution_configure(p_aliases text[], p_platforms text[], p_window_days int)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_same    boolean;
  v_changed bigint := 0;
  v_user    bigint;
BEGIN
  -- One host at a time: several starting together agree on the last writer's settings.
  PERFORM pg_advisory_xact_lock(hashtext('attribution_configure'));
  SELECT (SELECT window_days FROM attribution_settings) = p_window_days
     AND NOT EXISTS (
       (SELECT alias, platform FROM attribution_aliases
        EXCEPT SELECT lower(a), p FROM unnest(p_aliases, p_platforms) AS t(a, p))
       UNION ALL
       (SELECT lower(a), p FROM unnest(p_aliases, p_platforms) AS t(a, p)
        EXCEPT SELECT alias, platform FROM attribution_aliases))
    INTO v_same;
  IF v_same THEN
    RETURN 0;
  END IF;
  DELETE FROM attribution_aliases;
  INSERT INTO attribution_aliases (alias, platform)
  SELECT lower(a), p FROM unnest(p_aliases, p_platforms) AS t(a, p);
  UPDATE attribution_settings SET window_days = p_window_days;
  FOR v_user IN SELECT DISTINCT i.user_id FROM integrations i
                 WHERE EXISTS (SELECT 1 FROM orders o WHERE o.integration_id = i.id) LOOP
    v_changed := v_changed + attribution_rematch(v_user);
  END LOOP;
  RETURN v_changed;
END $$;

-- A customer's redaction: the orders keep amounts and days but lose their visits, and with them
-- their attribution.
CREATE FUNCTION orders_forget_visits(p_orders bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_user bigint;
BEGIN
  UPDATE orders SET utm_source = NULL, utm_medium = NULL, utm_campaign = NULL, click_id = NULL,
                    referrer_host = NULL, visited_at = NULL, updated_at = now()
   WHERE id = ANY (p_orders);
  FOR v_user IN SELECT DISTINCT i.user_id FROM orders o JOIN integrations i ON i.id = o.integration_id
                 WHERE o.id = ANY (p_orders) LOOP
    PERFORM attribution_rematch(v_user, p_orders);
  END LOOP;
END $$;

-- Campaigns that appear, are renamed or go away change what orders naming a campaign match: a
-- campaign synced after its orders still collects them, in the transaction that wrote it. So
-- does an integration going away (its campaigns with it).
CREATE FUNCTION attribution_rematch_users(p_users bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_user bigint;
BEGIN
  FOR v_user IN SELECT DISTINCT u FROM unnest(p_users) AS u LOOP
    PERFORM attribution_rematch(v_user, NULL, true);
  END LOOP;
END $$;

CREATE FUNCTION attribution_campaigns_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM attribution_rematch_users(ARRAY(
    SELECT i.user_id FROM integrations i WHERE i.id IN (SELECT n.integration_id FROM new_rows n)));
  RETURN NULL;
END $$;

CREATE FUNCTION attribution_campaigns_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM attribution_rematch_users(ARRAY(
    SELECT i.user_id FROM integrations i
     WHERE i.id IN (SELECT n.integration_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE (o.name, o.external_id, o.platform, o.integration_id)
                           IS DISTINCT FROM (n.name, n.external_id, n.platform, n.integration_id))));
  RETURN NULL;
END $$;

CREATE FUNCTION attribution_campaigns_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM attribution_rematch_users(ARRAY(
    SELECT i.user_id FROM integrations i WHERE i.id IN (SELECT o.integration_id FROM old_rows o)));
  RETURN NULL;
END $$;

CREATE FUNCTION attribution_integrations_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM attribution_rematch_users(ARRAY(SELECT o.user_id FROM old_rows o));
  RETURN NULL;
END $$;

CREATE TRIGGER campaigns_attribution_insert
  AFTER INSERT ON campaigns REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_campaigns_inserted();
CREATE TRIGGER campaigns_attribution_update
  AFTER UPDATE ON campaigns REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_campaigns_updated();
CREATE TRIGGER campaigns_attribution_delete
  AFTER DELETE ON campaigns REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_campaigns_deleted();
CREATE TRIGGER integrations_attribution_delete
  AFTER DELETE ON integrations REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_integrations_deleted();

-- The one order writer (sql/0012_orders_upsert.sql), now with the rest of the visit: it matches
-- each order as it writes it, then refreshes the days the orders left and entered.
DROP FUNCTION orders_upsert(bigint, text[], bigint[], text[], bigint[], bigint[], text[], text[],
                            text[]);
CREATE FUNCTION orders_upsert(p_integration bigint, p_ids text[], p_at bigint[],
                              p_currency text[], p_gross bigint[], p_refunds bigint[],
                              p_source text[], p_medium text[], p_campaign text[],
                              p_click text[], p_referrer text[], p_visited text[])
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_user    bigint;
  v_tz      text;
  v_from    timestamptz;
  v_to      timestamptz;
  v_written bigint;
BEGIN
  SELECT u.id, u.time_zone INTO v_user, v_tz
    FROM integrations i JOIN users u ON u.id = i.user_id
   WHERE i.id = p_integration;
  IF NOT FOUND OR cardinality(p_ids) = 0 THEN
    RETURN 0;
  END IF;
  SELECT least(min(o.ordered_at), min(to_timestamp(t.s))),
         greatest(max(o.ordered_at), max(to_timestamp(t.s)))
    INTO v_from, v_to
    FROM unnest(p_ids, p_at) AS t(e, s)
    LEFT JOIN orders o ON o.integration_id = p_integration AND o.external_id = t.e;
  INSERT INTO orders (integration_id, external_id, ordered_at, currency, gross_micros,
                      refunds_micros, utm_source, utm_medium, utm_campaign, click_id,
                      referrer_host, visited_at, attributed_platform, attributed_campaign_id,
                      attribution_rule)
  SELECT p_integration, e, to_timestamp(s), cur, g, r, nullif(src, ''), nullif(med, ''),
         nullif(cmp, ''), nullif(clk, ''), nullif(ref, ''), to_timestamp(nullif(vis, '')::bigint),
         m.platform, m.campaign_id, m.rule
    FROM unnest(p_ids, p_at, p_currency, p_gross, p_refunds, p_source, p_medium, p_campaign,
                p_click, p_referrer, p_visited)
         AS t(e, s, cur, g, r, src, med, cmp, clk, ref, vis)
         CROSS JOIN LATERAL attribution_match(v_user, nullif(src, ''), nullif(cmp, ''),
                                              nullif(clk, ''), nullif(ref, ''),
                                              to_timestamp(nullif(vis, '')::bigint),
                                              to_timestamp(s)) AS m
  ON CONFLICT (integration_id, external_id) DO UPDATE SET
    ordered_at = EXCLUDED.ordered_at, currency = EXCLUDED.currency,
    gross_micros = EXCLUDED.gross_micros, refunds_micros = EXCLUDED.refunds_micros,
    utm_source = EXCLUDED.utm_source, utm_medium = EXCLUDED.utm_medium,
    utm_campaign = EXCLUDED.utm_campaign, click_id = EXCLUDED.click_id,
    referrer_host = EXCLUDED.referrer_host, visited_at = EXCLUDED.visited_at,
    attributed_platform = EXCLUDED.attributed_platform,
    attributed_campaign_id = EXCLUDED.attributed_campaign_id,
    attribution_rule = EXCLUDED.attribution_rule, updated_at = now();
  GET DIAGNOSTICS v_written = ROW_COUNT;
  PERFORM dashboard_refresh(p_integration, (v_from AT TIME ZONE v_tz)::date,
                            (v_to AT TIME ZONE v_tz)::date);
  RETURN v_written;
END $$;

-- The rollup of what was matched, beside dashboard_daily (whose rows and scans stay as they
-- were): per user, user-local day, store integration, platform the orders were attributed to,
-- campaign (NULL: the platform only) and currency, the attributed orders and their net revenue.
-- A store has a few such rows a day at most, so the reads that want them add a short index-only
-- range scan and the others never touch it. Keyed by the store integration, so its refresh
-- rewrites only its own rows; `store_platform` is that integration's platform, under which the
-- revenue no campaign explains is reported.
CREATE TABLE dashboard_attributed_daily (
  user_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  date           date NOT NULL,
  integration_id bigint NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  store_platform text NOT NULL,
  platform       text NOT NULL,
  campaign_id    bigint REFERENCES campaigns (id) ON DELETE SET NULL,
  currency       char(3) NOT NULL,
  orders         bigint NOT NULL,
  revenue_micros bigint NOT NULL
);
CREATE INDEX dashboard_attributed_daily_user_idx ON dashboard_attributed_daily (user_id, date)
  INCLUDE (store_platform, platform, campaign_id, currency, orders, revenue_micros);
CREATE INDEX dashboard_attributed_daily_integration_idx
  ON dashboard_attributed_daily (integration_id, date);
-- The foreign key's look-ups when a campaign goes away.
CREATE INDEX dashboard_attributed_daily_campaign_idx ON dashboard_attributed_daily (campaign_id)
  WHERE campaign_id IS NOT NULL;

-- dashboard_refresh (sql/0005_dashboard.sql), the same contract and window, now also rewriting
-- the store integration's attributed rows for those days. dashboard_daily is written as before.
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

-- The reads. The rollup rows are scanned as before; the attributed figures come from a second,
-- short range scan of the user's attributed rows: attributed revenue and orders under the
-- platform they were attributed to, and the revenue a campaign explains subtracted from the
-- store's revenue (unexplained) under the store's platform. A platform may so come more than
-- once; callers add its rows up.
DROP FUNCTION dashboard_totals(bigint, date, date, date);
CREATE FUNCTION dashboard_totals(p_user bigint, p_from date, p_start date, p_end date)
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
  SELECT (a.date < p_start)::int, v.platform, a.currency, 0::bigint, 0::bigint, 0::bigint,
         0::bigint, 0::bigint, 0::bigint, sum(v.attributed)::bigint, sum(v.orders)::bigint,
         sum(v.explained)::bigint
    FROM dashboard_attributed_daily a
         CROSS JOIN LATERAL (VALUES (a.platform, a.revenue_micros, a.orders, 0::bigint),
                                    (a.store_platform, 0::bigint, 0::bigint,
                                     CASE WHEN a.campaign_id IS NULL THEN 0
                                          ELSE -a.revenue_micros END))
           AS v(platform, attributed, orders, explained)
   WHERE a.user_id = p_user AND a.date BETWEEN p_from AND p_end
   GROUP BY 1, 2, 3;
END $$;

DROP FUNCTION dashboard_days(bigint, date, date);
CREATE FUNCTION dashboard_days(p_user bigint, p_start date, p_end date)
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
  SELECT a.date - DATE '1970-01-01', v.platform, a.currency, 0::bigint, 0::bigint, 0::bigint,
         0::bigint, 0::bigint, 0::bigint, sum(v.attributed)::bigint, sum(v.orders)::bigint,
         sum(v.explained)::bigint
    FROM dashboard_attributed_daily a
         CROSS JOIN LATERAL (VALUES (a.platform, a.revenue_micros, a.orders, 0::bigint),
                                    (a.store_platform, 0::bigint, 0::bigint,
                                     CASE WHEN a.campaign_id IS NULL THEN 0
                                          ELSE -a.revenue_micros END))
           AS v(platform, attributed, orders, explained)
   WHERE a.user_id = p_user AND a.date BETWEEN p_start AND p_end
   GROUP BY a.date, v.platform, a.currency;
END $$;

-- dashboard_campaign_sums (sql/0005_dashboard.sql) with each campaign's attributed orders and
-- revenue in its currency: the platform figures per campaign as before, the attributed ones from
-- one range scan of the user's attributed rows over the whole range (head, months and tail),
-- grouped by campaign and joined by hash.
DROP FUNCTION dashboard_campaign_sums(bigint, date, date, date, date, date, date, text, text, text);
CREATE FUNCTION dashboard_campaign_sums(p_user bigint, p_head_start date, p_head_end date,
                                        p_tail_start date, p_tail_end date,
                                        p_month_start date, p_month_end date,
                                        p_platform text, p_status text, p_search text)
RETURNS TABLE (id bigint, name text, platform text, status text, currency char(3),
               spend bigint, revenue bigint, impressions bigint, clicks bigint,
               conversions bigint, attributed_revenue bigint, attributed_orders bigint)
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
         s.clicks, s.conversions, coalesce(t.revenue, 0)::bigint, coalesce(t.orders, 0)::bigint
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
     AND (p_search = '' OR strpos(lower(c.name), lower(p_search)) > 0);
END $$;
