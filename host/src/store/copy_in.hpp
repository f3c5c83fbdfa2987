// COPY … FROM STDIN on a leased session, inside whatever transaction it has open: Postgres
// inserts the rows in batches, several times cheaper per row than INSERT … SELECT.
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <string_view>

namespace roi::store {

// Sends `rows` (COPY text format: tab-separated columns, one line per row) to `statement`
// ("COPY t (a, b) FROM STDIN"); returns the rows Postgres took. Throws soci::soci_error.
std::int64_t copy_in(soci::session& session, const char* statement, std::string_view rows);

}  // namespace roi::store
