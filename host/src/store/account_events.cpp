#include "store/account_events.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <vector>

#include "store/array_text.hpp"
#include "store/order_row.hpp"
#include "store/query_guard.hpp"
#include "store/webhook_journal.hpp"

namespace roi::store {
namespace {

using sdk::WebhookAction;

constexpr const char* kAccountIntegrations =
    "SELECT id FROM integrations WHERE platform = :connector AND account_id = :account";

std::string text_array(const std::vector<std::string>& values) {
  ArrayText out;
  for (const auto& v : values) out.text(v);
  return out.done();
}

// Runs `body` (which answers the outcome to record) in one transaction with the event's claim:
// an event processed already, by an earlier delivery or a concurrent one, is not applied again.
// Deliveries that change what dashboards show settle with the change feed before answering.
template <typename Body>
bool apply(Pool& pool, ChangeFeed* changes, const char* operation, const std::string& connector,
           const sdk::WebhookEvent& event, Body body) {
  return guarded(operation, [&] {
    auto session = pool.lease();
    soci::transaction tx(*session);
    if (!lock_unprocessed_event(*session, connector, event.id)) return true;
    const char* outcome = body(*session);
    mark_event_processed(*session, connector, event.id, outcome);
    tx.commit();
    if (changes) changes->settle(*session);
    return true;
  });
}

// The account revoked our access (or asked for its data gone): nothing may use its tokens again,
// and a reconnect starts over.
void wipe_tokens(soci::session& session, const std::string& connector, const std::string& account) {
  session << "UPDATE integrations SET is_active = false, status = 'disconnected', "
             "access_token = NULL, refresh_token = NULL, token_key_id = NULL, token_expiry = NULL, "
             "updated_at = now() WHERE platform = :connector AND account_id = :account",
      soci::use(connector, "connector"), soci::use(account, "account");
}

// Deletes the account's orders (all of them, or those in `ids`) and recomputes the dashboard days
// they covered, a day wider each way because the days are their owners' local ones.
void delete_orders(soci::session& session, const std::string& connector, const std::string& account,
                   const std::vector<std::string>* ids) {
  const std::string where =
      std::string("integration_id IN (") + kAccountIntegrations +
      ") AND (CAST(:every AS int) = 1 OR external_id = ANY(CAST(:ids AS text[])))";
  const int every = ids ? 0 : 1;
  const std::string listed = text_array(ids ? *ids : std::vector<std::string>{});
  struct Range {
    long long id;
    std::string from, to;
  };
  std::vector<Range> ranges;
  soci::rowset<soci::row> rs =
      (session.prepare << "SELECT integration_id, "
                          "to_char((min(ordered_at) AT TIME ZONE 'UTC')::date - 1, 'YYYY-MM-DD'), "
                          "to_char((max(ordered_at) AT TIME ZONE 'UTC')::date + 1, 'YYYY-MM-DD') "
                          "FROM orders WHERE " +
                              where + " GROUP BY integration_id",
       soci::use(connector, "connector"), soci::use(account, "account"), soci::use(every, "every"),
       soci::use(listed, "ids"));
  for (const auto& r : rs)
    ranges.push_back({r.get<long long>(0), r.get<std::string>(1), r.get<std::string>(2)});
  session << "DELETE FROM orders WHERE " + where, soci::use(connector, "connector"),
      soci::use(account, "account"), soci::use(every, "every"), soci::use(listed, "ids");
  for (auto& r : ranges) {
    session << "SELECT dashboard_refresh(:id, CAST(:from AS date), CAST(:to AS date))",
        soci::use(r.id, "id"), soci::use(r.from, "from"), soci::use(r.to, "to");
  }
}

}  // namespace

bool AccountEvents::handle(const sdk::Description& connector, const sdk::WebhookEvent& event) {
  const bool orders = connector.has(sdk::Capability::Orders);
  switch (event.action) {
    case WebhookAction::OrderUpserted:
      return orders && upsert_order(connector.id, event);
    case WebhookAction::OrderDeleted:
      return orders && delete_orders(connector.id, event);
    case WebhookAction::CustomerRedacted:
    case WebhookAction::AccountRedacted:
    case WebhookAction::DataRequested:
      return redact(connector.id, event);
    case WebhookAction::AccountDisconnected:
      return disconnect(connector.id, event);
    case WebhookAction::None:
    case WebhookAction::SubscriptionChanged:
      return false;
  }
  return false;
}

// Order payloads name no shop, the header that does is unsigned, and the app's one secret signs
// every shop's deliveries: a body signed for one shop can be sent under any other shop's name. So
// a delivery changes only an order that an integration of the named account already holds, which
// that account's own sync stored (order ids are unique across a platform, so the order is the
// account's), with the same upsert as a sync's (sql/0012_orders_upsert.sql), which also refreshes
// the dashboard days the order left and entered and bumps the owners' data versions. An order no
// active integration of the account holds yet is fetched by a sync of each such integration,
// queued now: with the account's own token, only the account's own orders come in.
bool AccountEvents::upsert_order(const std::string& connector, const sdk::WebhookEvent& event) {
  const OrderRow row = order_row(*event.order);
  return apply(pool_, &changes_, "orders.webhook_upsert", connector, event, [&](soci::session& s) {
    std::vector<long long> holding, lacking;
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT i.id, EXISTS (SELECT 1 FROM orders o WHERE o.integration_id = i.id "
                      "AND o.external_id = :ext)::int FROM integrations i "
                      "WHERE i.platform = :connector AND i.account_id = :account AND i.is_active",
         soci::use(row.id, "ext"), soci::use(connector, "connector"),
         soci::use(event.account_id, "account"));
    for (const auto& r : rs)
      (r.get<int>(1) != 0 ? holding : lacking).push_back(r.get<long long>(0));
    for (const auto id : holding) {
      long long upserted = 0;
      s << "SELECT orders_upsert(:id, ARRAY[:ext], ARRAY[CAST(:at AS bigint)], ARRAY[:cur], "
           "ARRAY[CAST(:gross AS bigint)], ARRAY[CAST(:refunds AS bigint)], ARRAY[:src], "
           "ARRAY[:med], ARRAY[:camp], ARRAY[:click], ARRAY[:ref], ARRAY[:visited])",
          soci::use(id, "id"), soci::use(row.id, "ext"), soci::use(row.placed_at, "at"),
          soci::use(row.currency, "cur"), soci::use(row.gross, "gross"),
          soci::use(row.refunds, "refunds"), soci::use(row.utm_source, "src"),
          soci::use(row.utm_medium, "med"), soci::use(row.utm_campaign, "camp"),
          soci::use(row.click_id, "click"), soci::use(row.referrer, "ref"),
          soci::use(row.visited_at, "visited"), soci::into(upserted);
    }
    for (const auto id : lacking) {
      // As the scheduler's (SyncJobRepository::queue_scheduled): nothing if one is pending.
      s << "INSERT INTO sync_jobs (integration_id, trigger, max_attempts) "
           "VALUES (:id, 'scheduled', :max) ON CONFLICT DO NOTHING",
          soci::use(id, "id"), soci::use(sync_max_attempts_, "max");
    }
    return !holding.empty() ? "applied" : !lacking.empty() ? "sync_queued" : "ignored";
  });
}

bool AccountEvents::delete_orders(const std::string& connector, const sdk::WebhookEvent& event) {
  return apply(pool_, &changes_, "orders.webhook_delete", connector, event, [&](soci::session& s) {
    // Only an account connected now has its orders changed by a delivery naming it.
    int active = 0;
    s << "SELECT EXISTS (" + std::string(kAccountIntegrations) + " AND is_active)::int",
        soci::use(connector, "connector"), soci::use(event.account_id, "account"),
        soci::into(active);
    if (active == 0) return "ignored";
    store::delete_orders(s, connector, event.account_id, &event.order_ids);
    return "applied";
  });
}

// No customer identity is kept (orders hold amounts, currency, day and UTMs): a data request is
// acknowledged and recorded; a customer redaction drops the UTMs (their visit history) of the
// orders it names; an account redaction deletes the account's orders and wipes its tokens.
bool AccountEvents::redact(const std::string& connector, const sdk::WebhookEvent& event) {
  return apply(pool_, &changes_, "orders.webhook_redact", connector, event, [&](soci::session& s) {
    if (event.action == WebhookAction::CustomerRedacted) {
      const std::string ids = text_array(event.order_ids);
      // The orders lose their attribution with their visits (sql/0019_attribution.sql).
      s << "SELECT orders_forget_visits(ARRAY(SELECT id FROM orders WHERE integration_id IN (" +
               std::string(kAccountIntegrations) +
               ") AND external_id = ANY(CAST(:ids AS text[]))))",
          soci::use(connector, "connector"), soci::use(event.account_id, "account"),
          soci::use(ids, "ids");
    } else if (event.action == WebhookAction::AccountRedacted) {
      store::delete_orders(s, connector, event.account_id, nullptr);
      wipe_tokens(s, connector, event.account_id);
    }
    return "applied";
  });
}

bool AccountEvents::disconnect(const std::string& connector, const sdk::WebhookEvent& event) {
  return apply(pool_, nullptr, "integrations.webhook_disconnect", connector, event,
               [&](soci::session& s) {
                 wipe_tokens(s, connector, event.account_id);
                 return "applied";
               });
}

}  // namespace roi::store
