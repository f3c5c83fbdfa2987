#include "store/database_settings.hpp"

namespace roi::store {

std::vector<config::Key<DatabaseSettings>> database_keys(const std::string& migrations_dir) {
  using S = DatabaseSettings;
  return {
      config::string_key<S>("database.url", "DATABASE_URL", std::nullopt, &S::url,
                            "libpq URI or key=value string"),
      {"database.read_url", "DATABASE_READ_URL", "",
       "a streaming replica for the dashboard's reads; empty: the primary",
       [](S& s, const std::string& v) { s.read_url = v; }, [](const S& s) { return s.read_url; }},
      config::integer_key<S>("database.pool_size", "ROI_DB_POOL_SIZE", "16", 1, 1024, &S::pool_size,
                             "sessions opened at start"),
      config::integer_key<S>("database.connect_timeout_s", "ROI_DB_CONNECT_TIMEOUT_S", "3", 1, 600,
                             &S::connect_timeout_s),
      config::integer_key<S>("database.statement_timeout_ms", "ROI_DB_STATEMENT_TIMEOUT_MS",
                             "10000", 0, 3600000, &S::statement_timeout_ms),
      config::integer_key<S>("database.lease_timeout_ms", "ROI_DB_LEASE_TIMEOUT_MS", "2000", 1,
                             600000, &S::lease_timeout_ms,
                             "how long a request waits for a free connection"),
      config::string_key<S>("database.migrations_dir", "ROI_MIGRATIONS_DIR", migrations_dir,
                            &S::migrations_dir),
      config::bool_key<S>("database.migrate_on_start", "ROI_MIGRATE_ON_START", "true",
                          &S::migrate_on_start),
  };
}

}  // namespace roi::store
