// What accounts need from storage: create a user, find one by email or id, read their plan.
// Implemented over Postgres in store/user_repository; modules see only this interface.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace roi::auth {

struct User {
  std::int64_t id = 0;
  std::string email;
  std::optional<std::string> name;
  std::string created_at;  // ISO 8601, UTC
};

struct UserWithHash {
  User user;
  std::string password_hash;  // empty for accounts without a password
};

class UserStore {
 public:
  virtual ~UserStore() = default;

  // The new user, or nullopt when the email is taken.
  virtual std::optional<User> create(const std::string& email,
                                     const std::optional<std::string>& name,
                                     const std::string& password_hash) = 0;
  virtual std::optional<UserWithHash> find_by_email(const std::string& email) = 0;
  virtual std::optional<User> find(std::int64_t id) = 0;
  // The user's subscription plan; "free" when they have no subscription.
  virtual std::string plan(std::int64_t user_id) = 0;
};

}  // namespace roi::auth
