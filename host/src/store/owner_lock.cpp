#include "store/owner_lock.hpp"

#include <array>
#include <stdexcept>

#include "store/pool.hpp"

namespace roi::store {
namespace {

// Keepalives notice a vanished server within about 20 s; the lock is then taken again.
constexpr std::array<Pool::Parameter, 5> kParameters = {{{"keepalives_idle", "5"},
                                                         {"keepalives_interval", "3"},
                                                         {"keepalives_count", "3"},
                                                         {"tcp_user_timeout", "20000"},
                                                         {"application_name", "roi-host-owner"}}};

}  // namespace

OwnerLock::OwnerLock(const config::DatabaseSettings& database, observability::Logger& log)
    : conninfo_(Pool::connection_string(database, kParameters)), log_(log) {
  if (!lock()) {
    throw std::runtime_error("sync owner lock: " + first_line(PQerrorMessage(conn_.get())));
  }
  log_.info("sync_owner_locked").num("owner", id_);
}

std::unique_ptr<PGresult, decltype(&PQclear)> OwnerLock::exec(const std::string& sql) {
  return {PQexec(conn_.get(), sql.c_str()), &PQclear};
}

bool OwnerLock::lock() {
  held_ = false;
  conn_.reset(PQconnectdb(conninfo_.c_str()));
  log_notices(conn_.get(), notices_);
  if (PQstatus(conn_.get()) != CONNECTION_OK) return false;
  if (id_ == 0) {
    auto r = exec("SELECT nextval('sync_owner_seq')");
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) return false;
    id_ = static_cast<std::int32_t>(std::stol(PQgetvalue(r.get(), 0, 0)));
  }
  // Blocks only while another host's look for orphans holds it for a moment.
  auto r = exec("SELECT pg_advisory_lock(" + std::to_string(kOwnerLockClass) + ", " +
                std::to_string(id_) + ")");
  held_ = PQresultStatus(r.get()) == PGRES_TUPLES_OK;
  return held_;
}

void OwnerLock::keep() {
  if (held_ && PQstatus(conn_.get()) == CONNECTION_OK &&
      PQresultStatus(exec("SELECT 1").get()) == PGRES_TUPLES_OK) {
    return;
  }
  if (held_) {
    log_.warn("sync_owner_lock_lost")
        .num("owner", id_)
        .str("detail", first_line(PQerrorMessage(conn_.get())))
        .str("effect", "other hosts may queue this host's running syncs again");
  }
  if (lock()) log_.info("sync_owner_locked").num("owner", id_).flag("again", true);
}

}  // namespace roi::store
