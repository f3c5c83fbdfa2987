// Values read from the database and kept in memory for as long as a change feed says they still
// hold (store/change_feed): a change announced for a key drops it, and while the feed is not live
// (not yet listening, or its connection lost) nothing is served or kept. A value read while its
// key changed is not kept either: the ticket taken before the read says so.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

namespace roi::concurrency {

template <typename Key, typename Value>
class NotifiedCache {
 public:
  // Holds at most about `capacity` values; an arbitrary one makes room for a new one.
  explicit NotifiedCache(std::size_t capacity)
      : per_shard_(std::max<std::size_t>(1, (capacity + kShards - 1) / kShards)) {}

  std::optional<Value> find(const Key& key) {
    if (!live_.load(std::memory_order_acquire)) return std::nullopt;
    Shard& s = shard_for(key);
    std::lock_guard lock(s.mutex);
    auto it = s.values.find(key);
    if (it == s.values.end()) return std::nullopt;
    return it->second;
  }

  // Take before reading the key's value from the source of truth; hand it to keep().
  std::uint64_t ticket(const Key& key) {
    Shard& s = shard_for(key);
    std::lock_guard lock(s.mutex);
    return s.stamp;
  }

  // Keeps a value read after `ticket` was taken, unless the key (or everything) was dropped since.
  void keep(const Key& key, Value value, std::uint64_t ticket) {
    Shard& s = shard_for(key);
    std::lock_guard lock(s.mutex);
    if (s.stamp != ticket || !live_.load(std::memory_order_acquire)) return;
    if (s.values.size() >= per_shard_ && !s.values.contains(key)) s.values.erase(s.values.begin());
    s.values.insert_or_assign(key, std::move(value));
  }

  // The cached value, or `read(key)` kept when it has one (readers return nullopt for "none").
  template <typename Read>
  std::optional<Value> get(const Key& key, Read&& read) {
    if (auto hit = find(key)) return hit;
    const std::uint64_t t = ticket(key);
    std::optional<Value> value = std::forward<Read>(read)(key);
    if (value) keep(key, *value, t);
    return value;
  }

  void drop(const Key& key) {
    Shard& s = shard_for(key);
    std::lock_guard lock(s.mutex);
    ++s.stamp;
    s.values.erase(key);
  }

  // Live: the feed listens, so every later change will be announced. Either way everything kept
  // so far is dropped: changes made while nobody listened were never announced.
  void set_live(bool live) {
    if (!live) live_.store(false, std::memory_order_release);
    for (Shard& s : shards_) {
      std::lock_guard lock(s.mutex);
      ++s.stamp;
      s.values.clear();
    }
    if (live) live_.store(true, std::memory_order_release);
  }

  bool live() const { return live_.load(std::memory_order_acquire); }

  std::size_t size() {
    std::size_t n = 0;
    for (Shard& s : shards_) {
      std::lock_guard lock(s.mutex);
      n += s.values.size();
    }
    return n;
  }

 private:
  static constexpr std::size_t kShards = 16;
  struct Shard {
    std::mutex mutex;
    std::unordered_map<Key, Value> values;
    std::uint64_t stamp = 0;  // bumped by every drop, so tickets taken before it are refused
  };

  Shard& shard_for(const Key& key) { return shards_[std::hash<Key>{}(key) % kShards]; }

  std::size_t per_shard_;
  std::array<Shard, kShards> shards_;
  std::atomic<bool> live_{false};
};

}  // namespace roi::concurrency
