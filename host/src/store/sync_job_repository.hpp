// The sync job queue over Postgres (integrations::SyncQueue and sync::JobStore): queueing,
// claiming with FOR UPDATE SKIP LOCKED under a lease, finishing with retry, failure or success,
// and the integration's tokens a run needs.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "integrations/sync_queue.hpp"
#include "store/pool.hpp"
#include "sync/ports.hpp"

namespace roi::store {

class SyncJobRepository final : public integrations::SyncQueue, public sync::JobStore {
 public:
  SyncJobRepository(Pool& pool, int max_attempts) : pool_(pool), max_attempts_(max_attempts) {}

  std::optional<integrations::QueuedSync> queue(std::int64_t user_id, std::int64_t integration_id,
                                                bool manual) override;
  integrations::ManualSync queue_manual(std::int64_t user_id, std::int64_t integration_id,
                                        std::chrono::minutes min_interval) override;
  std::vector<Due> due(std::chrono::minutes interval) override;
  void queue_scheduled(std::int64_t integration_id, std::chrono::seconds delay) override;
  std::optional<sync::ClaimedJob> claim(const std::string& worker, std::int32_t owner,
                                        std::chrono::seconds lease) override;
  std::vector<Orphan> reclaim_orphans(std::int32_t me) override;
  void set_window(std::int64_t job_id, const std::string& from, const std::string& to) override;
  sync::SyncTarget target(std::int64_t integration_id) override;
  void save_tokens(std::int64_t integration_id, const std::string& key_id,
                   const std::string& access_sealed,
                   const std::optional<std::string>& refresh_sealed,
                   std::optional<std::int64_t> expiry) override;
  void finish(const sync::ClaimedJob& job, const std::string& worker, sync::Outcome outcome,
              const std::string& error, std::chrono::seconds delay) override;

 private:
  Pool& pool_;
  int max_attempts_;
};

}  // namespace roi::store
