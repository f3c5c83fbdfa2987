// Pending OAuth connects: each state is random, bound to the user who started it and to one
// platform, single-use and expiring. Only a hash of the state is stored.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace roi::integrations {

struct PendingConnect {
  std::int64_t user_id = 0;
  std::string platform;
  std::string redirect_uri;  // the callback URL the authorize request named, sent again on exchange
  std::string expected_account;  // the one account this connect is for; empty: any
};

class OAuthStateStore {
 public:
  virtual ~OAuthStateStore() = default;

  // Stores the state (by hash) until `ttl` passes; expired states are purged on the way.
  virtual void create(const std::string& state_hash, const PendingConnect& pending,
                      std::chrono::seconds ttl) = 0;
  // Removes the state and returns what it was bound to, unless it was unknown or expired.
  virtual std::optional<PendingConnect> consume(const std::string& state_hash) = 0;
};

}  // namespace roi::integrations
