#include "store/prepared_query.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <charconv>
#include <cstring>
#include <vector>

namespace roi::store {
namespace {

// SQLSTATE invalid_sql_statement_name: this connection has not prepared the statement.
constexpr const char* kUnknownStatement = "26000";

bool failed_with(const PGresult* r, const char* sqlstate) {
  const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  return state && std::strcmp(state, sqlstate) == 0;
}

[[noreturn]] void fail(const PreparedSql& query, const PGresult* r, PGconn* conn) {
  const char* message = r ? PQresultErrorMessage(r) : PQerrorMessage(conn);
  throw soci::soci_error(std::string("prepared statement ") + query.name + ": " +
                         (message ? message : "no result"));
}

}  // namespace

std::string PreparedRows::text(std::size_t row, int column) const {
  const int r = static_cast<int>(row);
  return {PQgetvalue(result_.get(), r, column),
          static_cast<std::size_t>(PQgetlength(result_.get(), r, column))};
}

std::int64_t PreparedRows::integer(std::size_t row, int column) const {
  const int r = static_cast<int>(row);
  if (PQgetisnull(result_.get(), r, column)) return 0;
  const char* value = PQgetvalue(result_.get(), r, column);
  const char* end = value + PQgetlength(result_.get(), r, column);
  std::int64_t out = 0;
  const auto [ptr, ec] = std::from_chars(value, end, out);
  if (ec != std::errc{} || ptr != end) {
    throw soci::soci_error(std::string("not an integer in column ") + std::to_string(column));
  }
  return out;
}

PreparedRows run_prepared(soci::session& session, const PreparedSql& query,
                          std::initializer_list<std::string_view> parameters) {
  PGconn* conn = static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
  std::vector<std::string> owned(parameters.begin(), parameters.end());
  std::vector<const char*> values;
  values.reserve(owned.size());
  for (const auto& p : owned) values.push_back(p.c_str());
  const int count = static_cast<int>(values.size());
  auto execute = [&] {
    return PreparedRows(
        PQexecPrepared(conn, query.name, count, values.data(), nullptr, nullptr, 0));
  };
  PreparedRows rows = execute();
  auto status = [](const PreparedRows& r) { return PQresultStatus(r.result_.get()); };
  if (status(rows) == PGRES_FATAL_ERROR && failed_with(rows.result_.get(), kUnknownStatement)) {
    std::unique_ptr<PGresult, PreparedRows::Clear> prepared(
        PQprepare(conn, query.name, query.sql, 0, nullptr));
    if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) fail(query, prepared.get(), conn);
    rows = execute();
  }
  if (status(rows) != PGRES_TUPLES_OK) fail(query, rows.result_.get(), conn);
  return rows;
}

}  // namespace roi::store
