#include "store/pool.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <utility>

#include "api/error.hpp"

namespace roi::store {
namespace {

thread_local bool t_lost_connection = false;

bool connected(soci::session& s) {
  auto* backend = static_cast<soci::postgresql_session_backend*>(s.get_backend());
  return backend && PQstatus(backend->conn_) == CONNECTION_OK;
}

}  // namespace

bool Pool::take_lost_connection() { return std::exchange(t_lost_connection, false); }

std::string Pool::connection_string(const config::DatabaseSettings& s,
                                    std::span<const Parameter> extra) {
  const std::string& url = s.url;
  const std::string timeout = std::to_string(s.connect_timeout_s);
  const std::string stmt = std::to_string(s.statement_timeout_ms);
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0) {
    const char sep = url.find('?') == std::string::npos ? '?' : '&';
    std::string out = url + sep + "connect_timeout=" + timeout +
                      "&options=-c%20statement_timeout%3D" + stmt + "&application_name=roi-host";
    for (const auto& [key, value] : extra) out += "&" + std::string(key) + "=" + std::string(value);
    return out;
  }
  std::string out = url + " connect_timeout=" + timeout + " options='-c statement_timeout=" + stmt +
                    "' application_name=roi-host";
  for (const auto& [key, value] : extra) out += " " + std::string(key) + "=" + std::string(value);
  return out;
}

Pool::Pool(const config::DatabaseSettings& settings, observability::Logger& log)
    : size_(static_cast<std::size_t>(settings.pool_size)),
      lease_timeout_(settings.lease_timeout_ms),
      conninfo_(connection_string(settings)),
      notices_{log, "database_notice"},
      pool_(size_) {
  for (std::size_t i = 0; i < size_; ++i) {
    pool_.at(i).open(soci::postgresql, conninfo_);
    log_notices(pool_.at(i), notices_);
  }
}

Pool::~Pool() {
  for (std::size_t i = 0; i < size_; ++i) pool_.at(i).close();
}

Pool::Lease Pool::lease(std::chrono::milliseconds timeout) {
  std::size_t slot = 0;
  if (!pool_.try_lease(slot, static_cast<int>(timeout.count()))) {
    throw api::Error(
        api::ErrorCode::ServiceUnavailable, "The service is busy, please retry in a moment",
        "database pool exhausted: no session within " + std::to_string(timeout.count()) + " ms");
  }
  in_use_.fetch_add(1, std::memory_order_relaxed);
  Lease lease(*this, slot);
  soci::session& s = pool_.at(slot);
  // A connection dropped by the server (restart, idle kill) is reopened before it is handed out.
  if (!connected(s)) {
    try {
      s.reconnect();
      log_notices(s, notices_);
    } catch (const std::exception& e) {
      throw std::move(api::Error(api::ErrorCode::ServiceUnavailable,
                                 "The database is unavailable, please retry in a moment",
                                 std::string("database reconnect failed: ") + e.what())
                          .with_retry_after(1));
    }
  }
  return lease;
}

void Pool::ping() {
  Lease session = lease();
  try {
    int one = 0;
    *session << "SELECT 1", soci::into(one);
  } catch (const std::exception& e) {
    // The server went away since the lease check: one fresh attempt before giving up.
    try {
      session->reconnect();
      log_notices(*session, notices_);
      int one = 0;
      *session << "SELECT 1", soci::into(one);
    } catch (const std::exception& again) {
      throw api::Error(api::ErrorCode::ServiceUnavailable, "The database is unavailable",
                       std::string("database ping failed: ") + again.what());
    }
  }
}

Pool::Lease::~Lease() {
  if (!pool_) return;
  if (!connected(pool_->pool_.at(slot_))) t_lost_connection = true;
  pool_->in_use_.fetch_sub(1, std::memory_order_relaxed);
  pool_->pool_.give_back(slot_);
}

soci::session& Pool::Lease::operator*() const { return pool_->pool_.at(slot_); }

}  // namespace roi::store
