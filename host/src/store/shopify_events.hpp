// Acts on Shopify webhook deliveries: app/uninstalled deactivates the shop's integrations and
// wipes their tokens, in the transaction that marks the delivery processed; other topics are
// recorded and left alone.
#pragma once

#include "store/pool.hpp"
#include "webhooks/provider.hpp"

namespace roi::store {

class ShopifyEvents final : public webhooks::Handler {
 public:
  explicit ShopifyEvents(Pool& pool) : pool_(pool) {}

  bool handle(std::string_view provider, const webhooks::Event& event) override;

 private:
  Pool& pool_;
};

}  // namespace roi::store
