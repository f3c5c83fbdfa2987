// Runs one repository operation: a database failure becomes store::Error(Failed) whose detail
// names the operation only, because SOCI's messages quote SQL and bound values. A failure that
// cost the session its connection (a Postgres restart) runs the operation once more on a
// reconnected session, then is store::Error(Unavailable) with a retry after: the caller may retry.
#pragma once

#include <soci/soci-backend.h>

#include <string>
#include <utility>

#include "store/error.hpp"
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
        throw Error(Error::Kind::Failed, std::string("database operation failed: ") + operation);
      }
      if (attempt == 2) {
        throw Error(Error::Kind::Unavailable, std::string("database connection lost: ") + operation,
                    1);
      }
    }
  }
}

}  // namespace roi::store
