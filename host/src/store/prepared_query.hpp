// Reads that are prepared once per pooled connection (PQprepare under a fixed name) and then only
// executed (PQexecPrepared): no parse and no plan per call. The dashboard's reads use them, where
// parsing and planning cost more than reading the rows. Parameters and results travel as text.
// A connection that does not know the statement yet (new, or reopened after a drop) prepares it
// on first use. Failures throw soci::soci_error like every other query, for store::guarded.
#pragma once

#include <libpq-fe.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

namespace soci {
class session;
}

namespace roi::store {

class PreparedRows;
struct PreparedSql;
PreparedRows run_prepared(soci::session& session, const PreparedSql& query,
                          std::initializer_list<std::string_view> parameters);

struct PreparedSql {
  const char* name;  // unique per statement text
  const char* sql;   // parameters $1..$n, typed in the text (e.g. $2::date)
};

class PreparedRows {
 public:
  explicit PreparedRows(PGresult* result) : result_(result) {}

  std::size_t size() const { return static_cast<std::size_t>(PQntuples(result_.get())); }
  std::string text(std::size_t row, int column) const;
  std::int64_t integer(std::size_t row, int column) const;  // NULL reads as 0

 private:
  friend PreparedRows run_prepared(soci::session&, const PreparedSql&,
                                   std::initializer_list<std::string_view>);
  struct Clear {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  std::unique_ptr<PGresult, Clear> result_;
};

// Parameters must not contain NUL characters (they travel as C strings): check input first.
PreparedRows run_prepared(soci::session& session, const PreparedSql& query,
                          std::initializer_list<std::string_view> parameters);

}  // namespace roi::store
