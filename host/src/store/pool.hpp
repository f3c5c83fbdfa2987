// A fixed pool of SOCI sessions to Postgres. A request leases one for as long as it needs it;
// waiting past the lease timeout is SERVICE_UNAVAILABLE, a lost connection is reopened on lease.
#pragma once

#include <soci/connection-pool.h>
#include <soci/session.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "config/settings.hpp"
#include "observability/log.hpp"
#include "store/libpq_notices.hpp"

namespace roi::store {

class Pool {
 public:
  // Opens every connection up front; throws soci::soci_error when the database is unreachable.
  // Notices of its connections go to `log` (see libpq_notices.hpp).
  Pool(const config::DatabaseSettings& settings, observability::Logger& log);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  class Lease {
   public:
    Lease(Pool& pool, std::size_t slot) : pool_(&pool), slot_(slot) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), slot_(other.slot_) {
      other.pool_ = nullptr;
    }
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    soci::session& operator*() const;
    soci::session* operator->() const { return &**this; }

   private:
    Pool* pool_;
    std::size_t slot_;
  };

  // Waits up to `timeout` for a free session; throws api::Error(SERVICE_UNAVAILABLE) otherwise.
  Lease lease(std::chrono::milliseconds timeout);
  Lease lease() { return lease(lease_timeout_); }

  // True when a session this thread leased went back to the pool without its connection (the
  // server closed it) since the last call; clears the mark. store::guarded retries on it.
  static bool take_lost_connection();

  // Throws api::Error(SERVICE_UNAVAILABLE) unless a round trip to the database succeeds.
  void ping();

  std::size_t size() const { return size_; }
  std::size_t in_use() const { return in_use_.load(std::memory_order_relaxed); }

  // The connection string with timeouts added; never logged (it may hold a password).
  // `extra`: more libpq parameters; later ones win over earlier ones of the same name.
  using Parameter = std::pair<std::string_view, std::string_view>;
  static std::string connection_string(const config::DatabaseSettings& settings,
                                       std::span<const Parameter> extra = {});

 private:
  std::size_t size_;
  std::chrono::milliseconds lease_timeout_;
  std::string conninfo_;
  NoticeLog notices_;
  soci::connection_pool pool_;
  std::atomic<std::size_t> in_use_{0};
};

}  // namespace roi::store
