// auth::SessionStore over Postgres: the sessions table (one row per issued token).
// Sessions found active are kept in memory while the change feed listens (a revocation, expiry
// change or deletion is announced and drops them); others are checked by a query shared by all
// the requests that arrive together.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "auth/session_store.hpp"
#include "concurrency/fresh_batch.hpp"
#include "concurrency/notified_cache.hpp"
#include "store/change_feed.hpp"
#include "store/pool.hpp"

namespace roi::store {

class SessionRepository final : public auth::SessionStore {
 public:
  explicit SessionRepository(Pool& pool);

  void create(const auth::TokenClaims& claims) override;
  bool is_active(const std::string& session_id, std::int64_t user_id) override;
  void revoke(const std::string& session_id) override;
  // Deletes sessions past their expiry (revoked or not), a batch at a time; returns how many.
  std::int64_t purge_expired();

  // The feed topic that keeps the in-memory sessions true.
  ChangeFeed::Topic changes();

 private:
  struct Active {
    std::int64_t user_id = 0;  // 0: no such active session
    long long expires_at = 0;  // Unix seconds
  };
  // The sessions among `ids` that are unrevoked and unexpired right now.
  std::vector<std::pair<std::string, Active>> active(const std::vector<std::string>& ids);

  Pool& pool_;
  // A check made after the request arrived, as before a logout is seen at once; one query serves
  // all the requests that arrive together.
  concurrency::FreshBatch<std::string, Active> active_;
  concurrency::NotifiedCache<std::string, Active> known_;
};

}  // namespace roi::store
