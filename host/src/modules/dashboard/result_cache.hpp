// Answers of dashboard procedures kept in memory, keyed by procedure, user, data version and
// input. A sync commit bumps the version, so old answers are never found again and age out.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace roi::modules::dashboard {

class ResultCache {
 public:
  // Holds at most `capacity` answers in total; 0 turns the cache off.
  explicit ResultCache(std::size_t capacity);

  bool enabled() const { return capacity_ > 0; }
  std::optional<std::string> find(const std::string& key);
  void put(const std::string& key, std::string value);

  std::size_t size() const { return size_.load(std::memory_order_relaxed); }

 private:
  // Least recently used first; the map points into the list.
  struct Shard {
    std::mutex mutex;
    std::list<std::pair<std::string, std::string>> entries;
    std::unordered_map<std::string, std::list<std::pair<std::string, std::string>>::iterator> index;
  };
  static constexpr std::size_t kShards = 16;

  Shard& shard_for(const std::string& key);

  std::size_t capacity_;
  std::size_t per_shard_;
  std::array<Shard, kShards> shards_;
  std::atomic<std::size_t> size_{0};
};

}  // namespace roi::modules::dashboard
