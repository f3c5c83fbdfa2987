#include "store/oauth_state_repository.hpp"

#include <soci/soci.h>

#include "store/query_guard.hpp"

namespace roi::store {

void OAuthStateRepository::create(const std::string& state_hash,
                                  const integrations::PendingConnect& pending,
                                  std::chrono::seconds ttl) {
  guarded("oauth_states.create", [&] {
    auto session = pool_.lease();
    const long long user = pending.user_id;
    const long long seconds = ttl.count();
    *session << "DELETE FROM oauth_states WHERE expires_at <= now()";
    soci::indicator expected_in = pending.expected_account.empty() ? soci::i_null : soci::i_ok;
    *session << "INSERT INTO oauth_states (state_hash, user_id, platform, redirect_uri, "
                "expected_account, expires_at) VALUES (:hash, :user, :platform, :redirect, "
                ":expected, now() + make_interval(secs => :ttl))",
        soci::use(state_hash), soci::use(user), soci::use(pending.platform),
        soci::use(pending.redirect_uri), soci::use(pending.expected_account, expected_in),
        soci::use(seconds);
  });
}

std::optional<integrations::PendingConnect> OAuthStateRepository::consume(
    const std::string& state_hash) {
  return guarded("oauth_states.consume", [&]() -> std::optional<integrations::PendingConnect> {
    auto session = pool_.lease();
    integrations::PendingConnect out;
    long long user = 0;
    int live = 0;
    // One statement: two callbacks racing with the same state cannot both get the row.
    *session << "DELETE FROM oauth_states WHERE state_hash = :hash "
                "RETURNING user_id, platform, redirect_uri, coalesce(expected_account, ''), "
                "(expires_at > now())::int",
        soci::use(state_hash), soci::into(user), soci::into(out.platform),
        soci::into(out.redirect_uri), soci::into(out.expected_account), soci::into(live);
    if (!session->got_data() || live != 1) return std::nullopt;
    out.user_id = user;
    return out;
  });
}

}  // namespace roi::store
