-- A platform is whatever connector the user connected through: the host names none, so the lists
-- of platform ids 0001 and 0004 wrote into CHECK constraints give way to the shape of a connector
-- id. Rows of a connector since removed stay valid (their data remains on the dashboard).
ALTER TABLE integrations
  DROP CONSTRAINT integrations_platform_check,
  ADD CONSTRAINT integrations_platform_check CHECK (platform ~ '^[a-z0-9][a-z0-9-]{0,63}$');
ALTER TABLE oauth_states
  DROP CONSTRAINT oauth_states_platform_check,
  ADD CONSTRAINT oauth_states_platform_check CHECK (platform ~ '^[a-z0-9][a-z0-9-]{0,63}$');
