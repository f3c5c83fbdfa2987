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
  std::string time_zone = "UTC";  // IANA name; the dashboard's days are this zone's days
  std::string created_at;         // ISO 8601, UTC
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
  // True for a time zone name the database knows (what the dashboard's day buckets use).
  virtual bool is_time_zone(const std::string& zone) = 0;
  // Sets what is given (a name of nullopt-in-optional clears it); the user as stored after.
  // A new time zone re-buckets the user's orders into its days before this returns.
  virtual std::optional<User> update_profile(std::int64_t id,
                                             const std::optional<std::optional<std::string>>& name,
                                             const std::optional<std::string>& time_zone) = 0;
  // The user's subscription plan; "free" when they have no subscription.
  virtual std::string plan(std::int64_t user_id) = 0;
};

}  // namespace roi::auth
