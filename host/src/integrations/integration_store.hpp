// What the integrations module needs from storage: a user's connected ad accounts, with their
// tokens only ever as ciphertext. Implemented over Postgres in store/integration_repository.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace roi::integrations {

// A queued or running sync, as far as its last committed chunk.
struct SyncProgress {
  std::int64_t job_id = 0;
  std::string status;             // queued | running
  std::optional<double> percent;  // when the connector reported a total
  std::int64_t rows_read = 0;
  std::int64_t rows_written = 0;
};

// How the last finished sync attempt ended.
struct LastRun {
  std::string outcome;      // succeeded | retrying | failed | needs_reauth
  std::string finished_at;  // ISO 8601, UTC
  std::int64_t rows_read = 0;
  std::int64_t rows_written = 0;
  std::int64_t duration_ms = 0;
  std::optional<std::string> error;  // readable, never a token or SQL
};

// One connected platform account, as integrations.list shows it (never its tokens).
struct IntegrationSummary {
  std::int64_t id = 0;
  std::string platform;
  std::string account_id;
  std::string account_name;
  std::string currency;                   // empty when the platform did not say
  std::string status;                     // active | needs_reauth | error | disconnected
  std::optional<std::string> last_sync;   // ISO 8601, UTC
  std::optional<std::string> last_error;  // readable, never a token or SQL
  std::optional<SyncProgress> sync;
  std::optional<LastRun> last_run;
};

// What a completed OAuth connect stores per account: sealed tokens and the key that sealed them.
struct ConnectedAccount {
  std::int64_t user_id = 0;
  std::string platform;
  std::string account_id;
  std::string account_name;
  std::string currency;
  std::string time_zone;
  std::string token_key_id;
  std::string access_token_sealed;                  // ciphertext bytes
  std::optional<std::string> refresh_token_sealed;  // Meta has none
  std::optional<std::int64_t> token_expiry;         // Unix seconds
};

class IntegrationStore {
 public:
  virtual ~IntegrationStore() = default;

  virtual std::vector<IntegrationSummary> list(std::int64_t user_id) = 0;
  // Inserts, or on reconnecting the same account replaces the tokens and marks it active.
  // Returns the integration's id.
  virtual std::int64_t save(const ConnectedAccount& account) = 0;
  // Deletes the tokens; with keep_data the row (and its campaigns and metrics) stays as
  // disconnected, otherwise it goes with everything synced. False when `user_id` has no such
  // integration, so another user's id looks exactly like a missing one.
  virtual bool disconnect(std::int64_t user_id, std::int64_t integration_id, bool keep_data) = 0;
};

}  // namespace roi::integrations
