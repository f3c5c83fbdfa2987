#include "modules/dashboard/result_cache.hpp"

#include <functional>

namespace roi::modules::dashboard {

ResultCache::ResultCache(std::size_t capacity)
    : capacity_(capacity), per_shard_(capacity == 0 ? 0 : (capacity + kShards - 1) / kShards) {}

ResultCache::Shard& ResultCache::shard_for(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % kShards];
}

std::optional<std::string> ResultCache::find(const std::string& key) {
  if (!enabled()) return std::nullopt;
  Shard& s = shard_for(key);
  std::lock_guard lock(s.mutex);
  auto it = s.index.find(key);
  if (it == s.index.end()) return std::nullopt;
  s.entries.splice(s.entries.end(), s.entries, it->second);
  return it->second->second;
}

void ResultCache::put(const std::string& key, std::string value) {
  if (!enabled()) return;
  Shard& s = shard_for(key);
  std::lock_guard lock(s.mutex);
  if (auto it = s.index.find(key); it != s.index.end()) {
    it->second->second = std::move(value);
    s.entries.splice(s.entries.end(), s.entries, it->second);
    return;
  }
  if (s.entries.size() >= per_shard_) {
    s.index.erase(s.entries.front().first);
    s.entries.pop_front();
    size_.fetch_sub(1, std::memory_order_relaxed);
  }
  s.entries.emplace_back(key, std::move(value));
  s.index.emplace(key, std::prev(s.entries.end()));
  size_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace roi::modules::dashboard
