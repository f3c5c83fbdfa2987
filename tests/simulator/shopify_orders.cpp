// Shopify store generation and the two order shapes (GraphQL node, REST webhook payload).
#include "shopify_orders.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <regex>

#include "http.hpp"

namespace roi::sim::shopify {

namespace {

struct Utm {
  const char* source;
  const char* medium;
  const char* campaign;
};

// Campaign names include the hostile ones the ad platforms also produce: quotes, non-ASCII, '&'.
const Utm kUtms[] = {
    {"google", "cpc", "Brand Search"},
    {"facebook", "paid_social", "Spring \"Sale\" — 2026"},
    {"newsletter", "email", "Winter & Co"},
    {"tiktok", "paid_social", "Launch"},
};

const char* const kCurrencies[] = {"USD", "EUR", "GBP", "CAD"};

void money_bag(JsonWriter& w, const char* name, std::int64_t cents, const std::string& currency) {
  key(w, name);
  w.StartObject();
  for (const char* side : {"shopMoney", "presentmentMoney"}) {
    key(w, side);
    w.StartObject();
    put(w, "amount", decimal(cents));
    put(w, "currencyCode", currency);
    w.EndObject();
  }
  w.EndObject();
}

std::string landing_query(const Order& o) {
  return "/products/shirt?utm_source=" + url_encode(o.utm_source) + "&utm_medium=" + url_encode(o.utm_medium) +
         "&utm_campaign=" + url_encode(o.utm_campaign);
}

void visit(JsonWriter& w, const char* name, const Store& store, const Order& o, bool with_utm) {
  key(w, name);
  w.StartObject();
  put(w, "occurredAt", iso_time(o.created - 600));
  const bool in_page = with_utm && o.attribution == Attribution::LandingPage;
  put(w, "landingPage", "https://" + store.domain + (in_page ? landing_query(o) : "/products/shirt"));
  key(w, "utmParameters");
  if (with_utm && o.attribution != Attribution::LandingPage) {
    w.StartObject();
    put(w, "source", o.utm_source);
    put(w, "medium", o.utm_medium);
    put(w, "campaign", o.utm_campaign);
    w.EndObject();
  } else {
    w.Null();
  }
  w.EndObject();
}

}  // namespace

Window read_window(const Settings& settings, Date today) {
  Window w;
  w.last = today.plus(-1);
  w.first = today.plus(-settings.integer("shopify", "days"));
  w.seed = static_cast<std::uint64_t>(settings.integer("shopify", "seed"));
  w.max_orders_per_day = settings.integer("shopify", "orders_per_day");
  return w;
}

bool valid_shop(const std::string& domain) {
  static const std::regex kShop(R"([a-z0-9][a-z0-9-]*\.myshopify\.com)");
  return domain.size() <= 255 && std::regex_match(domain, kShop);
}

std::string decimal(std::int64_t cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", cents < 0 ? "-" : "", static_cast<long long>(std::llabs(cents) / 100),
                static_cast<long long>(std::llabs(cents) % 100));
  return buf;
}

std::string iso_time(std::int64_t t) {
  const auto day = Date::from_unix(t);
  const auto s = t - day.day * 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lldZ", day.str().c_str(), static_cast<long long>(s / 3600),
                static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  return buf;
}

Store generate_store(const std::string& domain, const Window& window) {
  Store store;
  store.domain = domain;
  const auto h = mix(hash_text(domain) ^ window.seed);
  store.id = static_cast<std::int64_t>(60000000000 + h % 9000000000);
  store.name = domain.substr(0, domain.find('.'));
  store.currency = kCurrencies[h % 4];
  std::int64_t seq = 0;
  for (auto d = window.first; d <= window.last; d = d.plus(1)) {
    const auto dh = mix(h ^ static_cast<std::uint64_t>(d.day));
    const auto count = static_cast<std::int64_t>(dh % static_cast<std::uint64_t>(window.max_orders_per_day + 1));
    for (std::int64_t i = 0; i < count; ++i) {
      const auto oh = mix(dh + static_cast<std::uint64_t>(i) * 0x9e3779b97f4a7c15ULL);
      Order o;
      o.id = store.id / 10 * 1000 + 5000000000000 + seq;
      o.name = "#" + std::to_string(1001 + seq);
      ++seq;
      const auto slot = 86400 / count;  // orders of a day keep their creation order
      o.created = d.day * 86400 + i * slot + static_cast<std::int64_t>(oh % static_cast<std::uint64_t>(slot));
      o.currency = store.currency;
      o.total_cents = 500 + static_cast<std::int64_t>(oh % 29500);
      const auto r = (oh >> 20) % 10;
      if (r == 0) o.refunded_cents = o.total_cents;          // fully refunded
      else if (r < 3) o.refunded_cents = o.total_cents / 4;  // partial refund
      o.customer_id = 7000000000 + static_cast<std::int64_t>((oh >> 32) % 7);
      o.attribution = static_cast<Attribution>((oh >> 40) % 4);
      if (o.attribution != Attribution::Direct) {
        const auto& u = kUtms[(oh >> 44) % 4];
        o.utm_source = u.source;
        o.utm_medium = u.medium;
        o.utm_campaign = u.campaign;
      }
      o.landing_page = o.attribution == Attribution::LandingPage ? landing_query(o) : "/products/shirt";
      store.orders.push_back(std::move(o));
    }
  }
  std::stable_sort(store.orders.begin(), store.orders.end(), [](const Order& a, const Order& b) { return a.created < b.created; });
  return store;
}

void write_graphql_order(JsonWriter& w, const Store& store, const Order& o) {
  w.StartObject();
  put(w, "id", "gid://shopify/Order/" + std::to_string(o.id));
  put(w, "name", o.name);
  put(w, "createdAt", iso_time(o.created));
  put(w, "currencyCode", o.currency);
  put(w, "displayFinancialStatus",
      o.refunded_cents == 0 ? "PAID" : o.refunded_cents == o.total_cents ? "REFUNDED" : "PARTIALLY_REFUNDED");
  money_bag(w, "totalPriceSet", o.total_cents, o.currency);
  money_bag(w, "totalRefundedSet", o.refunded_cents, o.currency);
  money_bag(w, "currentTotalPriceSet", o.total_cents - o.refunded_cents, o.currency);
  key(w, "refunds");
  w.StartArray();
  if (o.refunded_cents > 0) {
    w.StartObject();
    put(w, "createdAt", iso_time(o.created + 86400));
    money_bag(w, "totalRefundedSet", o.refunded_cents, o.currency);
    w.EndObject();
  }
  w.EndArray();
  key(w, "customerJourneySummary");
  if (o.attribution == Attribution::Direct) {
    w.Null();
  } else {
    w.StartObject();
    visit(w, "firstVisit", store, o, true);
    visit(w, "lastVisit", store, o, o.attribution != Attribution::FirstVisitOnly);
    w.EndObject();
  }
  w.EndObject();
}

void write_rest_order(JsonWriter& w, const Store& store, const Order& o, bool with_refunds) {
  const auto refunded = with_refunds ? o.refunded_cents : 0;
  w.StartObject();
  key(w, "id");
  w.Int64(o.id);
  put(w, "admin_graphql_api_id", "gid://shopify/Order/" + std::to_string(o.id));
  put(w, "name", o.name);
  put(w, "created_at", iso_time(o.created));
  put(w, "updated_at", iso_time(o.created + (with_refunds ? 86400 : 0)));
  put(w, "currency", o.currency);
  put(w, "total_price", decimal(o.total_cents));
  put(w, "current_total_price", decimal(o.total_cents - refunded));
  put(w, "financial_status", refunded == 0 ? "paid" : refunded == o.total_cents ? "refunded" : "partially_refunded");
  put(w, "landing_site", o.landing_page);
  put(w, "referring_site", "");
  put(w, "source_name", "web");
  key(w, "customer");
  w.StartObject();
  key(w, "id");
  w.Int64(o.customer_id);
  put(w, "email", "customer" + std::to_string(o.customer_id % 100) + "@" + store.name + ".example");
  w.EndObject();
  key(w, "refunds");
  w.StartArray();
  if (refunded > 0) {
    w.StartObject();
    key(w, "order_id");
    w.Int64(o.id);
    key(w, "transactions");
    w.StartArray();
    w.StartObject();
    put(w, "kind", "refund");
    put(w, "status", "success");
    put(w, "amount", decimal(refunded));
    put(w, "currency", o.currency);
    w.EndObject();
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

std::map<std::string, CurrencyTotals> totals(const Store& store, Date since, Date until) {
  std::map<std::string, CurrencyTotals> out;
  for (const auto& o : store.orders) {
    const auto d = Date::from_unix(o.created);
    if (d < since || until < d) continue;
    auto& t = out[o.currency];
    ++t.orders;
    t.gross_cents += o.total_cents;
    t.refunded_cents += o.refunded_cents;
  }
  return out;
}

}  // namespace roi::sim::shopify
