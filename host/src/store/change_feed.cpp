#include "store/change_feed.hpp"

#include <libpq-fe.h>
#include <openssl/rand.h>
#include <poll.h>
#include <soci/soci.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <memory>
#include <roi/sdk/helpers/encoding.hpp>
#include <stdexcept>

#include "store/pool.hpp"

namespace roi::store {
namespace {

constexpr const char* kListen = "LISTEN roi_changes";
// The connection mostly waits: TCP keepalives and a send timeout notice a vanished server (or a
// dropped route) within about 20 s instead of hours; until then nothing would be announced.
constexpr std::array<Pool::Parameter, 5> kParameters = {{{"keepalives_idle", "5"},
                                                         {"keepalives_interval", "3"},
                                                         {"keepalives_count", "3"},
                                                         {"tcp_user_timeout", "20000"},
                                                         {"application_name", "roi-host-changes"}}};
constexpr int kRetryFirstMs = 100;
constexpr int kRetryMaxMs = 5000;

struct ConnectionCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;

// Tells this process's markers from every other's, across restarts and machines.
std::string process_token() {
  unsigned char bytes[8];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    throw std::runtime_error("change feed: no random bytes");
  return sdk::helpers::to_hex({reinterpret_cast<const char*>(bytes), sizeof bytes});
}

}  // namespace

ChangeFeed::ChangeFeed(const config::DatabaseSettings& database, observability::Logger& log)
    : conninfo_(Pool::connection_string(database, kParameters)),
      log_(log),
      wake_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
      mark_prefix_(process_token() + ".") {
  if (wake_fd_ < 0) throw std::runtime_error("change feed: eventfd failed");
}

ChangeFeed::~ChangeFeed() {
  stop();
  close(wake_fd_);
}

void ChangeFeed::subscribe(Topic topic) { topics_.push_back(std::move(topic)); }

void ChangeFeed::start() {
  thread_ = std::thread([this] { run(); });
}

void ChangeFeed::stop() {
  if (!thread_.joinable()) return;
  stopping_.store(true);
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = write(wake_fd_, &one, sizeof one);
  thread_.join();
}

bool ChangeFeed::wait(int socket, int timeout_ms) {
  pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {socket, POLLIN, 0}};
  const int rc = poll(fds, socket < 0 ? 1 : 2, timeout_ms);
  if (rc < 0 && errno != EINTR) return !stopping_.load();
  return !stopping_.load() && !(fds[0].revents & POLLIN);
}

void ChangeFeed::set_live(bool live) {
  live_.store(live, std::memory_order_release);
  for (const Topic& t : topics_) t.live(live);
  {
    // Under the lock, so a settle() between its check and its wait cannot miss the news: one
    // waiting on a lost (or since reopened, so emptied) feed need not wait any more.
    std::lock_guard lock(marks_mutex_);
    ++generation_;
  }
  marks_heard_cv_.notify_all();
}

void ChangeFeed::settle(soci::session& committed_with, std::chrono::milliseconds limit) {
  if (!live()) return;
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(marks_mutex_);
    generation = generation_;  // before the marker goes out: a loss after it ends the wait
  }
  const std::uint64_t n = marks_sent_.fetch_add(1) + 1;
  const std::string payload = "mark:" + mark_prefix_ + std::to_string(n);
  try {
    committed_with << "SELECT pg_notify('roi_changes', :payload)", soci::use(payload);
  } catch (const std::exception& e) {
    // The writer's commit stands; its change reaches the caches when the notification does.
    log_.warn("change_feed_settle_failed").str("detail", first_line(e.what()));
    return;
  }
  std::unique_lock lock(marks_mutex_);
  if (!marks_heard_cv_.wait_for(
          lock, limit, [&] { return marks_heard_ >= n || !live() || generation_ != generation; })) {
    log_.warn("change_feed_slow").num("waited_ms", limit.count());
  }
}

void ChangeFeed::dispatch(std::string_view payload) {
  heard_.fetch_add(1, std::memory_order_relaxed);
  const auto colon = payload.find(':');
  if (colon == std::string_view::npos) return;
  const std::string_view name = payload.substr(0, colon);
  if (name == "mark") {
    const std::string_view mark = payload.substr(colon + 1);
    if (!mark.starts_with(mark_prefix_)) return;  // another process's
    std::uint64_t n = 0;
    for (char c : mark.substr(mark_prefix_.size())) {
      if (c < '0' || c > '9') return;
      n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    {
      std::lock_guard lock(marks_mutex_);
      marks_heard_ = std::max(marks_heard_, n);
    }
    marks_heard_cv_.notify_all();
    return;
  }
  for (const Topic& t : topics_) {
    if (t.name == name) t.changed(payload.substr(colon + 1));
  }
}

void ChangeFeed::run() {
  int retry_ms = kRetryFirstMs;
  bool announced_loss = false;
  while (!stopping_.load()) {
    Connection conn(PQconnectdb(conninfo_.c_str()));
    log_notices(conn.get(), notices_);
    bool listening = false;
    if (PQstatus(conn.get()) == CONNECTION_OK) {
      std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn.get(), kListen), &PQclear);
      listening = PQresultStatus(r.get()) == PGRES_COMMAND_OK;
    }
    if (!listening) {
      if (!announced_loss) {
        log_.warn("change_feed_unavailable")
            .str("detail", first_line(PQerrorMessage(conn.get())))
            .str("effect", "dashboard and session caches bypassed until it is back");
        announced_loss = true;
      }
      if (!wait(-1, retry_ms)) break;
      retry_ms = std::min(retry_ms * 2, kRetryMaxMs);
      continue;
    }
    // Listening from here on: whatever commits now is announced, so caching can begin; what was
    // kept before is dropped by set_live, because changes in between went unheard.
    set_live(true);
    log_.info("change_feed_listening");
    announced_loss = false;
    retry_ms = kRetryFirstMs;
    const int socket = PQsocket(conn.get());
    while (wait(socket, -1)) {
      if (!PQconsumeInput(conn.get()) || PQstatus(conn.get()) != CONNECTION_OK) break;
      while (PGnotify* n = PQnotifies(conn.get())) {
        dispatch(n->extra);
        PQfreemem(n);
      }
    }
    set_live(false);
    if (stopping_.load()) break;
    lost_.fetch_add(1, std::memory_order_relaxed);
    log_.warn("change_feed_lost")
        .str("detail", first_line(PQerrorMessage(conn.get())))
        .str("effect", "dashboard and session caches bypassed until it is back");
    announced_loss = true;
  }
  set_live(false);
}

}  // namespace roi::store
