#include "store/migrations.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "security/sha256.hpp"

namespace roi::store {
namespace {

constexpr long long kMigrationLockKey = 0x524f494d49475254;  // "ROIMIGRT"

// Runs a script of several statements; SOCI prepares statements, which allows only one each.
void exec_script(soci::session& session, const std::string& sql) {
  auto* backend = static_cast<soci::postgresql_session_backend*>(session.get_backend());
  PGresult* res = PQexec(backend->conn_, sql.c_str());
  const auto status = PQresultStatus(res);
  std::string error = PQresultErrorMessage(res);
  PQclear(res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw MigrationError(error.empty() ? "migration failed" : error);
  }
}

}  // namespace

std::vector<Migration> load_migrations(const std::filesystem::path& dir) {
  static const std::regex kName(R"(^(\d{4})_([a-z0-9_]+)\.sql$)");
  if (!std::filesystem::is_directory(dir)) {
    throw MigrationError("migrations folder '" + dir.string() + "' does not exist");
  }
  std::vector<Migration> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string file = entry.path().filename().string();
    if (entry.path().extension() != ".sql") continue;
    std::smatch m;
    if (!std::regex_match(file, m, kName)) {
      throw MigrationError("migration file '" + file + "' is not named NNNN_name.sql");
    }
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    Migration mig;
    mig.version = std::stoi(m[1]);
    mig.name = entry.path().stem().string();
    mig.sql = text.str();
    mig.checksum = security::sha256_hex(mig.sql);
    out.push_back(std::move(mig));
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i].version != static_cast<int>(i) + 1) {
      throw MigrationError(
          "migrations must be numbered 0001, 0002, ... without gaps or "
          "duplicates; found " +
          out[i].name);
    }
  }
  return out;
}

int migrate(soci::session& session, const std::vector<Migration>& migrations,
            observability::Logger& log) {
  session << "SELECT pg_advisory_lock(" << kMigrationLockKey << ")";
  struct Unlock {
    soci::session& s;
    ~Unlock() {
      try {
        s << "SELECT pg_advisory_unlock(" << kMigrationLockKey << ")";
      } catch (...) {
      }
    }
  } unlock{session};

  exec_script(session,
              "CREATE TABLE IF NOT EXISTS schema_migrations ("
              " version integer PRIMARY KEY,"
              " name text NOT NULL,"
              " checksum text NOT NULL,"
              " applied_at timestamptz NOT NULL DEFAULT now())");

  std::vector<std::tuple<int, std::string, std::string>> applied;
  {
    soci::rowset<soci::row> rows =
        (session.prepare
         << "SELECT version, name, checksum FROM schema_migrations ORDER BY version");
    for (const auto& r : rows) {
      applied.emplace_back(r.get<int>(0), r.get<std::string>(1), r.get<std::string>(2));
    }
  }
  const int known = migrations.empty() ? 0 : migrations.back().version;
  for (const auto& [version, name, checksum] : applied) {
    if (version > known) {
      throw MigrationError("the database schema is at version " + std::to_string(version) + " (" +
                           name + "), newer than this build knows (" + std::to_string(known) +
                           "): run a newer roi-host");
    }
    const auto& mine = migrations[static_cast<std::size_t>(version) - 1];
    if (mine.checksum != checksum) {
      throw MigrationError("migration " + name +
                           " was changed after it was applied; add a new migration instead");
    }
  }

  int count = 0;
  for (const auto& mig : migrations) {
    if (std::any_of(applied.begin(), applied.end(),
                    [&](const auto& a) { return std::get<0>(a) == mig.version; })) {
      continue;
    }
    soci::transaction tx(session);
    // A migration may rebuild an index or rewrite a table of any size (0009 rebuilds primary keys
    // of the tens-of-millions-row tables): the pool's statement timeout is for requests, not for
    // it. SET LOCAL ends with the transaction.
    session << "SET LOCAL statement_timeout = 0";
    try {
      exec_script(session, mig.sql);
    } catch (const MigrationError& e) {
      throw MigrationError("migration " + mig.name + " failed: " + e.what());
    }
    session << "INSERT INTO schema_migrations (version, name, checksum) VALUES (:v, :n, :c)",
        soci::use(mig.version), soci::use(mig.name), soci::use(mig.checksum);
    tx.commit();
    log.info("migration_applied").num("version", mig.version).str("name", mig.name);
    ++count;
  }
  return count;
}

}  // namespace roi::store
