#include "app/dashboard_components.hpp"

#include <stdexcept>
#include <string>

#include "security/derived_key.hpp"

namespace roi::app {
namespace {

// Every user of a large installation; beyond it, an arbitrary one is forgotten.
constexpr std::size_t kKnownUsers = 100000;

std::unique_ptr<store::Pool> replica_pool(const store::DatabaseSettings& database,
                                          observability::Logger& log) {
  if (database.read_url.empty()) return nullptr;
  store::DatabaseSettings replica = database;
  replica.url = database.read_url;
  std::unique_ptr<store::Pool> pool;
  try {
    pool = std::make_unique<store::Pool>(replica, log);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("cannot connect to the read replica (database.read_url, "
                                         "DATABASE_READ_URL): ") +
                             e.what());
  }
  log.info("database_replica_connected").num("pool_size", replica.pool_size);
  return pool;
}

}  // namespace

DashboardComponents::DashboardComponents(const Settings& settings, store::Pool& pool,
                                         observability::Registry& metrics,
                                         observability::Logger& log, const std::string& secret)
    : repository_(pool),
      replica_pool_(replica_pool(settings.database, log)),
      replica_(replica_pool_ ? std::make_unique<store::DashboardRepository>(*replica_pool_)
                             : nullptr),
      replica_reads_(
          metrics.counter("roi_dashboard_replica_reads_total",
                          "Dashboard answers read from the replica (database.read_url)")),
      primary_fallbacks_(metrics.counter(
          "roi_dashboard_primary_fallbacks_total",
          "Dashboard answers read from the primary because the replica was behind the user's "
          "data version or did not answer")),
      reads_(repository_, replica_.get(), replica_reads_, primary_fallbacks_),
      cache_(static_cast<std::size_t>(settings.dashboard.cache_entries)),
      users_(repository_, kKnownUsers),
      cursors_(security::derive_key(secret, "roi dashboard cursor v1")),
      hits_(metrics.counter("roi_dashboard_cache_hits_total",
                            "Dashboard answers served from the result cache")),
      misses_(metrics.counter("roi_dashboard_cache_misses_total",
                              "Dashboard answers computed from the rollups")) {
  auto* hits = &hits_;
  auto* misses = &misses_;
  metrics.gauge("roi_dashboard_cache_hit_ratio", "Share of dashboard answers served from cache",
                [hits, misses] {
                  const auto h = static_cast<double>(hits->value());
                  const auto total = h + static_cast<double>(misses->value());
                  return total == 0 ? 0.0 : h / total;
                });
  auto* cache = &cache_;
  metrics.gauge("roi_dashboard_cache_entries", "Answers in the dashboard result cache",
                [cache] { return static_cast<double>(cache->size()); });
}

store::ChangeFeed::Topic DashboardComponents::changes() {
  return {"user", [this](std::string_view id) { users_.changed(id); },
          [this](bool live) { users_.set_live(live); }};
}

void DashboardComponents::register_procedures(api::ProcedureRegistry& registry) {
  modules::dashboard::register_procedures(registry,
                                          {reads_, users_, cache_, cursors_, hits_, misses_});
}

}  // namespace roi::app
