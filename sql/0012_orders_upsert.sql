-- The one way orders are written, by sync chunks and by Shopify webhooks alike: upsert by
-- (integration, external id), then refresh the dashboard days the orders left and entered,
-- counted in the owner's time zone (an order whose time moved leaves its old day). Returns how
-- many rows were inserted or updated. Call it in the transaction that owns the change.
CREATE FUNCTION orders_upsert(p_integration bigint, p_ids text[], p_at bigint[],
                              p_currency text[], p_gross bigint[], p_refunds bigint[],
                              p_source text[], p_medium text[], p_campaign text[])
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_tz      text;
  v_from    timestamptz;
  v_to      timestamptz;
  v_written bigint;
BEGIN
  SELECT u.time_zone INTO v_tz
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
                      refunds_micros, utm_source, utm_medium, utm_campaign)
  SELECT p_integration, e, to_timestamp(s), cur, g, r, nullif(src, ''), nullif(med, ''),
         nullif(cmp, '')
    FROM unnest(p_ids, p_at, p_currency, p_gross, p_refunds, p_source, p_medium, p_campaign)
         AS t(e, s, cur, g, r, src, med, cmp)
  ON CONFLICT (integration_id, external_id) DO UPDATE SET
    ordered_at = EXCLUDED.ordered_at, currency = EXCLUDED.currency,
    gross_micros = EXCLUDED.gross_micros, refunds_micros = EXCLUDED.refunds_micros,
    utm_source = EXCLUDED.utm_source, utm_medium = EXCLUDED.utm_medium,
    utm_campaign = EXCLUDED.utm_campaign, updated_at = now();
  GET DIAGNOSTICS v_written = ROW_COUNT;
  PERFORM dashboard_refresh(p_integration, (v_from AT TIME ZONE v_tz)::date,
                            (v_to AT TIME ZONE v_tz)::date);
  RETURN v_written;
END $$;
