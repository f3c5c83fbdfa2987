-- A connect started for one account (Shopify: the shop the user typed) is bound to it: the
-- callback connects nothing when the platform comes back with another account. NULL: any of the
-- login's accounts (Google Ads, Meta).
ALTER TABLE oauth_states
  ADD COLUMN expected_account text CHECK (length(expected_account) <= 255);
