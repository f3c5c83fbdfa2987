// The sign that this host process is alive, for the work hosts share: the sync queue
// (sql/0013_sync_owner.sql; the sync engine's sync::OwnerLease) and report claims (sql/0021): a
// number from sync_owner_seq whose session-level advisory lock
// (kOwnerLockClass, number) is held on a connection of its own for as long as the process lives.
// Postgres drops the lock when that connection goes, so a host that can take another's lock knows
// that host died.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>

#include "observability/log.hpp"
#include "store/database_settings.hpp"
#include "store/libpq_notices.hpp"
#include "sync/ports.hpp"

namespace roi::store {

// The first key of the two-key advisory lock space ("ROIS"); the migrations' lock uses the
// one-key space, so the two never meet.
inline constexpr std::int32_t kOwnerLockClass = 0x524f4953;

class OwnerLock final : public sync::OwnerLease {
 public:
  // Connects as the pool does (application_name roi-host-owner), takes a number and locks it;
  // throws std::runtime_error when the database cannot be reached.
  OwnerLock(const DatabaseSettings& database, observability::Logger& log);
  OwnerLock(const OwnerLock&) = delete;
  OwnerLock& operator=(const OwnerLock&) = delete;

  std::int32_t id() const override { return id_; }

  // Checks the lock's connection; a lost one is opened again and the same number locked again
  // (retried at the next call when that fails). In between other hosts may have queued this host's
  // running jobs again, and every write of a job is fenced on its worker, so the old attempt stops
  // at its next chunk. One caller at a time.
  void keep() override;

 private:
  struct Closer {
    void operator()(PGconn* c) const { PQfinish(c); }
  };
  // Opens the connection and locks `id_`; false (and the connection closed) on any failure.
  bool lock();
  // Runs one statement on the lock's connection.
  std::unique_ptr<PGresult, decltype(&PQclear)> exec(const std::string& sql);

  std::string conninfo_;
  observability::Logger& log_;
  NoticeLog notices_{log_, "sync_owner_notice"};
  std::unique_ptr<PGconn, Closer> conn_;
  std::int32_t id_ = 0;
  bool held_ = false;
};

}  // namespace roi::store
