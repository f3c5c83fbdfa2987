// auth::SessionStore over Postgres: the sessions table (one row per issued token).
// Each call leases a pooled session for its own duration.
#pragma once

#include "auth/session_store.hpp"
#include "store/pool.hpp"

namespace roi::store {

class SessionRepository final : public auth::SessionStore {
 public:
  explicit SessionRepository(Pool& pool) : pool_(pool) {}

  void create(const auth::TokenClaims& claims) override;
  bool is_active(const std::string& session_id, std::int64_t user_id) override;
  void revoke(const std::string& session_id) override;

 private:
  Pool& pool_;
};

}  // namespace roi::store
