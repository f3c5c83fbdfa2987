-- OAuth connects (pending states) and integration health shown by integrations.list.

-- A pending connect: random state bound to one user and platform, single-use, expiring. Only
-- the SHA-256 of the state is kept, so reading this table does not let anyone finish a connect.
CREATE TABLE oauth_states (
  state_hash   text PRIMARY KEY CHECK (state_hash ~ '^[0-9a-f]{64}$'),
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  platform     text NOT NULL CHECK (platform IN ('google-ads', 'meta', 'shopify', 'stripe')),
  redirect_uri text NOT NULL CHECK (length(redirect_uri) <= 2000),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX oauth_states_expires_idx ON oauth_states (expires_at);

-- What integrations.list shows: whether the account syncs, needs the user to connect again,
-- failed last time (with a readable message) or was disconnected with its data kept.
ALTER TABLE integrations
  ADD COLUMN status text NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'needs_reauth', 'error', 'disconnected')),
  ADD COLUMN last_error text CHECK (length(last_error) <= 500),
  ADD COLUMN currency char(3) CHECK (currency ~ '^[A-Z]{3}$'),
  ADD COLUMN time_zone text CHECK (length(time_zone) <= 64),
  -- Tokens and the key that sealed them come and go together.
  ADD CONSTRAINT integrations_token_key_check
    CHECK ((access_token IS NULL AND refresh_token IS NULL) OR token_key_id IS NOT NULL);
