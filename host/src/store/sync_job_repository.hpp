// The sync job queue over Postgres: queueing, claiming with FOR UPDATE SKIP LOCKED under a lease,
// finishing with retry, failure or success, and the integration's tokens a run needs.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "integrations/sync_queue.hpp"
#include "store/pool.hpp"

namespace roi::store {

// A job this worker now holds: nobody else runs it until its lease lapses or its process dies.
struct ClaimedJob {
  std::int64_t id = 0;
  std::int64_t run_id = 0;
  std::int64_t integration_id = 0;
  int attempts = 0;
  int max_attempts = 0;
  std::optional<std::string> checkpoint;
  std::optional<std::string> window_from;  // YYYY-MM-DD, set by the first attempt
  std::optional<std::string> window_to;
};

// What a run needs to call the connector: the owner, the account and its sealed tokens.
struct SyncTarget {
  std::int64_t user_id = 0;
  std::string platform;
  std::string account_id;
  std::string currency;
  std::string status;
  std::string token_key_id;
  std::string access_sealed;  // ciphertext bytes
  std::optional<std::string> refresh_sealed;
  std::optional<std::int64_t> token_expiry;  // Unix seconds
  bool synced_before = false;
};

// RateLimited waits like Retrying but costs no attempt: the platform asked for a pause.
// Released gives the job back at once, attempt unused: this host is stopping, not failing.
enum class Outcome { Succeeded, Retrying, RateLimited, Failed, NeedsReauth, Released };

class SyncJobRepository final : public integrations::SyncQueue {
 public:
  SyncJobRepository(Pool& pool, int max_attempts) : pool_(pool), max_attempts_(max_attempts) {}

  std::optional<integrations::QueuedSync> queue(std::int64_t user_id, std::int64_t integration_id,
                                                bool manual) override;
  integrations::ManualSync queue_manual(std::int64_t user_id, std::int64_t integration_id,
                                        std::chrono::minutes min_interval) override;
  // Active integrations with nothing pending and no sync for `interval`.
  struct Due {
    std::int64_t user_id = 0;
    std::int64_t integration_id = 0;
    std::optional<std::chrono::minutes> since_last_sync;  // none: never synced
  };
  std::vector<Due> due(std::chrono::minutes interval);
  // Queues scheduled work to start after `delay`, unless a sync is already pending.
  void queue_scheduled(std::int64_t integration_id, std::chrono::seconds delay);

  // `owner`: the claiming process's OwnerLock number, recorded so others can tell it died.
  std::optional<ClaimedJob> claim(const std::string& worker, std::int32_t owner,
                                  std::chrono::seconds lease);
  // A running job of another process whose owner lock can be taken (that process died).
  struct Orphan {
    std::int64_t job_id = 0;
    std::int64_t integration_id = 0;
    std::int32_t owner = 0;
    bool failed = false;  // its attempts were used up: failed for good instead of queued again
  };
  // Queues every orphan again at once with its checkpoint, the dead attempt counted, or fails it
  // when that was its last attempt (a sync that kills its host must not kill host after host).
  // Its run ends as retrying (or failed). `me` is the caller's own owner number: its jobs are
  // never taken, even while its lock's connection is being reopened.
  std::vector<Orphan> reclaim_orphans(std::int32_t me);
  void set_window(std::int64_t job_id, const std::string& from, const std::string& to);
  SyncTarget target(std::int64_t integration_id);
  void save_tokens(std::int64_t integration_id, const std::string& key_id,
                   const std::string& access_sealed,
                   const std::optional<std::string>& refresh_sealed,
                   std::optional<std::int64_t> expiry);

  // Ends the attempt. Retrying, RateLimited and Released put the job back after `delay` (its
  // checkpoint kept); the others end it, and a success also stamps last_sync, NeedsReauth marks
  // the integration.
  void finish(const ClaimedJob& job, const std::string& worker, Outcome outcome,
              const std::string& error, std::chrono::seconds delay);

 private:
  Pool& pool_;
  int max_attempts_;
};

}  // namespace roi::store
