-- Core tables of the original spec: users, integrations, campaigns, daily metrics, reports and
-- subscriptions. Money is integer micros (1/1,000,000 of the currency unit) with an ISO 4217
-- currency code beside it; never floating point.

CREATE TABLE users (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email         text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) <= 254),
  name          text CHECK (length(name) <= 200),
  password_hash text,
  time_zone     text NOT NULL DEFAULT 'UTC',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE integrations (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  platform       text NOT NULL CHECK (platform IN ('google-ads', 'meta', 'shopify', 'stripe')),
  account_id     text NOT NULL,
  account_name   text,
  -- Tokens are ciphertext (authenticated encryption); the key id names the key that sealed them.
  access_token   bytea,
  refresh_token  bytea,
  token_key_id   text,
  token_expiry   timestamptz,
  is_active      boolean NOT NULL DEFAULT true,
  last_sync      timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, platform, account_id)
);
CREATE INDEX integrations_user_idx ON integrations (user_id);

CREATE TABLE campaigns (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  integration_id      bigint NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  external_id         text NOT NULL,
  name                text NOT NULL,
  platform            text NOT NULL,
  status              text NOT NULL,
  currency            char(3) NOT NULL,
  daily_budget_micros bigint CHECK (daily_budget_micros >= 0),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (integration_id, external_id)
);

-- One row per campaign and day, as the platform reports it. Ratios (CTR, CPC, CPA, ROAS) are
-- derived when read, never stored, so a restated day cannot leave them stale.
CREATE TABLE daily_metrics (
  campaign_id    bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  date           date NOT NULL,
  spend_micros   bigint NOT NULL DEFAULT 0 CHECK (spend_micros >= 0),
  impressions    bigint NOT NULL DEFAULT 0 CHECK (impressions >= 0),
  clicks         bigint NOT NULL DEFAULT 0 CHECK (clicks >= 0),
  -- Platforms report fractional conversions (data-driven attribution): kept in thousandths.
  conversions_milli bigint NOT NULL DEFAULT 0 CHECK (conversions_milli >= 0),
  revenue_micros bigint NOT NULL DEFAULT 0 CHECK (revenue_micros >= 0),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, date)
);
CREATE INDEX daily_metrics_date_idx ON daily_metrics (date);

CREATE TABLE reports (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name        text NOT NULL,
  start_date  date NOT NULL,
  end_date    date NOT NULL CHECK (end_date >= start_date),
  status      text NOT NULL DEFAULT 'queued'
              CHECK (status IN ('queued', 'running', 'ready', 'failed')),
  insights    jsonb,
  pdf_path    text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_user_idx ON reports (user_id, created_at DESC);

CREATE TABLE subscriptions (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id                 bigint NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
  plan                    text NOT NULL DEFAULT 'free'
                          CHECK (plan IN ('free', 'starter', 'pro', 'agency')),
  stripe_customer_id      text UNIQUE,
  stripe_subscription_id  text UNIQUE,
  status                  text NOT NULL DEFAULT 'active'
                          CHECK (status IN ('active', 'trialing', 'canceled', 'past_due',
                                            'incomplete', 'incomplete_expired', 'unpaid',
                                            'paused')),
  current_period_end      timestamptz,
  cancel_at_period_end    boolean NOT NULL DEFAULT false,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now()
);
