// Per-key state of the abuse limits (login slow-down, registrations): an entry is forgotten once
// `forget_after` has passed since its last use, and a flood of distinct keys cannot grow the map
// past its bound (the least recently used entry gives way).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>

namespace roi::auth {

// `State` has a `last` member: the time the entry was last used.
template <typename State>
class ForgetfulMap {
 public:
  using Clock = std::chrono::steady_clock;

  ForgetfulMap(Clock::duration forget_after, std::size_t max_entries)
      : forget_after_(forget_after), max_entries_(std::max<std::size_t>(1, max_entries)) {}

  // The live entry for `key`, or nullptr (a stale one is dropped).
  State* find(const std::string& key, Clock::time_point now) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    if (stale(it->second, now)) {
      entries_.erase(it);
      return nullptr;
    }
    return &it->second;
  }

  // The live entry for `key`, made fresh (State{} with `last` = now) when there is none.
  State& get(const std::string& key, Clock::time_point now) {
    if (State* s = find(key, now)) return *s;
    make_room(now);
    State fresh{};
    fresh.last = now;
    return entries_.insert_or_assign(key, fresh).first->second;
  }

  void erase(const std::string& key) { entries_.erase(key); }

 private:
  bool stale(const State& s, Clock::time_point now) const { return now >= s.last + forget_after_; }

  void make_room(Clock::time_point now) {
    if (entries_.size() < max_entries_) return;
    std::erase_if(entries_, [&](const auto& kv) { return stale(kv.second, now); });
    if (entries_.size() < max_entries_) return;
    entries_.erase(std::min_element(
        entries_.begin(), entries_.end(),
        [](const auto& a, const auto& b) { return a.second.last < b.second.last; }));
  }

  Clock::duration forget_after_;
  std::size_t max_entries_;
  std::unordered_map<std::string, State> entries_;
};

}  // namespace roi::auth
