// auth::SessionStore over Postgres: the sessions table (one row per issued token).
// Each call leases a pooled session for its own duration; concurrent checks share one query.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "auth/session_store.hpp"
#include "concurrency/fresh_batch.hpp"
#include "store/pool.hpp"

namespace roi::store {

class SessionRepository final : public auth::SessionStore {
 public:
  explicit SessionRepository(Pool& pool);

  void create(const auth::TokenClaims& claims) override;
  bool is_active(const std::string& session_id, std::int64_t user_id) override;
  void revoke(const std::string& session_id) override;

 private:
  // (id, user) of the sessions among `ids` that are unrevoked and unexpired right now.
  std::vector<std::pair<std::string, std::int64_t>> active(const std::vector<std::string>& ids);

  Pool& pool_;
  // Every request checks its session: a check made after the request arrived, as before a
  // logout is seen at once, but one query serves all the requests that arrive together.
  concurrency::FreshBatch<std::string, std::int64_t> active_;
};

}  // namespace roi::store
