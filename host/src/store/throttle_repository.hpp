// auth::LoginThrottle and auth::RegisterThrottle over Postgres (sql/0021): the counts live in
// UNLOGGED tables every host shares, and each decision is one call of a function that locks the
// keys it judges, so parallel attempts on any host are counted one after another.
#pragma once

#include <cstdint>

#include "auth/login_throttle.hpp"
#include "auth/register_throttle.hpp"
#include "store/pool.hpp"

namespace roi::store {

class ThrottleRepository final : public auth::LoginThrottle, public auth::RegisterThrottle {
 public:
  ThrottleRepository(Pool& pool, auth::ThrottleLimits login, auth::RegisterLimits registrations)
      : pool_(pool), login_(login), registrations_(registrations) {}

  std::optional<std::chrono::seconds> try_acquire(std::string_view address,
                                                  std::string_view email) override;
  void abandoned(std::string_view address, std::string_view email) override;
  void succeeded(std::string_view address, std::string_view email) override;

  std::optional<std::chrono::seconds> try_acquire(std::string_view address) override;
  void abandoned(std::string_view address) override;

  // Deletes the counts that no longer matter (forgotten failures, ended windows); returns how
  // many rows went.
  std::int64_t forget_stale();

 private:
  void give_back(std::string_view address, std::string_view email, bool succeeded);

  Pool& pool_;
  auth::ThrottleLimits login_;
  auth::RegisterLimits registrations_;
};

}  // namespace roi::store
