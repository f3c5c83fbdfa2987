#include "store/copy_in.hpp"

#include <soci/postgresql/soci-postgresql.h>

#include <memory>
#include <string>

namespace roi::store {
namespace {

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

[[noreturn]] void fail(PGconn* conn) {
  throw soci::soci_error(std::string("COPY failed: ") + PQerrorMessage(conn));
}

}  // namespace

std::int64_t copy_in(soci::session& session, const char* statement, std::string_view rows) {
  PGconn* conn = static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
  {
    Result started(PQexec(conn, statement), PQclear);
    if (PQresultStatus(started.get()) != PGRES_COPY_IN) fail(conn);
  }
  const bool sent = PQputCopyData(conn, rows.data(), static_cast<int>(rows.size())) == 1;
  // Ending the COPY with an error message makes the server abandon it, so the connection is
  // usable (and the transaction fails) whatever went wrong above.
  if (PQputCopyEnd(conn, sent ? nullptr : "the client could not send the rows") != 1) fail(conn);
  Result done(PQgetResult(conn), PQclear);
  const bool ok = PQresultStatus(done.get()) == PGRES_COMMAND_OK;
  const std::string count = ok ? PQcmdTuples(done.get()) : "";
  while (Result(PQgetResult(conn), PQclear)) {
  }
  if (!ok || !sent) fail(conn);
  return std::stoll(count);
}

}  // namespace roi::store
