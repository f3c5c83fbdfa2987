-- When each user last asked for a sync by hand: the plan's minimum interval between manual syncs
-- is counted from here, in the transaction that queues the sync, so parallel requests cannot
-- pass it. A request a pending sync absorbs queues nothing and is not counted.
CREATE TABLE manual_syncs (
  user_id  bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  last_at  timestamptz NOT NULL
);
