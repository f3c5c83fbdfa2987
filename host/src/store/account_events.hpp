// Acts on a connector's webhook events about accounts and their orders, each in the transaction
// that marks it processed. The account is an integration's account_id under the connector's id:
// an order placed or changed (Orders capability) is upserted into the account's active
// integrations that hold it and its dashboard days refreshed, and those that do not hold it are
// synced (the delivery's account is not signed); an order deleted is removed likewise; a
// disconnected account has its integrations deactivated and their tokens wiped; a redacted account
// loses its orders and tokens; a customer redaction drops the visit data (UTMs) of the orders it
// names; a data request is acknowledged, since no customer identity is kept.
#pragma once

#include <roi/sdk/connector.hpp>

#include "store/change_feed.hpp"
#include "store/pool.hpp"

namespace roi::store {

// app/ puts it behind webhooks::Handler.
class AccountEvents {
 public:
  // Deliveries that change orders are answered once `changes` has heard of their commit; the
  // syncs they queue get `sync_max_attempts` (sync.max_attempts).
  AccountEvents(Pool& pool, ChangeFeed& changes, int sync_max_attempts)
      : pool_(pool), changes_(changes), sync_max_attempts_(sync_max_attempts) {}

  // False when the event is none of its business; applies it in the transaction that marks it
  // processed otherwise.
  bool handle(const sdk::Description& connector, const sdk::WebhookEvent& event);

 private:
  bool upsert_order(const std::string& connector, const sdk::WebhookEvent& event);
  bool delete_orders(const std::string& connector, const sdk::WebhookEvent& event);
  bool redact(const std::string& connector, const sdk::WebhookEvent& event);
  bool disconnect(const std::string& connector, const sdk::WebhookEvent& event);

  Pool& pool_;
  ChangeFeed& changes_;
  int sync_max_attempts_;
};

}  // namespace roi::store
