// The records a connector produces: ad accounts, campaigns, daily metrics and store orders.
// Plain values only; money is integer micros with an ISO 4217 currency code, never floating point.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace roi::sdk {

struct Money {
  std::int64_t micros = 0;  // 1 unit of currency = 1'000'000 micros
  std::string currency;     // ISO 4217, three upper-case letters ("USD")
};

struct Account {
  std::string id;  // the platform's id, stable across syncs
  std::string name;
  std::string currency;   // the account's reporting currency (ISO 4217)
  std::string time_zone;  // IANA name ("Europe/Berlin"); daily metrics are days in this zone
};

enum class CampaignStatus { Active, Paused, Removed, Unknown };

// The longest campaign name the host takes, in bytes of UTF-8: a sync whose connector returns a
// longer one fails. (The campaign listing's page cursors carry the last name shown.)
inline constexpr std::size_t kMaxCampaignNameBytes = 1024;

struct Campaign {
  std::string account_id;
  std::string id;
  std::string name;  // at most kMaxCampaignNameBytes, valid UTF-8, no control characters
  CampaignStatus status = CampaignStatus::Unknown;
};

// One campaign on one day. Platforms restate recent days, so the same key may arrive again with
// newer numbers; the host upserts.
struct DailyMetric {
  std::string account_id;
  std::string campaign_id;
  std::chrono::year_month_day date;
  std::int64_t impressions = 0;
  std::int64_t clicks = 0;
  Money spend;
  std::int64_t conversions_micros = 0;  // platforms report fractional conversions
  Money conversion_value;
};

enum class OrderStatus { Open, Paid, Refunded, Cancelled };

struct Order {
  std::string account_id;  // the store
  std::string id;
  std::chrono::sys_seconds placed_at;
  Money total;
  OrderStatus status = OrderStatus::Open;
  std::optional<std::string> utm_source;  // what the store recorded about the visit, if anything
  std::optional<std::string> utm_campaign;
  std::optional<std::string> utm_medium;
  // The rest of that visit (the last one the store knows), for attribution to ad campaigns: the
  // name of the ad click identifier its landing page carried ("gclid", "fbclid", …; see
  // helpers/visit.hpp), the host of the site that referred it, and when it began.
  std::optional<std::string> click_id;
  std::optional<std::string> referrer;
  std::optional<std::chrono::sys_seconds> visited_at;
};

}  // namespace roi::sdk
