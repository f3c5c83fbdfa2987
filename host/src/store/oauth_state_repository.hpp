// integrations::OAuthStateStore over Postgres: the oauth_states table, one row per pending connect.
#pragma once

#include "integrations/oauth_state_store.hpp"
#include "store/pool.hpp"

namespace roi::store {

class OAuthStateRepository final : public integrations::OAuthStateStore {
 public:
  explicit OAuthStateRepository(Pool& pool) : pool_(pool) {}

  void create(const std::string& state_hash, const integrations::PendingConnect& pending,
              std::chrono::seconds ttl) override;
  std::optional<integrations::PendingConnect> consume(const std::string& state_hash) override;

 private:
  Pool& pool_;
};

}  // namespace roi::store
