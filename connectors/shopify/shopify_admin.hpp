// The Admin GraphQL API as the Shopify connector uses it: one POST per query with the shop's
// access token, THROTTLED and HTTP errors turned into the SDK's kinds, the shop's own details,
// and orders paged by cursor and mapped to the SDK's Order (net of refunds, UTM attribution).
#pragma once

#include <rapidjson/document.h>

#include <functional>
#include <optional>
#include <roi/sdk/connector.hpp>
#include <string>

namespace roi::shopify {

class Admin {
 public:
  Admin(sdk::HostServices& host, const std::string& shop, std::string access_token);

  // data of the answer; throws on errors (THROTTLED → RateLimited after the bucket's refill time).
  rapidjson::Document query(const std::string& text, const std::string& variables_json);

  sdk::Account shop_account();

  // Orders created on [from, to] (UTC days), page by page from `after`; `on_page` gets the end
  // cursor after each page's orders went to `on_order`.
  void orders(std::chrono::year_month_day from, std::chrono::year_month_day to,
              std::optional<std::string> after,
              const std::function<void(const sdk::Order&)>& on_order,
              const std::function<void(const std::string& cursor)>& on_page);

 private:
  sdk::HostServices& host_;
  std::string shop_;
  std::string url_;
  std::string token_;
};

// One GraphQL Order node → the SDK's order: total minus refunds, status, and UTM source /
// medium / campaign from the last visit (parsed parameters, else its landing page's query), else
// the first visit.
sdk::Order order_of(const rapidjson::Value& node, const std::string& shop);

}  // namespace roi::shopify
