// Reads users' data versions for the cache so that an answer is never stale: each caller gets a
// version read by a query that started after the caller arrived. Concurrent callers share one
// batched query, so under load the database sees a few reads, not one per request.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace roi::modules::dashboard {

class VersionGate {
 public:
  // Reads (user, version) pairs for the given users; users without a row may be left out.
  using Reader = std::function<std::vector<std::pair<std::int64_t, std::int64_t>>(
      const std::vector<std::int64_t>& users)>;

  explicit VersionGate(Reader read) : read_(std::move(read)) {}

  // The user's version as of a read that began after this call did. Throws what the reader
  // throws (the caller that ran the query) or api::Error(INTERNAL_SERVER_ERROR) (the others).
  std::int64_t current(std::int64_t user);

 private:
  struct Known {
    std::int64_t version = 0;
    std::uint64_t batch = 0;  // the batch that read it
  };

  Reader read_;
  std::mutex mutex_;
  std::condition_variable done_cv_;
  std::unordered_set<std::int64_t> pending_;  // users for the next batch
  std::uint64_t started_ = 0;                 // batches begun
  std::uint64_t done_ = 0;                    // batches finished (or failed)
  bool in_flight_ = false;
  std::unordered_map<std::int64_t, Known> known_;
};

}  // namespace roi::modules::dashboard
