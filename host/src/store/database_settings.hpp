// The database's settings (database.*) and their declarations: what roi-host accepts, with
// types, ranges, defaults and environment names.
#pragma once

#include <string>
#include <vector>

#include "config/key.hpp"

namespace roi::store {

struct DatabaseSettings {
  std::string url;  // libpq URI or key=value string
  // A streaming replica for the dashboard's reads; empty: every read goes to `url`.
  std::string read_url;
  int pool_size = 0;
  int connect_timeout_s = 0;
  int statement_timeout_ms = 0;
  int lease_timeout_ms = 0;  // how long a request waits for a free connection
  std::string migrations_dir;
  bool migrate_on_start = true;
};

// `migrations_dir` is the default of database.migrations_dir (where the host is installed).
std::vector<config::Key<DatabaseSettings>> database_keys(const std::string& migrations_dir);

}  // namespace roi::store
