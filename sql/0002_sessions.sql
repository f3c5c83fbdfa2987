-- Sessions: one row per issued token, keyed by its jti. Logging out sets revoked_at; a token
-- whose row is revoked, expired or gone is refused even though its signature is valid.

CREATE TABLE sessions (
  id          text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL CHECK (expires_at > created_at),
  revoked_at  timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
