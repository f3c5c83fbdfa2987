#include "sync/sync_settings.hpp"

#include <algorithm>

#include "connector/output_checks.hpp"

namespace roi::sync {

std::vector<config::Key<SyncSettings>> sync_keys() {
  using S = SyncSettings;
  return {
      config::integer_key<S>("sync.workers", "ROI_SYNC_WORKERS", "2", 0, 64, &S::workers,
                             "sync threads in this process (roi-sync); 0: this host syncs nothing"),
      config::integer_key<S>("sync.poll_ms", "ROI_SYNC_POLL_MS", "1000", 10, 60000, &S::poll_ms,
                             "how often an idle worker looks for a job"),
      config::integer_key<S>("sync.lease_s", "ROI_SYNC_LEASE_S", "120", 1, 3600, &S::lease_s,
                             "a claimed job returns to the queue this long after its last sign"),
      config::integer_key<S>("sync.reclaim_ms", "ROI_SYNC_RECLAIM_MS", "5000", 50, 3600000,
                             &S::reclaim_ms,
                             "how often a host looks for running jobs whose host died"),
      config::integer_key<S>("sync.max_attempts", "ROI_SYNC_MAX_ATTEMPTS", "5", 1, 100,
                             &S::max_attempts, "tries before a job fails for good"),
      config::integer_key<S>("sync.backoff_base_s", "ROI_SYNC_BACKOFF_BASE_S", "30", 0, 86400,
                             &S::backoff_base_s,
                             "first retry delay; doubles per attempt, with jitter"),
      config::integer_key<S>("sync.backfill_days", "ROI_SYNC_BACKFILL_DAYS", "365", 1, 1100,
                             &S::backfill_days,
                             "the first sync of an integration pulls this far back"),
      config::integer_key<S>("sync.lookback_days", "ROI_SYNC_LOOKBACK_DAYS", "30", 0, 365,
                             &S::lookback_days,
                             "later syncs re-read this many days (platforms restate them)"),
      config::integer_key<S>("sync.chunk_rows", "ROI_SYNC_CHUNK_ROWS", "20000", 1, 1000000,
                             &S::chunk_rows, "rows buffered before a chunk is written"),
      config::integer_key<S>("sync.interval_hours", "ROI_SYNC_INTERVAL_HOURS", "6", 1, 720,
                             &S::interval_hours,
                             "scheduled syncs per integration, for a plan that names none"),
      config::integer_key<S>("sync.schedule_tick_s", "ROI_SYNC_SCHEDULE_TICK_S", "60", 0, 86400,
                             &S::schedule_tick_s,
                             "how often the scheduler looks for due integrations; 0: off"),
  };
}

config::KeyFamily<SyncSettings> lookback_keys() {
  return {
      "sync.lookback.",
      "ROI_SYNC_LOOKBACK_",
      // A platform in a lookback key: its connector id, with '_' for '-' allowed ("google_ads").
      [](const std::string& name) -> std::optional<std::string> {
        std::string id = name;
        std::replace(id.begin(), id.end(), '_', '-');
        if (!plugins::is_connector_id(id)) return std::nullopt;
        return id;
      },
      "must name a connector id (a-z, 0-9, '-' or '_') and hold a number",
      "must name a connector id after ROI_SYNC_LOOKBACK_ (A-Z, 0-9, '_')",
      // Assigned after sync.lookback_days: an empty value takes it.
      [](SyncSettings& s, const std::string& id, const std::string& key, const std::string& v) {
        s.lookback_days_by_platform[id] =
            v.empty() ? s.lookback_days : static_cast<int>(config::parse_int(key, v, 0, 365));
      },
      [](const SyncSettings& s, const std::string& id) {
        return std::to_string(s.lookback_for(id));
      },
      "sync.lookback.<connector id> (env ROI_SYNC_LOOKBACK_<CONNECTOR_ID>, default "
      "sync.lookback_days)",
  };
}

}  // namespace roi::sync
