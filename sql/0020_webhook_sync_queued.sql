-- An order delivery for an order the named shop does not hold yet queues a sync of that shop
-- (the delivery's shop is not signed; the sync uses the shop's own token) and is recorded so.
ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_outcome_check;
ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_outcome_check
  CHECK (outcome IN ('applied', 'ignored', 'stale', 'sync_queued'));
