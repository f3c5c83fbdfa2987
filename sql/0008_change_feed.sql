-- Change notifications for the caches each host process keeps in memory (store/change_feed):
-- every committed change to what they hold is announced on channel roi_changes as
-- "user:<id>" (data version or time zone) or "session:<id>" (revoked, expiry moved, deleted).
-- NOTIFY is transactional: a listener hears of a change only once it has committed.

CREATE FUNCTION roi_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('roi_changes', TG_ARGV[0] || ':' || OLD.id);
  RETURN NULL;
END $$;

CREATE TRIGGER users_announce_change
  AFTER UPDATE OF data_version, time_zone ON users
  FOR EACH ROW WHEN (OLD.data_version IS DISTINCT FROM NEW.data_version
                     OR OLD.time_zone IS DISTINCT FROM NEW.time_zone)
  EXECUTE FUNCTION roi_announce_change('user');

CREATE TRIGGER users_announce_delete
  AFTER DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION roi_announce_change('user');

CREATE TRIGGER sessions_announce_change
  AFTER UPDATE OF revoked_at, expires_at, user_id ON sessions
  FOR EACH ROW EXECUTE FUNCTION roi_announce_change('session');

CREATE TRIGGER sessions_announce_delete
  AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION roi_announce_change('session');
