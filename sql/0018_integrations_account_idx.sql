-- Webhook deliveries find an account's integrations by (platform, account_id) on every order,
-- redaction and uninstall; the unique key leads with user_id, so without this each was a scan.
CREATE INDEX integrations_platform_account_idx ON integrations (platform, account_id);
