-- Reports generated per user and calendar month (UTC). The plan's monthly allowance is counted
-- here, in the transaction that inserts the report: deleting a report gives nothing back, and
-- parallel generates cannot pass the allowance.
CREATE TABLE report_generations (
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  month      date NOT NULL,
  generated  integer NOT NULL CHECK (generated > 0),
  PRIMARY KEY (user_id, month)
);

INSERT INTO report_generations (user_id, month, generated)
SELECT user_id, date_trunc('month', created_at AT TIME ZONE 'UTC')::date, count(*)
FROM reports GROUP BY 1, 2;
