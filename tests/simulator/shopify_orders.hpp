// Deterministic Shopify stores: every valid *.myshopify.com domain is a shop whose currency,
// orders, refunds, customers and UTM sources derive from the seed and the domain, so tests ask for
// totals.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "data.hpp"
#include "json.hpp"
#include "settings.hpp"

namespace roi::sim::shopify {

// Where an order's campaign attribution is on the wire: the landing page's query, the visit's
// parsed utmParameters, or nowhere (a direct visit).
enum class Attribution { LandingPage, UtmParameters, FirstVisitOnly, Direct };

// A campaign of the simulated ad platforms a shop's visitors click through from (the first Google
// Ads and the first Meta account, as /_sim/accounts lists them).
struct AdCampaign {
  std::string platform;  // connector id: "google-ads" or "meta"
  std::string id, name, currency;
};

// What the host should make of an order's visit with the shipped attribution settings
// (conf/roi.yaml): a platform, and the campaign's id when the UTM names one; empty: neither.
struct Truth {
  std::string platform;
  std::string campaign;  // AdCampaign::id
};

struct Order {
  std::int64_t id = 0;
  std::string name;          // "#1001"
  std::int64_t created = 0;  // Unix seconds
  std::string currency;
  std::int64_t total_cents = 0;
  std::int64_t refunded_cents = 0;
  std::int64_t customer_id = 0;
  Attribution attribution = Attribution::Direct;
  std::string utm_source, utm_medium, utm_campaign;
  std::string landing_page;  // path and query, as REST's landing_site
  Truth truth;
};

struct Store {
  std::string domain;
  std::int64_t id = 0;
  std::string name;
  std::string currency;
  std::vector<Order> orders;  // by creation time
};

struct Window {
  Date first;
  Date last;
  std::uint64_t seed = 0;
  std::int64_t max_orders_per_day = 0;
  std::vector<AdCampaign> ads;
};

// Knobs `days`, `orders_per_day`, `seed`: the window ends yesterday on the simulator clock.
Window read_window(const Settings& settings, Date today);

bool valid_shop(const std::string& domain);  // ^[a-z0-9][a-z0-9-]*\.myshopify\.com$
Store generate_store(const std::string& domain, const Window& window);

std::string decimal(std::int64_t cents);          // 1234 → "12.34", as Shopify's Decimal strings
std::string iso_time(std::int64_t unix_seconds);  // 2026-01-02T03:04:05Z

// GraphQL Order node: id, name, createdAt, currencyCode, displayFinancialStatus, the MoneyBags
// totalPriceSet / totalRefundedSet / currentTotalPriceSet, refunds and customerJourneySummary.
void write_graphql_order(JsonWriter& w, const Store& store, const Order& order);
// REST-style (webhook) order: snake_case, decimal strings, landing_site, refunds[].transactions.
void write_rest_order(JsonWriter& w, const Store& store, const Order& order, bool with_refunds);

struct CurrencyTotals {
  std::int64_t orders = 0;
  std::int64_t gross_cents = 0;
  std::int64_t refunded_cents = 0;
};
// Per currency over the orders created on [since, until] (UTC days).
std::map<std::string, CurrencyTotals> totals(const Store& store, Date since, Date until);

struct Attributed {
  std::int64_t orders = 0;
  std::int64_t net_cents = 0;
};
struct AttributionTotals {
  std::map<std::pair<std::string, std::string>, Attributed> platforms;  // (platform, currency)
  std::map<std::string, Attributed> campaigns;    // by AdCampaign::id; orders in its currency only
  std::map<std::string, Attributed> unexplained;  // by currency: orders matched to no campaign
};
AttributionTotals attribution_totals(const Store& store, const std::vector<AdCampaign>& ads,
                                     Date since, Date until);

}  // namespace roi::sim::shopify
