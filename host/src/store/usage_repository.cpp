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
        << "SELECT count(*)::int FROM reports WHERE user_id = :id "
           "AND created_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
        soci::use(user_id), soci::into(count);
    return count;
  });
}

}  // namespace roi::store
