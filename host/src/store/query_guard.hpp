// Runs one repository operation: a database failure becomes api::Error(INTERNAL_SERVER_ERROR)
// whose detail names the operation only, because SOCI's messages quote SQL and bound values.
#pragma once

#include <soci/soci-backend.h>

#include <string>
#include <utility>

#include "api/error.hpp"

namespace roi::store {

template <typename F>
auto guarded(const char* operation, F&& body) -> decltype(body()) {
  try {
    return std::forward<F>(body)();
  } catch (const soci::soci_error&) {
    throw api::Error(api::ErrorCode::InternalServerError, "Internal server error",
                     std::string("database operation failed: ") + operation);
  }
}

}  // namespace roi::store
