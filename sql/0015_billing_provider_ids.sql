-- A subscription's ids are the billing connector's, whichever connector has the Billing
-- capability: the columns no longer name one provider.
ALTER TABLE subscriptions RENAME COLUMN stripe_customer_id TO billing_customer_id;
ALTER TABLE subscriptions RENAME COLUMN stripe_subscription_id TO billing_subscription_id;
