#include "store/session_repository.hpp"

#include <soci/soci.h>

#include "auth/token_codec.hpp"
#include "store/query_guard.hpp"

namespace roi::store {
namespace {

long long epoch_seconds(auth::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// Enough for every session active in a busy day; beyond it, an arbitrary one is forgotten.
constexpr std::size_t kKnownSessions = 200000;

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

SessionRepository::SessionRepository(Pool& pool)
    : pool_(pool),
      active_([this](const std::vector<std::string>& ids) { return active(ids); }, Active{}),
      known_(kKnownSessions) {}

ChangeFeed::Topic SessionRepository::changes() {
  return {"session", [this](std::string_view id) { known_.drop(std::string(id)); },
          [this](bool live) { known_.set_live(live); }};
}

bool SessionRepository::is_active(const std::string& session_id, std::int64_t user_id) {
  // Ids are 32 lowercase hex digits (sql/0002_sessions.sql); nothing else can be a session, and
  // the check keeps the comma-joined list below unambiguous.
  if (!auth::is_session_id(session_id)) return false;
  const auto found = known_.get(session_id, [&](const std::string& id) -> std::optional<Active> {
    Active a = active_.get(id);
    if (a.user_id == 0) return std::nullopt;
    return a;
  });
  return found && found->user_id == user_id &&
         found->expires_at > epoch_seconds(auth::Clock::now());
}

std::vector<std::pair<std::string, SessionRepository::Active>> SessionRepository::active(
    const std::vector<std::string>& ids) {
  return guarded("sessions.is_active", [&] {
    auto session = pool_.lease();
    std::string joined;
    for (const auto& id : ids) {
      if (!joined.empty()) joined += ',';
      joined += id;
    }
    // At most one row per id, so one fetch into vectors of that size reads them all; a
    // one-time statement is a single round trip.
    std::vector<std::string> id(ids.size());
    std::vector<long long> user(ids.size());
    std::vector<long long> expires(ids.size());
    soci::statement st(*session);
    st.alloc();
    st.prepare(
        "SELECT id, user_id, floor(extract(epoch FROM expires_at))::bigint FROM sessions WHERE id "
        "= ANY(string_to_array(:ids, ','))"
        " AND revoked_at IS NULL AND expires_at > now()",
        soci::details::st_one_time_query);
    st.exchange(soci::into(id));
    st.exchange(soci::into(user));
    st.exchange(soci::into(expires));
    st.exchange(soci::use(joined));
    st.define_and_bind();
    std::vector<std::pair<std::string, Active>> found;
    if (st.execute(true)) {
      for (std::size_t i = 0; i < id.size(); ++i)
        found.emplace_back(id[i], Active{user[i], expires[i]});
    }
    return found;
  });
}

std::int64_t SessionRepository::purge_expired() {
  return guarded("sessions.purge_expired", [&] {
    std::int64_t total = 0;
    for (;;) {
      auto session = pool_.lease();
      soci::statement st =
          (session->prepare << "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions "
                               "WHERE expires_at <= now() LIMIT 10000)");
      st.execute(true);
      const auto n = st.get_affected_rows();
      total += n;
      if (n < 10000) return total;
    }
  });
}

void SessionRepository::revoke(const std::string& session_id) {
  guarded("sessions.revoke", [&] {
    auto session = pool_.lease();
    *session << "UPDATE sessions SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL",
        soci::use(session_id);
  });
  // Announced to every process too; dropping it here as well means this process, which
  // answers the logout, refuses the token from the moment the logout returns.
  known_.drop(session_id);
}

}  // namespace roi::store
