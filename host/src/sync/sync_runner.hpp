// Runs one claimed sync job: opens the integration's tokens, refreshes them before expiry and
// once on a 401, streams the connector's records into a SyncWriter, then ends the attempt as
// succeeded, retried with backoff, paused for a rate limit, failed, needing re-auth, or given
// back to the queue when the host stops.
#pragma once

#include <cstdint>
#include <stop_token>
#include <string>

#include "observability/log.hpp"
#include "plugins/plugin_host.hpp"
#include "security/token_cipher.hpp"
#include "sync/ports.hpp"
#include "sync/sync_settings.hpp"

namespace roi::sync {

class SyncRunner {
 public:
  // Everything must outlive the runner. `owner` is this process's OwnerLease number, recorded
  // on every job it claims.
  SyncRunner(JobStore& jobs, RecordStore& records, plugins::PluginHost& plugins,
             const security::TokenCipher& cipher, const SyncSettings& settings, std::int32_t owner,
             observability::Logger& log);

  // Claims the next due job and runs it to the end of this attempt; false when none was due.
  // Once `stop` is requested the connector is cancelled at its next page and the job goes back
  // to the queue with its checkpoint, the attempt unused.
  bool run_next(const std::string& worker, const std::stop_token& stop);

 private:
  void run(const ClaimedJob& job, const std::string& worker, const std::stop_token& stop);
  // The attempt's end for a connector's error, by its kind.
  void end_call_failed(const ClaimedJob& job, const std::string& worker,
                       const plugins::CallError& e);
  // The attempt's end for a failure: back off while attempts remain, else fail for good.
  void end_failed(const ClaimedJob& job, const std::string& worker, const std::string& error,
                  bool retryable);
  std::chrono::seconds backoff(int attempts) const;

  JobStore& jobs_;
  RecordStore& records_;
  plugins::PluginHost& plugins_;
  const security::TokenCipher& cipher_;
  SyncSettings settings_;
  std::int32_t owner_;
  observability::Logger& log_;
};

}  // namespace roi::sync
