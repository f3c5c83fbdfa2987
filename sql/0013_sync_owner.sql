-- Which host process holds a running job, so a host that died is noticed at once instead of when
-- its lease runs out. Every host process takes a number from sync_owner_seq and holds the
-- session-level advisory lock (0x524f4953, that number) on a connection of its own for
-- as long as it lives; a claim records the number in `owner`. Postgres drops the lock when that
-- connection goes, so a running job whose owner's lock can be taken lost its host and is queued
-- again with its checkpoint (SyncJobRepository::reclaim_orphans).
-- Safe on a big sync_jobs: a nullable column without a default is a catalogue change only, and
-- the orphan search goes through the existing partial index on queued and running jobs.
CREATE SEQUENCE sync_owner_seq AS integer CYCLE;
ALTER TABLE sync_jobs ADD COLUMN owner integer;
