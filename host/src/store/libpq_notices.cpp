#include "store/libpq_notices.hpp"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/session.h>

namespace roi::store {

std::string first_line(const char* message) {
  std::string text = message ? message : "";
  return text.substr(0, text.find('\n'));
}

void log_notices(PGconn* conn, const NoticeLog& target) {
  if (!conn) return;
  PQsetNoticeProcessor(
      conn,
      [](void* arg, const char* message) {
        const auto* to = static_cast<const NoticeLog*>(arg);
        to->log.warn(to->event).str("detail", first_line(message));
      },
      const_cast<NoticeLog*>(&target));
}

void log_notices(soci::session& session, const NoticeLog& target) {
  if (auto* backend = static_cast<soci::postgresql_session_backend*>(session.get_backend())) {
    log_notices(backend->conn_, target);
  }
}

}  // namespace roi::store
