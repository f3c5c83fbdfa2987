// Shopify store generation and the two order shapes (GraphQL node, REST webhook payload).
#include "shopify_orders.hpp"

#include <algorithm>
#include <cctype>
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
  return "/products/shirt?utm_source=" + url_encode(o.utm_source) +
         "&utm_medium=" + url_encode(o.utm_medium) + "&utm_campaign=" + url_encode(o.utm_campaign);
}

// What the shipped aliases (conf/roi.yaml) make of a utm_source or a click identifier.
std::string alias_platform(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* g : {"google-ads", "google", "adwords", "gclid", "gbraid", "wbraid"})
    if (name == g) return "google-ads";
  for (const char* m : {"meta", "facebook", "fb", "ig", "instagram", "fbclid"})
    if (name == m) return "meta";
  return {};
}

// Lower case (ASCII) without white space: how names are compared.
std::string name_key(const std::string& name) {
  std::string out;
  for (const char c : name) {
    if (c == ' ' || c == '\t') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

// The campaign a UTM names within `platform`: by id, else by name.
std::string campaign_of(const std::vector<AdCampaign>& ads, const std::string& platform,
                        const std::string& utm) {
  for (const auto& a : ads)
    if (a.platform == platform && a.id == utm) return a.id;
  for (const auto& a : ads)
    if (a.platform == platform && name_key(a.name) == name_key(utm)) return a.id;
  return {};
}

// Pages no attribution can be read from: over-long, wrongly encoded, nested, a wallet checkout.
std::string hostile_page(std::uint64_t h) {
  switch (h % 4) {
    case 0:
      return "/products/shirt?utm_source=google&utm_campaign=" + std::string(9000, 'x');
    case 1:
      return "/products/shirt?utm_source=%FF%FEgoogle&utm_campaign=%C0%AF";
    case 2:
      return "/pages/go?next=/products/"
             "shirt?utm_source=google%26utm_campaign=x&redirect=%3Futm_source%3Dfacebook";
    default:
      return "/wallets/checkouts.json";
  }
}

// A visit's UTMs (or click id) for kind `k` of 20: 0-4 a simulated campaign by id, 5-7 by name
// (case and spaces changed), 8-9 an ad click id only, 10-11 the generic sources above, 12 a
// hostile page; the rest come direct.
void choose_visit(Order& o, std::uint64_t h, const std::vector<AdCampaign>& ads) {
  const auto k = h % 20;
  const bool google = (h >> 5) % 2 == 0;
  const std::string platform = google ? "google-ads" : "meta";
  std::vector<const AdCampaign*> own;
  for (const auto& a : ads)
    if (a.platform == platform) own.push_back(&a);
  if ((k < 8 && own.empty()) || k >= 13) {
    o.attribution = Attribution::Direct;
    return;
  }
  static const char* const kGoogleSources[] = {"google", "adwords", "Google"};
  static const char* const kMetaSources[] = {"facebook", "fb", "ig", "instagram", "Facebook"};
  const std::string source = google ? kGoogleSources[(h >> 8) % 3] : kMetaSources[(h >> 8) % 5];
  if (k < 8) {
    const auto& c = *own[(h >> 12) % own.size()];
    o.utm_source = source;
    o.utm_medium = google ? "cpc" : "paid_social";
    if (k < 5) {
      o.utm_campaign = c.id;
    } else {
      std::string name;
      for (const char ch : c.name) {
        name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
        if (ch == ' ') name.push_back(' ');
      }
      o.utm_campaign = " " + name;
    }
    o.truth = {platform, campaign_of(ads, platform, o.utm_campaign)};
    o.landing_page = landing_query(o);
  } else if (k < 10) {
    o.attribution = Attribution::LandingPage;
    o.landing_page = std::string("/collections/all?") + (google ? "gclid=" : "fbclid=") + "Cj0KCQ" +
                     std::to_string(h % 1000000007) + "&utm_content=ad";
    o.truth = {platform, {}};
  } else if (k < 12) {
    const auto& u = kUtms[(h >> 16) % 4];
    o.utm_source = u.source;
    o.utm_medium = u.medium;
    o.utm_campaign = u.campaign;
    const auto p = alias_platform(u.source);
    o.truth = {p, p.empty() ? "" : campaign_of(ads, p, u.campaign)};
    o.landing_page = landing_query(o);
  } else {
    o.attribution = Attribution::LandingPage;
    o.landing_page = hostile_page(h >> 20);
  }
}

void visit(JsonWriter& w, const char* name, const Store& store, const Order& o, bool with_utm) {
  key(w, name);
  w.StartObject();
  put(w, "occurredAt", iso_time(o.created - 600));
  const bool in_page = with_utm && o.attribution == Attribution::LandingPage;
  put(w, "landingPage", "https://" + store.domain + (in_page ? o.landing_page : "/products/shirt"));
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
  for (const auto& [platform, flavor] :
       {std::pair{"google-ads", Flavor::GoogleAds}, std::pair{"meta", Flavor::Meta}}) {
    const auto accounts = generate_accounts(read_shape(settings, platform, flavor, today));
    if (accounts.empty()) continue;
    for (const auto& c : accounts.front().campaigns)
      w.ads.push_back({platform, c.id, c.name, accounts.front().currency});
  }
  return w;
}

bool valid_shop(const std::string& domain) {
  static const std::regex kShop(R"([a-z0-9][a-z0-9-]*\.myshopify\.com)");
  return domain.size() <= 255 && std::regex_match(domain, kShop);
}

std::string decimal(std::int64_t cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", cents < 0 ? "-" : "",
                static_cast<long long>(std::llabs(cents) / 100),
                static_cast<long long>(std::llabs(cents) % 100));
  return buf;
}

std::string iso_time(std::int64_t t) {
  const auto day = Date::from_unix(t);
  const auto s = t - day.day * 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lldZ", day.str().c_str(),
                static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60),
                static_cast<long long>(s % 60));
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
    const auto count =
        static_cast<std::int64_t>(dh % static_cast<std::uint64_t>(window.max_orders_per_day + 1));
    for (std::int64_t i = 0; i < count; ++i) {
      const auto oh = mix(dh + static_cast<std::uint64_t>(i) * 0x9e3779b97f4a7c15ULL);
      Order o;
      o.id = store.id / 10 * 1000 + 5000000000000 + seq;
      o.name = "#" + std::to_string(1001 + seq);
      ++seq;
      const auto slot = 86400 / count;  // orders of a day keep their creation order
      o.created = d.day * 86400 + i * slot +
                  static_cast<std::int64_t>(oh % static_cast<std::uint64_t>(slot));
      o.currency = store.currency;
      o.total_cents = 500 + static_cast<std::int64_t>(oh % 29500);
      const auto r = (oh >> 20) % 10;
      if (r == 0)
        o.refunded_cents = o.total_cents;  // fully refunded
      else if (r < 3)
        o.refunded_cents = o.total_cents / 4;  // partial refund
      o.customer_id = 7000000000 + static_cast<std::int64_t>((oh >> 32) % 7);
      o.attribution = static_cast<Attribution>((oh >> 40) % 3);
      o.landing_page = "/products/shirt";
      choose_visit(o, oh >> 44, window.ads);
      if (o.attribution != Attribution::LandingPage) o.landing_page = "/products/shirt";
      store.orders.push_back(std::move(o));
    }
  }
  std::stable_sort(store.orders.begin(), store.orders.end(),
                   [](const Order& a, const Order& b) { return a.created < b.created; });
  return store;
}

void write_graphql_order(JsonWriter& w, const Store& store, const Order& o) {
  w.StartObject();
  put(w, "id", "gid://shopify/Order/" + std::to_string(o.id));
  put(w, "name", o.name);
  put(w, "createdAt", iso_time(o.created));
  put(w, "currencyCode", o.currency);
  put(w, "displayFinancialStatus",
      o.refunded_cents == 0               ? "PAID"
      : o.refunded_cents == o.total_cents ? "REFUNDED"
                                          : "PARTIALLY_REFUNDED");
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
  put(w, "financial_status",
      refunded == 0               ? "paid"
      : refunded == o.total_cents ? "refunded"
                                  : "partially_refunded");
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

AttributionTotals attribution_totals(const Store& store, const std::vector<AdCampaign>& ads,
                                     Date since, Date until) {
  AttributionTotals out;
  for (const auto& o : store.orders) {
    const auto d = Date::from_unix(o.created);
    if (d < since || until < d) continue;
    const auto net = o.total_cents - o.refunded_cents;
    auto add = [&](Attributed& a) {
      ++a.orders;
      a.net_cents += net;
    };
    if (!o.truth.platform.empty()) add(out.platforms[{o.truth.platform, o.currency}]);
    const AdCampaign* campaign = nullptr;
    for (const auto& a : ads)
      if (!o.truth.campaign.empty() && a.id == o.truth.campaign) campaign = &a;
    if (campaign && campaign->currency == o.currency) add(out.campaigns[campaign->id]);
    if (!campaign) add(out.unexplained[o.currency]);
  }
  return out;
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
