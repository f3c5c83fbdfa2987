#include "shopify_admin.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <roi/sdk/helpers/http.hpp>
#include <roi/sdk/helpers/money.hpp>
#include <roi/sdk/helpers/numbers.hpp>
#include <roi/sdk/helpers/paging.hpp>
#include <roi/sdk/helpers/settings.hpp>
#include <roi/sdk/helpers/visit.hpp>

#include "shopify_install.hpp"
#include "shopify_json.hpp"

namespace roi::shopify {

namespace {

constexpr const char* kOrdersQuery =
    "query Orders($first: Int!, $after: String, $query: String) {"
    " orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT) {"
    " pageInfo { hasNextPage endCursor }"
    " edges { node { id createdAt currencyCode displayFinancialStatus"
    " totalPriceSet { shopMoney { amount currencyCode } }"
    " totalRefundedSet { shopMoney { amount currencyCode } }"
    " customerJourneySummary {"
    " firstVisit { occurredAt landingPage referrerUrl utmParameters { source medium campaign } }"
    " lastVisit { occurredAt landingPage referrerUrl utmParameters { source medium campaign } }"
    " } } } } }";

std::string json_string(const std::string& s) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
  return sb.GetString();
}

// A customer visit: its landing page and referrer as stores record them, with the UTM values
// Shopify parsed (preferred when present). nullopt when it tells nothing about where it came from.
std::optional<sdk::helpers::Visit> visit_of(const rapidjson::Value& visit) {
  if (!visit.IsObject()) return std::nullopt;
  auto v = sdk::helpers::read_visit(text(visit, "landingPage"), text(visit, "referrerUrl"));
  const auto& params = member(visit, "utmParameters");
  auto source = sdk::helpers::utm_value(text(params, "source"));
  auto medium = sdk::helpers::utm_value(text(params, "medium"));
  auto campaign = sdk::helpers::utm_value(text(params, "campaign"));
  if (source || medium || campaign) {
    v.utm_source = std::move(source);
    v.utm_medium = std::move(medium);
    v.utm_campaign = std::move(campaign);
  }
  if (!v.utm_source && !v.utm_medium && !v.utm_campaign && !v.click_id && !v.referrer)
    return std::nullopt;
  return v;
}

// THROTTLED: wait until the bucket holds the requested cost again.
std::chrono::seconds refill_time(const rapidjson::Value& doc) {
  const auto& cost = member(member(doc, "extensions"), "cost");
  const auto& status = member(cost, "throttleStatus");
  const auto& requested = member(cost, "requestedQueryCost");
  const auto& available = member(status, "currentlyAvailable");
  const auto& rate = member(status, "restoreRate");
  if (!requested.IsNumber() || !available.IsNumber() || !rate.IsNumber() || rate.GetDouble() <= 0) {
    return std::chrono::seconds(2);
  }
  const auto missing = std::max(0.0, requested.GetDouble() - available.GetDouble());
  // Capped before the cast: a tiny restoreRate from the reply would overflow an integer.
  const double wait = std::min(86400.0, std::ceil(missing / rate.GetDouble()));
  return std::chrono::seconds(std::max<std::int64_t>(1, static_cast<std::int64_t>(wait)));
}

}  // namespace

Admin::Admin(sdk::HostServices& host, const std::string& shop, std::string access_token)
    : host_(host),
      shop_(shop),
      url_(shop_base(host, shop) + "/admin/api/" + sdk::helpers::setting(host, "api_version") +
           "/graphql.json"),
      token_(std::move(access_token)) {}

rapidjson::Document Admin::query(const std::string& text_, const std::string& variables_json) {
  const auto response = host_.http(
      {.method = "POST",
       .url = url_,
       .headers = {{"content-type", "application/json"},
                   {"accept", "application/json"},
                   {"x-shopify-access-token", token_}},
       .body = "{\"query\":" + json_string(text_) + ",\"variables\":" + variables_json + "}"});
  sdk::helpers::expect_success(response, "Shopify Admin GraphQL");
  rapidjson::Document doc;
  doc.Parse(response.body.data(), response.body.size());
  if (doc.HasParseError() || !doc.IsObject())
    throw sdk::transient("Shopify answered with unreadable JSON");
  const auto& errors = member(doc, "errors");
  if (errors.IsArray() && !errors.Empty()) {
    if (text(member(errors[0], "extensions"), "code") == "THROTTLED") {
      throw sdk::rate_limited("Shopify's query cost limit is reached", refill_time(doc));
    }
    throw sdk::permanent("Shopify refused the query: " + text(errors[0], "message"));
  }
  if (!member(doc, "data").IsObject()) throw sdk::transient("Shopify's answer has no data");
  return doc;
}

sdk::Account Admin::shop_account() {
  const auto doc = query("query { shop { name currencyCode ianaTimezone } }", "{}");
  const auto& shop = member(member(doc, "data"), "shop");
  const auto currency = text(shop, "currencyCode");
  if (!sdk::helpers::is_currency_code(currency))
    throw sdk::permanent("Shopify sent no shop currency");
  const auto zone = text(shop, "ianaTimezone");
  return {shop_, text(shop, "name").empty() ? shop_ : text(shop, "name"), currency,
          zone.empty() ? "UTC" : zone};
}

void Admin::orders(std::chrono::year_month_day from, std::chrono::year_month_day to,
                   std::optional<std::string> after,
                   const std::function<void(const sdk::Order&)>& on_order,
                   const std::function<void(const std::string&)>& on_page) {
  const auto page_size = sdk::helpers::setting(host_, "page_size");
  const auto size = sdk::helpers::parse_int64(page_size);
  if (!size || *size < 1 || *size > 250)
    throw sdk::permanent("setting 'page_size' must be 1 to 250");
  const auto search = "created_at:>=" + sdk::helpers::format_date(from) +
                      " created_at:<=" + sdk::helpers::format_date(to);
  sdk::helpers::for_each_page(
      host_, std::move(after),
      [&](const std::optional<std::string>& cursor) -> std::optional<std::string> {
        const auto doc = query(kOrdersQuery, "{\"first\":" + std::to_string(*size) + ",\"after\":" +
                                                 (cursor ? json_string(*cursor) : "null") +
                                                 ",\"query\":" + json_string(search) + "}");
        const auto& connection = member(member(doc, "data"), "orders");
        const auto& edges = member(connection, "edges");
        if (!edges.IsArray()) throw sdk::permanent("Shopify's orders answer has no edges");
        for (const auto& edge : edges.GetArray()) on_order(order_of(member(edge, "node"), shop_));
        const auto& info = member(connection, "pageInfo");
        const auto end = text(info, "endCursor");
        if (!end.empty()) on_page(end);
        const auto& more = member(info, "hasNextPage");
        if (more.IsBool() && more.GetBool() && !end.empty()) return end;
        return std::nullopt;
      });
}

sdk::Order order_of(const rapidjson::Value& node, const std::string& shop) {
  sdk::Order o;
  o.account_id = shop;
  o.id = text(node, "id");
  const auto slash = o.id.rfind('/');
  if (slash != std::string::npos) o.id = o.id.substr(slash + 1);  // gid://shopify/Order/123 → 123
  if (!sdk::helpers::is_numeric_id(o.id))
    throw sdk::permanent("Shopify sent an order without an id");
  const auto at = parse_time(text(node, "createdAt"));
  if (!at) throw sdk::permanent("Shopify sent an order with an unreadable createdAt");
  o.placed_at = *at;
  const auto& total = member(member(node, "totalPriceSet"), "shopMoney");
  const auto& refunded = member(member(node, "totalRefundedSet"), "shopMoney");
  const auto gross = sdk::helpers::parse_money(text(total, "amount"), text(total, "currencyCode"),
                                               "totalPriceSet");
  const auto refunds = refunded.IsObject() ? sdk::helpers::parse_money(
                                                 text(refunded, "amount"),
                                                 text(refunded, "currencyCode"), "totalRefundedSet")
                                           : sdk::Money{0, gross.currency};
  if (refunds.currency != gross.currency)
    throw sdk::permanent("Shopify sent refunds in another currency");
  // Checked: a hostile reply (a huge total, a negative refund) must not overflow into UB.
  std::int64_t net = 0;
  if (__builtin_sub_overflow(gross.micros, refunds.micros, &net))
    throw sdk::permanent("Shopify sent an order amount out of range");
  o.total = {std::max<std::int64_t>(0, net), gross.currency};
  const auto status = text(node, "displayFinancialStatus");
  o.status = status == "REFUNDED"                                 ? sdk::OrderStatus::Refunded
             : status == "VOIDED"                                 ? sdk::OrderStatus::Cancelled
             : status == "PAID" || status == "PARTIALLY_REFUNDED" ? sdk::OrderStatus::Paid
                                                                  : sdk::OrderStatus::Open;
  // Last click: the last visit; when it tells nothing (Shopify knew no source for it), the first.
  const auto& journey = member(node, "customerJourneySummary");
  const char* which = "lastVisit";
  auto visit = visit_of(member(journey, which));
  if (!visit) visit = visit_of(member(journey, which = "firstVisit"));
  if (visit) {
    sdk::helpers::set_visit(o, std::move(*visit));
    o.visited_at = parse_time(text(member(journey, which), "occurredAt"));
  }
  return o;
}

}  // namespace roi::shopify
