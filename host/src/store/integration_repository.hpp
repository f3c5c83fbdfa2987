// integrations::IntegrationStore over Postgres: the integrations table. Ciphertext goes through
// SQL as hex (decode/encode), so bytea never depends on the driver's binary handling.
#pragma once

#include "integrations/integration_store.hpp"
#include "store/change_feed.hpp"
#include "store/pool.hpp"

namespace roi::store {

class IntegrationRepository final : public integrations::IntegrationStore {
 public:
  // A disconnect that deletes the data returns once `changes` has heard of its commit
  // (ChangeFeed::settle), so this process's next dashboard answer leaves the integration out.
  IntegrationRepository(Pool& pool, ChangeFeed& changes) : pool_(pool), changes_(changes) {}

  std::vector<integrations::IntegrationSummary> list(std::int64_t user_id) override;
  std::int64_t save(const integrations::ConnectedAccount& account) override;
  bool disconnect(std::int64_t user_id, std::int64_t integration_id, bool keep_data) override;

 private:
  Pool& pool_;
  ChangeFeed& changes_;
};

}  // namespace roi::store
