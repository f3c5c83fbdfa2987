#include "app/dashboard_components.hpp"

#include "security/derived_key.hpp"

namespace roi::app {
namespace {

// Every user of a large installation; beyond it, an arbitrary one is forgotten.
constexpr std::size_t kKnownUsers = 100000;

}  // namespace

DashboardComponents::DashboardComponents(const Settings& settings, store::Pool& pool,
                                         observability::Registry& metrics,
                                         const std::string& secret)
    : repository_(pool),
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
  modules::dashboard::register_procedures(
      registry, {repository_, users_, cache_, cursors_, hits_, misses_});
}

}  // namespace roi::app
