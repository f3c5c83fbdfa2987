// What the integrations module needs from the sync engine: queueing a sync of one of a user's
// integrations. Implemented over Postgres in store/sync_job_repository.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace roi::integrations {

struct QueuedSync {
  std::int64_t job_id = 0;
  std::string status;  // queued | running
};

class SyncQueue {
 public:
  virtual ~SyncQueue() = default;
  // Queues a sync, or returns the one already pending (moved ahead when `manual`). Nullopt when
  // `user_id` has no such active integration.
  virtual std::optional<QueuedSync> queue(std::int64_t user_id, std::int64_t integration_id,
                                          bool manual) = 0;
};

}  // namespace roi::integrations
