// What the integrations module needs from the sync engine: queueing a sync of one of a user's
// integrations. Implemented over Postgres in store/sync_job_repository.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace roi::integrations {

struct QueuedSync {
  std::int64_t job_id = 0;
  std::string status;  // queued | running
};

// What a sync asked for by hand got: a job, or a refusal until `next_allowed`.
struct ManualSync {
  std::optional<QueuedSync> job;  // nullopt and no next_allowed: no such active integration
  std::optional<std::int64_t> next_allowed;  // Unix seconds, set when refused
  std::chrono::seconds wait{0};              // until next_allowed, by the database's clock
};

class SyncQueue {
 public:
  virtual ~SyncQueue() = default;
  // Queues a sync, or returns the one already pending (moved ahead when `manual`). Nullopt when
  // `user_id` has no such active integration.
  virtual std::optional<QueuedSync> queue(std::int64_t user_id, std::int64_t integration_id,
                                          bool manual) = 0;
  // A sync the user asked for: queued as `queue(..., true)` does when the user's last manual sync
  // that queued a job is at least `min_interval` ago (and then recorded as the last), or when a
  // pending sync absorbs it (nothing new is queued, nothing counted); refused otherwise.
  virtual ManualSync queue_manual(std::int64_t user_id, std::int64_t integration_id,
                                  std::chrono::minutes min_interval) = 0;
};

}  // namespace roi::integrations
