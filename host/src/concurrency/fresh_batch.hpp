// Batched lookups that are never stale: each caller gets a value read by a query that started
// after the caller arrived, and callers arriving together share one query (one per batch).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace roi::concurrency {

template <typename Key, typename Value>
class FreshBatch {
 public:
  // Reads the values of the given keys; keys left out of the answer get `missing`.
  using Reader = std::function<std::vector<std::pair<Key, Value>>(const std::vector<Key>&)>;

  FreshBatch(Reader read, Value missing) : read_(std::move(read)), missing_(std::move(missing)) {}

  // The key's value as of a read that began after this call did. A failed read fails every
  // caller of its batch with the reader's exception; the next call reads again.
  Value get(const Key& key) {
    std::unique_lock lock(mutex_);
    // The batch after the one that may be running: it has not begun, so it starts after now.
    const std::uint64_t needed = started_ + 1;
    ++batches_[needed].readers;
    pending_.insert(key);
    while (done_ < needed) {
      if (in_flight_) {
        done_cv_.wait(lock);
      } else {
        run_batch(lock);
      }
    }
    Batch& batch = batches_[needed];
    const std::exception_ptr error = batch.error;
    Value value = missing_;
    if (auto it = batch.values.find(key); it != batch.values.end()) value = it->second;
    if (--batch.readers == 0) batches_.erase(needed);
    if (error) std::rethrow_exception(error);
    return value;
  }

 private:
  struct Batch {
    std::unordered_map<Key, Value> values;
    std::exception_ptr error;
    std::size_t readers = 0;
  };

  // Runs the next batch with every pending key; called with the lock held, returns with it held.
  void run_batch(std::unique_lock<std::mutex>& lock) {
    in_flight_ = true;
    const std::uint64_t number = ++started_;
    std::vector<Key> keys(pending_.begin(), pending_.end());
    pending_.clear();
    lock.unlock();
    std::unordered_map<Key, Value> values;
    std::exception_ptr error;
    try {
      for (auto& [k, v] : read_(keys)) values.emplace(std::move(k), std::move(v));
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    Batch& batch = batches_[number];
    batch.values = std::move(values);
    batch.error = error;
    in_flight_ = false;
    done_ = number;
    done_cv_.notify_all();
  }

  Reader read_;
  Value missing_;
  std::mutex mutex_;
  std::condition_variable done_cv_;
  std::unordered_set<Key> pending_;         // keys for the next batch
  std::map<std::uint64_t, Batch> batches_;  // by number, while callers still wait on them
  std::uint64_t started_ = 0;
  std::uint64_t done_ = 0;
  bool in_flight_ = false;
};

}  // namespace roi::concurrency
