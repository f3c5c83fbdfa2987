-- Expired sessions are deleted by the host's housekeeping (auth.session_purge_interval_s). Their
-- deletion is not announced: a session past its expiry is refused by every process already, so
-- only the deletion of a session that could still be used (its user deleted) needs telling.
DROP TRIGGER sessions_announce_delete ON sessions;
CREATE TRIGGER sessions_announce_delete
  AFTER DELETE ON sessions
  FOR EACH ROW WHEN (OLD.expires_at > now() AND OLD.revoked_at IS NULL)
  EXECUTE FUNCTION roi_announce_change('session');
