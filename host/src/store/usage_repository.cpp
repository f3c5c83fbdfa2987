#include "store/usage_repository.hpp"

#include <soci/soci.h>

#include "store/query_guard.hpp"

namespace roi::store {

int UsageRepository::active_integrations(std::int64_t user_id) {
  return guarded("integrations.count", [&] {
    auto session = pool_.lease();
    int count = 0;
    *session << "SELECT count(*)::int FROM integrations WHERE user_id = :id AND is_active",
        soci::use(user_id), soci::into(count);
    return count;
  });
}

int UsageRepository::reports_this_month(std::int64_t user_id) {
  return guarded("reports.count_month", [&] {
    auto session = pool_.lease();
    int count = 0;
    *session
        << "SELECT coalesce(sum(generated), 0)::int FROM report_generations "
           "WHERE user_id = :id AND month = date_trunc('month', now() AT TIME ZONE 'UTC')::date",
        soci::use(user_id), soci::into(count);
    return count;
  });
}

std::optional<std::int64_t> UsageRepository::next_manual_sync(std::int64_t user_id,
                                                              std::chrono::minutes interval) {
  return guarded("sync.next_manual", [&]() -> std::optional<std::int64_t> {
    auto session = pool_.lease();
    const long long minutes = interval.count();
    long long at = 0;
    soci::indicator ind = soci::i_null;
    // The same instant queue_manual refuses until, by the same clock.
    *session << "SELECT floor(extract(epoch FROM next))::bigint FROM (SELECT last_at + "
                "make_interval(mins => :m::int) AS next FROM manual_syncs WHERE user_id = :id) n "
                "WHERE next > now()",
        soci::use(minutes), soci::use(user_id), soci::into(at, ind);
    if (!session->got_data() || ind == soci::i_null) return std::nullopt;
    return at;
  });
}

}  // namespace roi::store
