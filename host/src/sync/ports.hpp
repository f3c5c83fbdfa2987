// What the sync engine needs from outside, declared here and implemented elsewhere: the job
// queue, where a run's records go and this process's owner lock by the store; how often a user's
// integrations sync by the plans (app/ wires billing's). sync/ names no concrete store class.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <roi/sdk/record_sink.hpp>
#include <string>
#include <unordered_map>
#include <vector>

namespace roi::sync {

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

// The sync job queue.
class JobStore {
 public:
  virtual ~JobStore() = default;

  // Active integrations with nothing pending and no sync for `interval`.
  struct Due {
    std::int64_t user_id = 0;
    std::int64_t integration_id = 0;
    std::optional<std::chrono::minutes> since_last_sync;  // none: never synced
  };
  virtual std::vector<Due> due(std::chrono::minutes interval) = 0;
  // Queues scheduled work to start after `delay`, unless a sync is already pending.
  virtual void queue_scheduled(std::int64_t integration_id, std::chrono::seconds delay) = 0;

  // `owner`: the claiming process's OwnerLease number, recorded so others can tell it died.
  virtual std::optional<ClaimedJob> claim(const std::string& worker, std::int32_t owner,
                                          std::chrono::seconds lease) = 0;
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
  virtual std::vector<Orphan> reclaim_orphans(std::int32_t me) = 0;
  virtual void set_window(std::int64_t job_id, const std::string& from, const std::string& to) = 0;
  virtual SyncTarget target(std::int64_t integration_id) = 0;
  virtual void save_tokens(std::int64_t integration_id, const std::string& key_id,
                           const std::string& access_sealed,
                           const std::optional<std::string>& refresh_sealed,
                           std::optional<std::int64_t> expiry) = 0;

  // Ends the attempt. Retrying, RateLimited and Released put the job back after `delay` (its
  // checkpoint kept); the others end it, and a success also stamps last_sync, NeedsReauth marks
  // the integration.
  virtual void finish(const ClaimedJob& job, const std::string& worker, Outcome outcome,
                      const std::string& error, std::chrono::seconds delay) = 0;
};

// Whose records a writer stores, and under which lease.
struct WriterTarget {
  std::int64_t job_id = 0;
  std::int64_t integration_id = 0;
  std::string platform;
  std::string currency;  // the account's; campaigns carry it
  std::string worker;    // the lease holder; a chunk commits only while it still holds the job
  std::chrono::seconds lease{0};
};

// Where one run's records go: the connector writes into it like any sink.
class RecordWriter : public sdk::RecordSink {
 public:
  virtual ~RecordWriter() = default;
  // Writes what is still buffered. Throws the first write failure, or when the lease was lost.
  virtual void finish() = 0;
  // Drops what arrived after the last committed checkpoint and returns that checkpoint (none
  // when this writer committed none): a call that failed part-way is asked again from there.
  virtual std::optional<std::string> rewind() = 0;
};

class RecordStore {
 public:
  virtual ~RecordStore() = default;
  // A writer committing every `chunk_rows` rows (and with each its latest checkpoint).
  virtual std::unique_ptr<RecordWriter> writer(const WriterTarget& target,
                                               std::size_t chunk_rows) = 0;
};

// This process's number among the hosts sharing the database, held while it lives.
class OwnerLease {
 public:
  virtual ~OwnerLease() = default;
  virtual std::int32_t id() const = 0;
  // Checks the lease is still held, taking the same number again when it was lost.
  virtual void keep() = 0;
};

// How often each user's integrations sync.
class SyncIntervals {
 public:
  virtual ~SyncIntervals() = default;
  // No user's integrations sync more often than this.
  virtual std::chrono::minutes shortest() = 0;
  // Each of `user_ids` with its interval, in one look-up however many they are.
  virtual std::unordered_map<std::int64_t, std::chrono::minutes> of_users(
      const std::vector<std::int64_t>& user_ids) = 0;
};

}  // namespace roi::sync
