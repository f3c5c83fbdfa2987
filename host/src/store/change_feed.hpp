// Listens on Postgres channel roi_changes (sql/0008_change_feed.sql) on a connection of its own
// and tells the in-memory caches what changed, so they can answer without a round trip and still
// never hold on to a committed change: a key announced is dropped; while the feed is not
// listening (starting, or its connection lost and being reopened) the caches are told they are
// not live, so they serve nothing and keep nothing.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "config/settings.hpp"
#include "observability/log.hpp"
#include "store/libpq_notices.hpp"

namespace soci {
class session;
}

namespace roi::store {

class ChangeFeed {
 public:
  struct Topic {
    std::string name;  // "user", "session"
    std::function<void(std::string_view id)> changed;
    std::function<void(bool live)> live;
  };

  // Connects as the pool does, under application_name roi-host-changes.
  ChangeFeed(const config::DatabaseSettings& database, observability::Logger& log);
  ~ChangeFeed();
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  // Before start() only.
  void subscribe(Topic topic);
  void start();
  void stop();

  // Called by a writer right after its commit, on the session it committed with: returns once
  // this process's caches have heard of that commit, so the writer's caller (and every request
  // after it) is answered from the new data. Postgres delivers notifications in commit order, so
  // hearing a marker committed after the change means the change was heard. Returns at once
  // while the feed is not live (nothing is served from memory then); after `limit` it gives up
  // and logs (the change still arrives, only later).
  // Never throws: a failure to settle is logged, the commit stands.
  void settle(soci::session& committed_with,
              std::chrono::milliseconds limit = std::chrono::milliseconds(2000));

  bool live() const { return live_.load(std::memory_order_acquire); }
  std::uint64_t changes_heard() const { return heard_.load(std::memory_order_relaxed); }
  std::uint64_t connections_lost() const { return lost_.load(std::memory_order_relaxed); }

 private:
  void run();
  // Waits on the connection's socket (or -1: only the timeout) and the stop signal; false when
  // stopping.
  bool wait(int socket, int timeout_ms);
  void set_live(bool live);
  void dispatch(std::string_view payload);

  std::string conninfo_;
  observability::Logger& log_;
  NoticeLog notices_{log_, "change_feed_notice"};
  std::vector<Topic> topics_;
  int wake_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> live_{false};
  std::atomic<std::uint64_t> heard_{0};
  std::atomic<std::uint64_t> lost_{0};
  // settle()'s markers: "mark:<process token>.<n>"; other processes ignore them.
  const std::string mark_prefix_;
  std::atomic<std::uint64_t> marks_sent_{0};
  std::mutex marks_mutex_;
  std::condition_variable marks_heard_cv_;
  std::uint64_t marks_heard_ = 0;
  std::uint64_t generation_ = 0;  // bumped whenever the feed goes live or is lost
  std::thread thread_;
};

}  // namespace roi::store
