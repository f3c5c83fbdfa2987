// What libpq says outside a query (server notices, and an error that arrives while a connection is
// idle, such as "terminating connection due to administrator command") goes to stderr as plain
// text by default; the host's log is one JSON object per line, so every connection the host opens
// sends it to the log as a warning line instead.
#pragma once

#include <string>

#include "observability/log.hpp"

// Declared as libpq and SOCI do, so that including this header pulls in neither.
typedef struct pg_conn PGconn;
namespace soci {
class session;
}

namespace roi::store {

// The first line of a libpq message (the lines after it may quote SQL).
std::string first_line(const char* message);

// Where a connection's notices go: `event` lines of `log`.
struct NoticeLog {
  observability::Logger& log;
  const char* event;
};

// Routes `conn`'s notices to `target`, which must outlive the connection.
void log_notices(PGconn* conn, const NoticeLog& target);
// The same for a SOCI session; call again after every reconnect (it is a new connection).
void log_notices(soci::session& session, const NoticeLog& target);

}  // namespace roi::store
