#include "store/session_repository.hpp"

#include <soci/soci.h>

#include "store/query_guard.hpp"

namespace roi::store {
namespace {

long long epoch_seconds(auth::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

void SessionRepository::create(const auth::TokenClaims& claims) {
  guarded("sessions.create", [&] {
    auto session = pool_.lease();
    const long long created = epoch_seconds(claims.issued_at);
    const long long expires = epoch_seconds(claims.expires_at);
    const long long user_id = claims.user_id;
    *session << "INSERT INTO sessions (id, user_id, created_at, expires_at) "
                "VALUES (:id, :user, to_timestamp(:created), to_timestamp(:expires))",
        soci::use(claims.session_id), soci::use(user_id), soci::use(created), soci::use(expires);
  });
}

bool SessionRepository::is_active(const std::string& session_id, std::int64_t user_id) {
  return guarded("sessions.is_active", [&] {
    auto session = pool_.lease();
    int active = 0;
    const long long user = user_id;
    *session << "SELECT count(*) FROM sessions WHERE id = :id AND user_id = :user "
                "AND revoked_at IS NULL AND expires_at > now()",
        soci::use(session_id), soci::use(user), soci::into(active);
    return active == 1;
  });
}

void SessionRepository::revoke(const std::string& session_id) {
  guarded("sessions.revoke", [&] {
    auto session = pool_.lease();
    *session << "UPDATE sessions SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL",
        soci::use(session_id);
  });
}

}  // namespace roi::store
