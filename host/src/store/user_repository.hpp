// auth::UserStore over Postgres: the users and subscriptions tables.
// Each call leases a pooled session for its own duration.
#pragma once

#include "auth/user_store.hpp"
#include "store/change_feed.hpp"
#include "store/pool.hpp"

namespace roi::store {

class UserRepository final : public auth::UserStore {
 public:
  // Profile updates return once `changes` has heard of their commit (ChangeFeed::settle).
  UserRepository(Pool& pool, ChangeFeed& changes) : pool_(pool), changes_(changes) {}

  std::optional<auth::User> create(const std::string& email, const std::optional<std::string>& name,
                                   const std::string& password_hash) override;
  std::optional<auth::UserWithHash> find_by_email(const std::string& email) override;
  std::optional<auth::User> find(std::int64_t id) override;
  bool is_time_zone(const std::string& zone) override;
  std::optional<auth::User> update_profile(std::int64_t id,
                                           const std::optional<std::optional<std::string>>& name,
                                           const std::optional<std::string>& time_zone) override;
  std::string plan(std::int64_t user_id) override;

 private:
  Pool& pool_;
  ChangeFeed& changes_;
};

}  // namespace roi::store
