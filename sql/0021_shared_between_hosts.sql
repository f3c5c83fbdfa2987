-- What every host process behind one nginx upstream shares through this database, beside the
-- sync queue (issue 19): the claim on a report being made, and the login and registration limits.

-- A report's claim names the worker thread that holds it (`worker`, unique among all hosts), that
-- worker's host process (`owner`, its number from sync_owner_seq, whose advisory lock the process
-- holds while it lives, as sync_jobs.owner) and how long it holds without a word (`lease_until`).
-- A running report whose lease lapsed or whose owner's lock is free is claimed again by any host,
-- and only the current holder stores an outcome. Catalogue changes only (no defaults).
ALTER TABLE reports
  ADD COLUMN worker      text,
  ADD COLUMN owner       integer,
  ADD COLUMN lease_until timestamptz;

-- The login slow-down of issue 15, shared so that N hosts do not give a guesser N times the
-- allowance: failures per client address (email '') and per (address, email), each with the time
-- before which that key may not try again. UNLOGGED: losing it in a crash only forgets failures,
-- and a failed login costs one small write without WAL. No key holds an email alone, so other
-- people's failures never stop its owner signing in from an address that has not failed.
CREATE UNLOGGED TABLE login_failures (
  address      text NOT NULL,
  email        text NOT NULL,
  failures     int NOT NULL,
  last_at      timestamptz NOT NULL,
  next_allowed timestamptz NOT NULL,
  PRIMARY KEY (address, email)
);
CREATE INDEX login_failures_last_idx ON login_failures (last_at);

-- How long a key waits after its `failures`-th failure: nothing within `free`, then `first_ms`
-- doubled per further failure, at most `max_ms`.
CREATE FUNCTION login_delay(failures int, free int, first_ms bigint, max_ms bigint)
  RETURNS interval LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN failures <= free THEN interval '0'
    ELSE make_interval(secs => least(first_ms * power(2, least(failures - free - 1, 30)),
                                     max_ms) / 1000.0) END
$$;

-- A login attempt from `p_address` for `p_email`: 0 when it may go ahead (it is then counted as a
-- failure of both keys until login_give_back says otherwise, so parallel guesses are slowed too),
-- otherwise the seconds to wait (at least 1), and nothing is counted. Failures older than
-- `p_forget_s` are forgotten. Both rows are locked, the address's first, for the rest of the
-- transaction: parallel attempts from one address, on any host, are judged one after another.
CREATE FUNCTION login_attempt(p_address text, p_email text, p_free_address int,
                              p_free_account int, p_first_ms bigint, p_max_ms bigint,
                              p_forget_s int)
  RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  allowed timestamptz;
BEGIN
  INSERT INTO login_failures AS f (address, email, failures, last_at, next_allowed)
  VALUES (p_address, '', 0, now(), now()), (p_address, p_email, 0, now(), now())
  ON CONFLICT (address, email) DO UPDATE SET failures = 0, next_allowed = now()
    WHERE f.last_at <= now() - make_interval(secs => p_forget_s);
  SELECT max(next_allowed) INTO allowed FROM login_failures
    WHERE address = p_address AND email IN ('', p_email);
  IF allowed > now() THEN
    RETURN greatest(1, ceil(extract(epoch FROM allowed - now())))::int;
  END IF;
  UPDATE login_failures SET failures = least(failures + 1, 1048576), last_at = now(),
    next_allowed = now() + login_delay(least(failures + 1, 1048576),
      CASE WHEN email = '' THEN p_free_address ELSE p_free_account END, p_first_ms, p_max_ms)
    WHERE address = p_address AND email IN ('', p_email);
  RETURN 0;
END $$;

-- An attempt login_attempt counted that was not a failure: its count is given back to the
-- address (and to the pair, unless `p_succeeded`: a right password forgets the pair's failures).
-- The address's row first, as login_attempt locks them.
CREATE FUNCTION login_give_back(p_address text, p_email text, p_succeeded boolean,
                                p_free_address int, p_free_account int, p_first_ms bigint,
                                p_max_ms bigint, p_forget_s int)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE login_failures SET failures = greatest(0, failures - 1),
    next_allowed = last_at + login_delay(greatest(0, failures - 1), p_free_address, p_first_ms,
                                         p_max_ms)
    WHERE address = p_address AND email = ''
      AND last_at > now() - make_interval(secs => p_forget_s);
  IF p_succeeded THEN
    DELETE FROM login_failures WHERE address = p_address AND email = p_email;
  ELSE
    UPDATE login_failures SET failures = greatest(0, failures - 1),
      next_allowed = last_at + login_delay(greatest(0, failures - 1), p_free_account, p_first_ms,
                                           p_max_ms)
      WHERE address = p_address AND email = p_email
        AND last_at > now() - make_interval(secs => p_forget_s);
  END IF;
END $$;

-- Registrations counted in fixed windows that start with their first attempt: one row for
-- everyone ('everyone') and one per client address ('address ' || address).
CREATE UNLOGGED TABLE register_windows (
  scope      text PRIMARY KEY,
  started_at timestamptz NOT NULL,
  attempts   int NOT NULL
);

-- A registration from `p_address`: 0 when it may go ahead (counted for the address and for
-- everyone), otherwise the seconds until the address's or everyone's window ends (at least 1),
-- and nothing is counted. Everyone's row is locked first, then the address's.
CREATE FUNCTION register_attempt(p_address text, p_per_address int, p_per_window int,
                                 p_window_s int)
  RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  span interval := make_interval(secs => p_window_s);
  mine register_windows;
  everyone register_windows;
BEGIN
  INSERT INTO register_windows AS w (scope, started_at, attempts)
  VALUES ('everyone', now(), 0), ('address ' || p_address, now(), 0)
  ON CONFLICT (scope) DO UPDATE SET started_at = now(), attempts = 0
    WHERE w.started_at <= now() - span;
  SELECT * INTO mine FROM register_windows WHERE scope = 'address ' || p_address;
  IF mine.attempts >= p_per_address THEN
    RETURN greatest(1, ceil(extract(epoch FROM mine.started_at + span - now())))::int;
  END IF;
  SELECT * INTO everyone FROM register_windows WHERE scope = 'everyone';
  IF everyone.attempts >= p_per_window THEN
    RETURN greatest(1, ceil(extract(epoch FROM everyone.started_at + span - now())))::int;
  END IF;
  UPDATE register_windows SET attempts = attempts + 1 WHERE scope = 'everyone';
  UPDATE register_windows SET attempts = attempts + 1 WHERE scope = 'address ' || p_address;
  RETURN 0;
END $$;

-- A registration register_attempt counted that was never served: given back, in the same order.
CREATE FUNCTION register_give_back(p_address text, p_window_s int)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE register_windows SET attempts = attempts - 1 WHERE scope = 'everyone'
    AND attempts > 0 AND started_at > now() - make_interval(secs => p_window_s);
  UPDATE register_windows SET attempts = attempts - 1 WHERE scope = 'address ' || p_address
    AND attempts > 0 AND started_at > now() - make_interval(secs => p_window_s);
END $$;
