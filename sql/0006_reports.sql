-- Reports (issue 9): what the background job needs beside the columns of 0001. The job claims
-- queued rows with FOR UPDATE SKIP LOCKED; `data_version` is the user's data version the
-- insights were computed from, so a report of the same user and range reuses them while the
-- data is unchanged; `insights_source` says whether the AI service or the host wrote them.
ALTER TABLE reports
  ADD COLUMN data_version    bigint,
  ADD COLUMN insights_source text CHECK (insights_source IN ('ai', 'builtin')),
  ADD COLUMN attempts        int NOT NULL DEFAULT 0,
  ADD COLUMN finished_at     timestamptz;

CREATE INDEX reports_queued_idx ON reports (id) WHERE status IN ('queued', 'running');
CREATE INDEX reports_reuse_idx ON reports (user_id, start_date, end_date, data_version)
  WHERE status = 'ready';
