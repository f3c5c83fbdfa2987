// Acts on Shopify webhook deliveries, each in the transaction that marks it processed: orders/*
// upsert the order into the shop's integrations and refresh their dashboard days;
// app/uninstalled deactivates the shop's integrations and wipes their tokens; other topics are
// customers/data_request is recorded, customers/redact and shop/redact remove what they name;
// other topics are recorded and left alone.
#pragma once

#include <rapidjson/document.h>

#include "store/change_feed.hpp"
#include "store/pool.hpp"
#include "webhooks/provider.hpp"

namespace roi::store {

class ShopifyEvents final : public webhooks::Handler {
 public:
  // Order and privacy deliveries are answered once `changes` has heard of their commit.
  ShopifyEvents(Pool& pool, ChangeFeed& changes) : pool_(pool), changes_(changes) {}

  bool handle(std::string_view provider, const webhooks::Event& event) override;

 private:
  bool privacy(std::string_view provider, const webhooks::Event& event, const rapidjson::Document& doc);
  bool upsert_order(std::string_view provider, const webhooks::Event& event, const rapidjson::Document& doc);

  Pool& pool_;
  ChangeFeed& changes_;
};

}  // namespace roi::store
