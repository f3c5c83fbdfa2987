-- Billing and webhooks: every webhook delivery is recorded before it is acted on, deduplicated
-- by the provider's event id; subscriptions remember the last Stripe event applied to them.
-- (Owned as 0005_billing.sql once the 0003 dashboard and 0004 connectors migrations are merged.)

CREATE TABLE webhook_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  provider      text NOT NULL CHECK (provider ~ '^[a-z0-9-]{1,32}$'),
  event_id      text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 255),
  type          text NOT NULL CHECK (length(type) <= 255),
  deliveries    integer NOT NULL DEFAULT 1,
  received_at   timestamptz NOT NULL DEFAULT now(),
  last_delivery timestamptz NOT NULL DEFAULT now(),
  -- Set in the same transaction that applies the event, so a retry never applies it twice.
  processed_at  timestamptz,
  outcome       text CHECK (outcome IN ('applied', 'ignored', 'stale')),
  UNIQUE (provider, event_id)
);

-- Stripe delivers out of order: an event older than the last one applied to a subscription
-- (by `created`, then by how far along the lifecycle its type is) must not move it backwards.
ALTER TABLE subscriptions
  ADD COLUMN last_event_created timestamptz,
  ADD COLUMN last_event_rank smallint NOT NULL DEFAULT 0;
