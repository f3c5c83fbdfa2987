-- The sync engine's durable state: the job queue every host process claims from, the record of
-- each run, and the checkpoint an interrupted sync resumes from.

-- One sync of one integration. Workers claim with FOR UPDATE SKIP LOCKED and hold a lease; a job
-- whose lease ran out (its worker died) is claimable again and resumes from `checkpoint`.
CREATE TABLE sync_jobs (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  integration_id bigint NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  -- Lower runs first: a manual sync (0) jumps ahead of scheduled ones (10).
  priority       smallint NOT NULL DEFAULT 10,
  trigger        text NOT NULL CHECK (trigger IN ('manual', 'scheduled')),
  status         text NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  attempts       int NOT NULL DEFAULT 0,
  max_attempts   int NOT NULL,
  run_after      timestamptz NOT NULL DEFAULT now(),
  lease_until    timestamptz,
  worker         text,
  window_from    date,
  window_to      date,
  checkpoint     text,
  rows_read      bigint NOT NULL DEFAULT 0,
  rows_written   bigint NOT NULL DEFAULT 0,
  progress_done  bigint NOT NULL DEFAULT 0,
  progress_total bigint NOT NULL DEFAULT 0,
  last_error     text CHECK (length(last_error) <= 500),
  created_at     timestamptz NOT NULL DEFAULT now(),
  started_at     timestamptz,
  finished_at    timestamptz
);
-- At most one pending sync per integration: queueing another returns the pending one.
CREATE UNIQUE INDEX sync_jobs_one_pending_idx ON sync_jobs (integration_id)
  WHERE status IN ('queued', 'running');
CREATE INDEX sync_jobs_claim_idx ON sync_jobs (priority, run_after)
  WHERE status IN ('queued', 'running');

-- Every attempt of a job, as integrations.list reports the last one.
CREATE TABLE sync_runs (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id         bigint NOT NULL REFERENCES sync_jobs (id) ON DELETE CASCADE,
  integration_id bigint NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  started_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz,
  outcome        text NOT NULL DEFAULT 'running'
                 CHECK (outcome IN ('running', 'succeeded', 'retrying', 'failed', 'needs_reauth')),
  rows_read      bigint NOT NULL DEFAULT 0,
  rows_written   bigint NOT NULL DEFAULT 0,
  duration_ms    bigint,
  error          text CHECK (length(error) <= 500)
);
CREATE INDEX sync_runs_integration_idx ON sync_runs (integration_id, started_at DESC);
