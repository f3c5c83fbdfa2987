// integrations::IntegrationStore over Postgres: the integrations table. Ciphertext goes through
// SQL as hex (decode/encode), so bytea never depends on the driver's binary handling.
#pragma once

#include "integrations/integration_store.hpp"
#include "store/pool.hpp"

namespace roi::store {

class IntegrationRepository final : public integrations::IntegrationStore {
 public:
  explicit IntegrationRepository(Pool& pool) : pool_(pool) {}

  std::vector<integrations::IntegrationSummary> list(std::int64_t user_id) override;
  std::int64_t save(const integrations::ConnectedAccount& account) override;
  bool disconnect(std::int64_t user_id, std::int64_t integration_id, bool keep_data) override;

 private:
  Pool& pool_;
};

}  // namespace roi::store
