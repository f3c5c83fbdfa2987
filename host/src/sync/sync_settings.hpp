// The sync engine's settings (sync.*) and their declarations, the per-platform lookbacks
// (sync.lookback.<connector id>) among them.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/key.hpp"

namespace roi::sync {

struct SyncSettings {
  int workers = 0;         // sync worker threads in this process; 0: this host syncs nothing
  int poll_ms = 0;         // how often an idle worker looks for a job
  int lease_s = 0;         // a claimed job returns to the queue this long after its last sign
  int reclaim_ms = 0;      // how often a host looks for running jobs whose host died
  int max_attempts = 0;    // tries before a job fails for good
  int backoff_base_s = 0;  // first retry delay; doubles per attempt, with jitter
  int backfill_days = 0;   // the first sync of an integration pulls this far back
  int lookback_days = 0;   // later syncs re-read this many days (platforms restate them)
  // Per platform id ("google-ads"), from sync.lookback.<id> (google_ads works too) or
  // ROI_SYNC_LOOKBACK_<ID>: any id-shaped name is taken, since the host knows no platform.
  std::map<std::string, int, std::less<>> lookback_days_by_platform;
  int chunk_rows = 0;       // rows buffered before a chunk is written
  int interval_hours = 0;   // scheduled syncs per integration, for a plan that names none
  int schedule_tick_s = 0;  // how often the scheduler looks for due integrations; 0: off

  // The days an incremental sync of `platform` re-reads.
  int lookback_for(std::string_view platform) const {
    const auto own = lookback_days_by_platform.find(platform);
    return own == lookback_days_by_platform.end() ? lookback_days : own->second;
  }
};

std::vector<config::Key<SyncSettings>> sync_keys();
config::KeyFamily<SyncSettings> lookback_keys();

}  // namespace roi::sync
