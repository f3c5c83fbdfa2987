#include "store/shopify_events.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <optional>
#include <regex>
#include <roi/sdk/helpers/money.hpp>
#include <vector>

#include "http/url.hpp"

#include "store/query_guard.hpp"
#include "store/webhook_journal.hpp"
#include "webhooks/json_body.hpp"

namespace roi::store {
namespace {

std::string text(const rapidjson::Value& v, const char* name) {
  const auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                     : std::string{};
}

struct OrderRow {
  std::string external_id;
  std::string ordered_at;  // ISO 8601, as Shopify sends it
  std::string currency;
  long long gross_micros = 0;
  long long refunds_micros = 0;
  std::string utm_source, utm_medium, utm_campaign;
};

// The REST-shaped order of an orders/* payload; nullopt when it is not one we can store.
std::optional<OrderRow> order_row(const rapidjson::Document& doc) {
  static const std::regex kTime(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))");
  static const std::regex kCurrency("[A-Z]{3}");
  const auto id = doc.FindMember("id");
  if (id == doc.MemberEnd() || !id->value.IsInt64() || id->value.GetInt64() <= 0) return std::nullopt;
  OrderRow row;
  row.external_id = std::to_string(id->value.GetInt64());
  row.ordered_at = text(doc, "created_at");
  row.currency = text(doc, "currency");
  const auto gross = sdk::helpers::parse_decimal_micros(text(doc, "total_price"));
  if (!std::regex_match(row.ordered_at, kTime) || !std::regex_match(row.currency, kCurrency) || !gross || *gross < 0) {
    return std::nullopt;
  }
  row.gross_micros = *gross;
  const auto refunds = doc.FindMember("refunds");
  if (refunds != doc.MemberEnd() && refunds->value.IsArray()) {
    for (const auto& refund : refunds->value.GetArray()) {
      const auto tx = refund.IsObject() ? refund.FindMember("transactions") : refund.MemberEnd();
      if (!refund.IsObject() || tx == refund.MemberEnd() || !tx->value.IsArray()) continue;
      for (const auto& t : tx->value.GetArray()) {
        if (!t.IsObject() || text(t, "kind") != "refund" || text(t, "status") != "success") continue;
        const auto amount = sdk::helpers::parse_decimal_micros(text(t, "amount"));
        if (!amount || *amount < 0) return std::nullopt;
        row.refunds_micros += *amount;
      }
    }
  }
  row.refunds_micros = std::min(row.refunds_micros, row.gross_micros);
  // UTMs as the visit's landing page recorded them.
  const auto landing = text(doc, "landing_site");
  const auto q = landing.find('?');
  if (q != std::string::npos) {
    const std::string_view query = std::string_view(landing).substr(q + 1);
    for (auto [name, field] : {std::pair{"utm_source", &row.utm_source}, {"utm_medium", &row.utm_medium},
                               {"utm_campaign", &row.utm_campaign}}) {
      const auto p = http::query_param(query.substr(0, query.find('#')), name);
      if (p.present && !p.malformed) *field = p.value.substr(0, 255);
    }
  }
  return row;
}

// The shop revoked our token (or asked for its data gone): nothing may use it again, and a
// reconnect starts over.
void wipe_tokens(soci::session& session, const std::string& shop) {
  session << "UPDATE integrations SET is_active = false, status = 'disconnected', "
             "access_token = NULL, refresh_token = NULL, token_key_id = NULL, token_expiry = NULL, "
             "updated_at = now() WHERE platform = 'shopify' AND account_id = :shop",
      soci::use(shop);
}

}  // namespace

// orders/*: the order is upserted into every active integration of the shop, and the dashboard
// days it left and entered are refreshed, in the same transaction (orders_upsert), which also
// bumps the users' data versions.
bool ShopifyEvents::upsert_order(std::string_view provider, const webhooks::Event& event,
                                 const rapidjson::Document& doc) {
  const auto row = order_row(doc);
  if (!row) return false;
  return guarded("orders.shopify_upsert", [&] {
    auto session = pool_.lease();
    soci::transaction tx(*session);
    if (!lock_unprocessed_event(*session, provider, event.id)) return true;
    std::vector<long long> ids;
    soci::rowset<long long> rs = (session->prepare << "SELECT id FROM integrations WHERE platform = 'shopify' "
                                                      "AND account_id = :shop AND is_active",
                                  soci::use(event.account));
    for (const auto id : rs) ids.push_back(id);
    for (const auto id : ids) {
      // The same upsert as a sync's (sql/0012_orders_upsert.sql), for one order.
      long long upserted = 0;
      *session << "SELECT orders_upsert(:id, ARRAY[:ext], "
                  "ARRAY[floor(extract(epoch FROM CAST(:at AS timestamptz)))::bigint], ARRAY[:cur], "
                  "ARRAY[CAST(:gross AS bigint)], ARRAY[CAST(:refunds AS bigint)], ARRAY[:src], "
                  "ARRAY[:med], ARRAY[:camp])",
          soci::use(id, "id"), soci::use(row->external_id, "ext"), soci::use(row->ordered_at, "at"),
          soci::use(row->currency, "cur"), soci::use(row->gross_micros, "gross"),
          soci::use(row->refunds_micros, "refunds"), soci::use(row->utm_source, "src"),
          soci::use(row->utm_medium, "med"), soci::use(row->utm_campaign, "camp"),
          soci::into(upserted);
    }
    mark_event_processed(*session, provider, event.id, ids.empty() ? "ignored" : "applied");
    tx.commit();
    changes_.settle(*session);
    return true;
  });
}

// The privacy topics. We keep no customer identity (orders hold amounts, currency, day and UTMs),
// so a data request is acknowledged and recorded; a customer redaction drops the UTMs of the
// named orders (their visit history); a shop redaction deletes the shop's orders, refreshes the
// dashboard days they covered and wipes the shop's tokens.
bool ShopifyEvents::privacy(std::string_view provider, const webhooks::Event& event, const rapidjson::Document& doc) {
  std::string ids = "{";
  const auto listed = doc.FindMember("orders_to_redact");
  if (listed != doc.MemberEnd() && listed->value.IsArray()) {
    for (const auto& id : listed->value.GetArray()) {
      if (!id.IsInt64()) continue;
      ids += (ids.size() > 1 ? "," : "") + std::to_string(id.GetInt64());
    }
  }
  ids += "}";
  return guarded("orders.shopify_privacy", [&] {
    auto session = pool_.lease();
    soci::transaction tx(*session);
    if (!lock_unprocessed_event(*session, provider, event.id)) return true;
    if (event.type == "customers/redact") {
      *session << "UPDATE orders SET utm_source = NULL, utm_medium = NULL, utm_campaign = NULL, updated_at = now() "
                  "WHERE integration_id IN (SELECT id FROM integrations WHERE platform = 'shopify' AND account_id = :shop) "
                  "AND external_id = ANY(CAST(:ids AS text[]))",
          soci::use(event.account, "shop"), soci::use(ids, "ids");
    } else if (event.type == "shop/redact") {
      struct Range {
        long long id;
        std::string from, to;
      };
      std::vector<Range> ranges;
      soci::rowset<soci::row> rs = (session->prepare <<
          "SELECT integration_id, to_char((min(ordered_at) AT TIME ZONE 'UTC')::date - 1, 'YYYY-MM-DD'), "
          "to_char((max(ordered_at) AT TIME ZONE 'UTC')::date + 1, 'YYYY-MM-DD') FROM orders "
          "WHERE integration_id IN (SELECT id FROM integrations WHERE platform = 'shopify' AND account_id = :shop) "
          "GROUP BY integration_id", soci::use(event.account, "shop"));
      for (const auto& r : rs) ranges.push_back({r.get<long long>(0), r.get<std::string>(1), r.get<std::string>(2)});
      *session << "DELETE FROM orders WHERE integration_id IN "
                  "(SELECT id FROM integrations WHERE platform = 'shopify' AND account_id = :shop)",
          soci::use(event.account, "shop");
      for (auto& r : ranges) {
        *session << "SELECT dashboard_refresh(:id, CAST(:from AS date), CAST(:to AS date))", soci::use(r.id, "id"),
            soci::use(r.from, "from"), soci::use(r.to, "to");
      }
      wipe_tokens(*session, event.account);
    }
    mark_event_processed(*session, provider, event.id, "applied");
    tx.commit();
    changes_.settle(*session);
    return true;
  });
}

bool ShopifyEvents::handle(std::string_view provider, const webhooks::Event& event) {
  const bool order = event.type.rfind("orders/", 0) == 0;
  const bool privacy_topic = event.type == "customers/data_request" || event.type == "customers/redact" ||
                             event.type == "shop/redact";
  if (!order && !privacy_topic && event.type != "app/uninstalled") return false;
  // The provider's parse, or our own when it kept none.
  rapidjson::Document parsed;
  if (!event.json && !webhooks::parse_json_object(event.body, parsed)) return false;
  const rapidjson::Document& doc = event.json ? *event.json : parsed;
  if (order) return upsert_order(provider, event, doc);
  if (privacy_topic) return privacy(provider, event, doc);
  const auto domain = doc.FindMember("myshopify_domain");
  if (domain == doc.MemberEnd() || !domain->value.IsString()) return false;
  const std::string shop = domain->value.GetString();
  return guarded("integrations.shopify_uninstalled", [&] {
    auto session = pool_.lease();
    soci::transaction tx(*session);
    if (!lock_unprocessed_event(*session, provider, event.id)) return true;
    wipe_tokens(*session, shop);
    mark_event_processed(*session, provider, event.id, "applied");
    tx.commit();
    return true;
  });
}

}  // namespace roi::store
