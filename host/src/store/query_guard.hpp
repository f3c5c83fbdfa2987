// Runs one repository operation: a database failure becomes api::Error(INTERNAL_SERVER_ERROR)
// whose detail names the operation only, because SOCI's messages quote SQL and bound values. A
// failure that cost the session its connection (a Postgres restart) runs the operation once more
// on a reconnected session, then is SERVICE_UNAVAILABLE with Retry-After: the caller may retry.
#pragma once

#include <soci/soci-backend.h>

#include <string>
#include <utility>

#include "api/error.hpp"
#include "store/pool.hpp"

namespace roi::store {

// `body` leases its session itself and is one transaction, so a second run after a lost
// connection repeats nothing that was committed.
template <typename F>
auto guarded(const char* operation, F&& body) -> decltype(body()) {
  for (int attempt = 1;; ++attempt) {
    Pool::take_lost_connection();
    try {
      return body();
    } catch (const soci::soci_error&) {
      if (!Pool::take_lost_connection()) {
        throw api::Error(api::ErrorCode::InternalServerError, "Internal server error",
                         std::string("database operation failed: ") + operation);
      }
      if (attempt == 2) {
        throw std::move(api::Error(api::ErrorCode::ServiceUnavailable,
                                   "The database is unavailable, please retry in a moment",
                                   std::string("database connection lost: ") + operation)
                            .with_retry_after(1));
      }
    }
  }
}

}  // namespace roi::store
