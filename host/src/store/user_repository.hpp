// auth::UserStore over Postgres: the users and subscriptions tables.
// Each call leases a pooled session for its own duration.
#pragma once

#include "auth/user_store.hpp"
#include "store/pool.hpp"

namespace roi::store {

class UserRepository final : public auth::UserStore {
 public:
  explicit UserRepository(Pool& pool) : pool_(pool) {}

  std::optional<auth::User> create(const std::string& email, const std::optional<std::string>& name,
                                   const std::string& password_hash) override;
  std::optional<auth::UserWithHash> find_by_email(const std::string& email) override;
  std::optional<auth::User> find(std::int64_t id) override;
  std::string plan(std::int64_t user_id) override;

 private:
  Pool& pool_;
};

}  // namespace roi::store
