#include "store/subscription_repository.hpp"

#include <soci/soci.h>

#include <tuple>

#include "store/array_text.hpp"
#include "store/query_guard.hpp"
#include "store/webhook_journal.hpp"

namespace roi::store {
namespace {

using modules::billing::ApplyOutcome;
using modules::billing::Subscription;
using modules::billing::SubscriptionChange;

// NULLs come back as sentinels (-1, ''), so no indicator juggling is needed.
constexpr const char* kColumns =
    "user_id, plan, status, COALESCE(extract(epoch FROM current_period_end)::bigint, -1), "
    "cancel_at_period_end::int, COALESCE(billing_customer_id, ''), "
    "COALESCE(billing_subscription_id, ''), "
    "COALESCE(extract(epoch FROM last_event_created)::bigint, -1), last_event_rank";

struct Row {
  std::int64_t user_id = 0;
  Subscription sub;
  std::int64_t last_created = -1;
  int last_rank = 0;
};

std::optional<Row> select_row(soci::session& session, const std::string& where,
                              const std::string& key, bool lock) {
  Row row;
  std::int64_t period_end = -1;
  int cancel = 0;
  session << std::string("SELECT ") + kColumns + " FROM subscriptions WHERE " + where +
                 (lock ? " FOR UPDATE" : ""),
      soci::use(key), soci::into(row.user_id), soci::into(row.sub.plan), soci::into(row.sub.status),
      soci::into(period_end), soci::into(cancel), soci::into(row.sub.billing_customer_id),
      soci::into(row.sub.billing_subscription_id), soci::into(row.last_created),
      soci::into(row.last_rank);
  if (!session.got_data()) return std::nullopt;
  if (period_end >= 0) row.sub.current_period_end = period_end;
  row.sub.cancel_at_period_end = cancel != 0;
  return row;
}

// Older in the provider's order than what was applied last, or the end of a subscription the user
// has since replaced: applying it would move the subscription backwards.
// The rank orders one subscription's events within a second (created before updated before
// deleted); a new subscription's creation in the second its predecessor ended is not older.
bool is_stale(const Row& row, const SubscriptionChange& change) {
  const bool same_subscription = row.sub.billing_subscription_id.empty() ||
                                 row.sub.billing_subscription_id == change.subscription_id;
  if (row.last_created >= 0 && (same_subscription ? std::tie(change.event_created, change.rank) <
                                                        std::tie(row.last_created, row.last_rank)
                                                  : change.event_created < row.last_created)) {
    return true;
  }
  return !row.sub.billing_subscription_id.empty() &&
         row.sub.billing_subscription_id != change.subscription_id && change.status == "canceled";
}

void upsert(soci::session& session, std::int64_t user_id, const Subscription& s,
            const SubscriptionChange& change) {
  const std::int64_t period_end = s.current_period_end.value_or(-1);
  const int cancel = s.cancel_at_period_end ? 1 : 0;
  session
      << "INSERT INTO subscriptions (user_id, plan, status, current_period_end, "
         "cancel_at_period_end, billing_customer_id, billing_subscription_id, "
         "last_event_created, last_event_rank) "
         "VALUES (:user, :plan, :status, to_timestamp(NULLIF(CAST(:period_end AS bigint), -1)), "
         "CAST(:cancel AS int) <> 0, NULLIF(:customer, ''), NULLIF(:subscription, ''), "
         "to_timestamp(CAST(:created AS bigint)), CAST(:rank AS smallint)) "
         "ON CONFLICT (user_id) DO UPDATE SET plan = EXCLUDED.plan, status = EXCLUDED.status, "
         "current_period_end = EXCLUDED.current_period_end, "
         "cancel_at_period_end = EXCLUDED.cancel_at_period_end, "
         "billing_customer_id = EXCLUDED.billing_customer_id, "
         "billing_subscription_id = EXCLUDED.billing_subscription_id, "
         "last_event_created = EXCLUDED.last_event_created, "
         "last_event_rank = EXCLUDED.last_event_rank, updated_at = now()",
      soci::use(user_id), soci::use(s.plan), soci::use(s.status), soci::use(period_end),
      soci::use(cancel), soci::use(s.billing_customer_id), soci::use(s.billing_subscription_id),
      soci::use(change.event_created), soci::use(change.rank);
}

}  // namespace

std::optional<Subscription> SubscriptionRepository::find(std::int64_t user_id) {
  return guarded("subscriptions.find", [&]() -> std::optional<Subscription> {
    auto session = pool_.lease();
    auto row =
        select_row(*session, "user_id = CAST(:key AS bigint)", std::to_string(user_id), false);
    if (!row) return std::nullopt;
    return row->sub;
  });
}

std::unordered_map<std::int64_t, Subscription> SubscriptionRepository::find_all(
    const std::vector<std::int64_t>& user_ids) {
  return guarded("subscriptions.find_all", [&] {
    auto session = pool_.lease();
    ArrayText ids;
    for (const auto id : user_ids) ids.number(id);
    const std::string list = ids.done();
    std::unordered_map<std::int64_t, Subscription> out;
    soci::rowset<soci::row> rows =
        (session->prepare << "SELECT user_id, plan, status, "
                             "COALESCE(extract(epoch FROM current_period_end)::bigint, -1) "
                             "FROM subscriptions WHERE user_id = ANY(CAST(:ids AS bigint[]))",
         soci::use(list));
    for (const auto& r : rows) {
      Subscription sub;
      sub.plan = r.get<std::string>(1);
      sub.status = r.get<std::string>(2);
      if (const auto end = r.get<long long>(3); end >= 0) sub.current_period_end = end;
      out.emplace(r.get<long long>(0), std::move(sub));
    }
    return out;
  });
}

ApplyOutcome SubscriptionRepository::apply(const SubscriptionChange& change,
                                           std::string_view provider, std::string_view event_id) {
  return guarded("subscriptions.apply_event", [&] {
    auto session = pool_.lease();
    soci::transaction tx(*session);
    if (!lock_unprocessed_event(*session, provider, event_id))
      return ApplyOutcome::AlreadyProcessed;
    auto row = change.user_id ? select_row(*session, "user_id = CAST(:key AS bigint)",
                                           std::to_string(*change.user_id), true)
                              : select_row(*session, "billing_subscription_id = :key",
                                           change.subscription_id, true);
    if (!row && !change.user_id) return ApplyOutcome::Unlinked;
    if (row && is_stale(*row, change)) {
      mark_event_processed(*session, provider, event_id, "stale");
      tx.commit();
      return ApplyOutcome::Stale;
    }
    Subscription next = row ? row->sub : Subscription{};
    if (change.plan) next.plan = *change.plan;
    if (change.status) next.status = *change.status;
    if (change.current_period_end) next.current_period_end = change.current_period_end;
    if (change.cancel_at_period_end) next.cancel_at_period_end = *change.cancel_at_period_end;
    if (!change.customer_id.empty()) next.billing_customer_id = change.customer_id;
    next.billing_subscription_id = change.subscription_id;
    upsert(*session, row ? row->user_id : *change.user_id, next, change);
    mark_event_processed(*session, provider, event_id, "applied");
    tx.commit();
    return ApplyOutcome::Applied;
  });
}

void SubscriptionRepository::mark_cancel_at_period_end(std::int64_t user_id) {
  guarded("subscriptions.mark_cancel", [&] {
    auto session = pool_.lease();
    *session << "UPDATE subscriptions SET cancel_at_period_end = true, updated_at = now() "
                "WHERE user_id = :user",
        soci::use(user_id);
  });
}

void SubscriptionRepository::record_plan_change(std::int64_t user_id,
                                                const SubscriptionChange& now) {
  guarded("subscriptions.record_plan_change", [&] {
    auto session = pool_.lease();
    // What the provider did not say stays as it is; the event order (last_event_*) is the
    // events' own, so the event that follows still applies.
    const std::string plan = now.plan.value_or(""), status = now.status.value_or("");
    const long long period_end = now.current_period_end.value_or(-1);
    const int cancel = now.cancel_at_period_end ? (*now.cancel_at_period_end ? 1 : 0) : -1;
    *session
        << "UPDATE subscriptions SET plan = coalesce(NULLIF(:plan, ''), plan), "
           "status = coalesce(NULLIF(:status, ''), status), "
           "current_period_end = coalesce(to_timestamp(NULLIF(CAST(:period_end AS bigint), "
           "-1)), current_period_end), "
           "cancel_at_period_end = CASE CAST(:cancel AS int) WHEN -1 THEN cancel_at_period_end "
           "ELSE CAST(:cancel2 AS int) <> 0 END, updated_at = now() WHERE user_id = :user",
        soci::use(plan), soci::use(status), soci::use(period_end), soci::use(cancel),
        soci::use(cancel), soci::use(user_id);
  });
}

}  // namespace roi::store
