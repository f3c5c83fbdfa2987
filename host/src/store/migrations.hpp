// Applies sql/NNNN_name.sql files in order, each once and in its own transaction, recorded in
// schema_migrations. Refuses a database whose schema is newer than this build, or whose applied
// migration no longer matches the file of the same number.
#pragma once

#include <soci/session.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "observability/log.hpp"

namespace roi::store {

struct Migration {
  int version = 0;
  std::string name;  // file name without the .sql suffix
  std::string sql;
  std::string checksum;  // SHA-256 of the file, hex
};

class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads and validates the migration files of `dir` (names, gaps, duplicates), in order.
std::vector<Migration> load_migrations(const std::filesystem::path& dir);

// Applies what is missing; returns how many were applied. Serialised across processes by an
// advisory lock, so several hosts may start against one database at once.
int migrate(soci::session& session, const std::vector<Migration>& migrations,
            observability::Logger& log);

}  // namespace roi::store
