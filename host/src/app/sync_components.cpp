#include "app/sync_components.hpp"

namespace roi::app {

SyncComponents::SyncComponents(const config::Settings& settings, store::Pool& pool,
                               store::SyncJobRepository& jobs, plugins::PluginHost& plugins,
                               const security::TokenCipher& cipher, observability::Logger& log)
    : runner_(jobs, pool, plugins, cipher, settings.sync, log),
      workers_(std::make_unique<sync::SyncWorkers>(
          runner_, settings.sync.workers, std::chrono::milliseconds(settings.sync.poll_ms), log)) {
  log.info("sync_workers_started").num("workers", settings.sync.workers);
}

}  // namespace roi::app
