// An order as the orders table holds it (the arguments of orders_upsert), from the SDK's order,
// for both writers of orders: sync chunks and order webhooks.
#pragma once

#include <cstdint>
#include <roi/sdk/model.hpp>
#include <string>

namespace roi::store {

struct OrderRow {
  std::string id;
  std::int64_t placed_at;  // Unix seconds
  std::string currency;
  std::int64_t gross, refunds;
  std::string utm_source, utm_medium, utm_campaign;  // empty: none
  std::string click_id, referrer;                    // empty: none
  std::string visited_at;                            // Unix seconds as text; empty: unknown
};

// A connector's total is what the order still brings in; a refunded or cancelled order counts
// all of it as refunded, so it adds nothing to revenue.
inline OrderRow order_row(const sdk::Order& o) {
  const bool undone =
      o.status == sdk::OrderStatus::Refunded || o.status == sdk::OrderStatus::Cancelled;
  return {o.id,
          o.placed_at.time_since_epoch().count(),
          o.total.currency,
          o.total.micros,
          undone ? o.total.micros : 0,
          o.utm_source.value_or(""),
          o.utm_medium.value_or(""),
          o.utm_campaign.value_or(""),
          o.click_id.value_or(""),
          o.referrer.value_or(""),
          o.visited_at ? std::to_string(o.visited_at->time_since_epoch().count()) : ""};
}

}  // namespace roi::store
