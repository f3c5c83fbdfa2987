#include "sync/sync_runner.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <roi/sdk/helpers/numbers.hpp>

#include "integrations/connect_flow.hpp"
#include "store/sync_writer.hpp"

namespace roi::sync {
namespace {

using std::chrono::days;
using std::chrono::seconds;

// Refreshing this close to expiry keeps a token from dying in the middle of a long sync.
constexpr seconds kRefreshMargin{600};
constexpr seconds kMaxBackoff{6 * 3600};
const std::string kReauthMessage =
    "The platform no longer accepts this connection; connect the account again.";
// Not the platform's doing: the tokens were sealed under a key this host no longer has.
const std::string kUnreadableMessage =
    "The stored credentials cannot be read with the current keys; reconnect the account.";
const std::string kReleasedMessage =
    "The host stopped during the sync; it resumes from its last checkpoint.";

std::string iso(std::chrono::sys_days day) { return sdk::helpers::format_date(day); }

bool has(const sdk::Description& d, sdk::Capability c) {
  return std::find(d.capabilities.begin(), d.capabilities.end(), c) != d.capabilities.end();
}

// A credentials refresh that fails for any reason but a passing one means the user must act.
struct ReauthNeeded {};

class Tokens {
 public:
  Tokens(store::SyncJobRepository& jobs, const security::TokenCipher& cipher,
         std::int64_t integration, const store::SyncTarget& t)
      : jobs_(jobs), cipher_(cipher), integration_(integration), target_(t) {
    creds_.access_token = cipher.open({t.token_key_id, t.access_sealed}, context("access"));
    if (t.refresh_sealed) {
      creds_.refresh_token = cipher.open({t.token_key_id, *t.refresh_sealed}, context("refresh"));
    }
    if (t.token_expiry) creds_.expires_at = std::chrono::sys_seconds(seconds(*t.token_expiry));
  }

  const sdk::Credentials& credentials() const { return creds_; }
  bool expiring() const {
    return creds_.expires_at && *creds_.expires_at - kRefreshMargin <=
                                    std::chrono::floor<seconds>(std::chrono::system_clock::now());
  }

  void refresh(plugins::ConnectorClient& client) {
    sdk::Credentials fresh;
    try {
      fresh = client.refresh_credentials(creds_);
    } catch (const plugins::CallError& e) {
      if (e.kind() == plugins::CallError::Kind::NeedsReauth ||
          e.kind() == plugins::CallError::Kind::Permanent ||
          e.kind() == plugins::CallError::Kind::Unsupported) {
        throw ReauthNeeded{};
      }
      throw;
    }
    if (fresh.refresh_token.empty()) fresh.refresh_token = creds_.refresh_token;
    const auto access = cipher_.seal(fresh.access_token, context("access"));
    std::optional<std::string> refresh;
    if (!fresh.refresh_token.empty())
      refresh = cipher_.seal(fresh.refresh_token, context("refresh")).bytes;
    std::optional<std::int64_t> expiry;
    if (fresh.expires_at) expiry = fresh.expires_at->time_since_epoch().count();
    jobs_.save_tokens(integration_, access.key_id, access.bytes, refresh, expiry);
    creds_ = std::move(fresh);
  }

 private:
  std::string context(std::string_view field) const {
    return integrations::ConnectFlow::token_context(target_.user_id, target_.platform,
                                                    target_.account_id, field);
  }

  store::SyncJobRepository& jobs_;
  const security::TokenCipher& cipher_;
  std::int64_t integration_;
  const store::SyncTarget& target_;
  sdk::Credentials creds_;
};

}  // namespace

SyncRunner::SyncRunner(store::SyncJobRepository& jobs, store::Pool& pool,
                       store::ChangeFeed& changes, plugins::PluginHost& plugins,
                       const security::TokenCipher& cipher, const config::SyncSettings& settings,
                       std::int32_t owner, observability::Logger& log)
    : jobs_(jobs),
      pool_(pool),
      changes_(changes),
      plugins_(plugins),
      cipher_(cipher),
      settings_(settings),
      owner_(owner),
      log_(log) {}

bool SyncRunner::run_next(const std::string& worker, const std::stop_token& stop) {
  auto job = jobs_.claim(worker, owner_, seconds(settings_.lease_s));
  if (!job) return false;
  const auto started = std::chrono::steady_clock::now();
  try {
    run(*job, worker, stop);
  } catch (const ReauthNeeded&) {
    jobs_.finish(*job, worker, store::Outcome::NeedsReauth, kReauthMessage, seconds(0));
  } catch (const plugins::CallError& e) {
    if (stop.stop_requested()) {
      // Whatever the cancelled call reported, the host stopping is why it ended.
      log_.info("sync_released").num("job", job->id).str("worker", worker);
      jobs_.finish(*job, worker, store::Outcome::Released, kReleasedMessage, seconds(0));
    } else {
      end_call_failed(*job, worker, e);
    }
  } catch (const security::TokenCipherError& e) {
    log_.warn("sync_tokens_unreadable").num("job", job->id).str("detail", e.what());
    jobs_.finish(*job, worker, store::Outcome::NeedsReauth, kUnreadableMessage, seconds(0));
  } catch (const std::exception& e) {
    // Database trouble or a lost lease: the detail goes to the log, never to the user.
    log_.warn("sync_attempt_failed").num("job", job->id).str("detail", e.what());
    end_failed(*job, worker, "The sync could not store its data and will try again.", true);
  }
  log_.info("sync_attempt_done")
      .num("job", job->id)
      .num("integration", job->integration_id)
      .str("worker", worker)
      .real("ms",
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count());
  return true;
}

void SyncRunner::end_call_failed(const store::ClaimedJob& job, const std::string& worker,
                                 const plugins::CallError& e) {
  using Kind = plugins::CallError::Kind;
  log_.warn("sync_attempt_failed")
      .num("job", job.id)
      .str("kind", plugins::kind_key(e.kind()))
      .str("detail", e.detail());
  if (e.kind() == Kind::NeedsReauth) {
    jobs_.finish(job, worker, store::Outcome::NeedsReauth, kReauthMessage, seconds(0));
  } else if (e.kind() == Kind::RateLimited) {
    jobs_.finish(job, worker, store::Outcome::RateLimited, e.what(),
                 seconds(std::max(1, e.retry_after_s().value_or(1))));
  } else {
    const bool retryable = e.kind() == Kind::Transient || e.kind() == Kind::Timeout ||
                           e.kind() == Kind::Overloaded || e.kind() == Kind::Unavailable ||
                           e.kind() == Kind::Crashed;
    end_failed(job, worker, e.what(), retryable);
  }
}

void SyncRunner::end_failed(const store::ClaimedJob& job, const std::string& worker,
                            const std::string& error, bool retryable) {
  if (retryable && job.attempts < job.max_attempts) {
    jobs_.finish(job, worker, store::Outcome::Retrying, error, backoff(job.attempts));
  } else {
    jobs_.finish(job, worker, store::Outcome::Failed, error, seconds(0));
  }
}

// Exponential with full jitter in [½, 1½) of the step, so retries of many jobs spread out.
seconds SyncRunner::backoff(int attempts) const {
  thread_local std::mt19937 random{std::random_device{}()};
  const double step = settings_.backoff_base_s * std::pow(2.0, std::min(attempts - 1, 20));
  const double jittered = step * std::uniform_real_distribution<double>(0.5, 1.5)(random);
  return std::min(kMaxBackoff, seconds(static_cast<long long>(jittered)));
}

void SyncRunner::run(const store::ClaimedJob& job, const std::string& worker,
                     const std::stop_token& stop) {
  const store::SyncTarget target = jobs_.target(job.integration_id);
  if ((target.status != "active" && target.status != "error") || target.access_sealed.empty()) {
    jobs_.finish(job, worker, store::Outcome::Failed, "The integration is not connected.",
                 seconds(0));
    return;
  }
  // The window is fixed by the first attempt, so a resumed sync ends where it meant to.
  std::string from = job.window_from.value_or(""), to = job.window_to.value_or("");
  if (from.empty()) {
    const auto today = std::chrono::floor<days>(std::chrono::system_clock::now());
    const int back = target.synced_before ? settings_.lookback_for(target.platform)
                                          : settings_.backfill_days - 1;
    from = iso(today - days(back));
    to = iso(today);
    jobs_.set_window(job.id, from, to);
  }

  auto client = plugins_.client(target.platform);
  Tokens tokens(jobs_, cipher_, job.integration_id, target);
  if (tokens.expiring()) tokens.refresh(client);

  store::SyncWriter writer(
      pool_, changes_,
      {job.id, job.integration_id, target.platform,
       target.currency.empty() ? "XXX" : target.currency, worker, seconds(settings_.lease_s)},
      static_cast<std::size_t>(settings_.chunk_rows));
  sdk::SyncRequest request{tokens.credentials(), target.account_id, *sdk::helpers::parse_date(from),
                           *sdk::helpers::parse_date(to), job.checkpoint};
  const bool orders = has(client.loaded_description(), sdk::Capability::Orders) &&
                      !has(client.loaded_description(), sdk::Capability::Ads);
  for (bool refreshed = false;; refreshed = true) {
    try {
      orders ? client.sync_orders(request, writer, stop) : client.sync(request, writer, stop);
      break;
    } catch (const plugins::CallError& e) {
      // A 401 mid-sync: refresh once and go on from the last committed checkpoint. A second one
      // right after a refresh means the grant itself is gone.
      const bool refreshable = e.kind() == plugins::CallError::Kind::NeedsReauth;
      if (!refreshable || refreshed || stop.stop_requested()) throw;
      tokens.refresh(client);
      request.credentials = tokens.credentials();
      if (auto committed = writer.rewind()) request.resume_from = std::move(committed);
    }
  }
  writer.finish();
  jobs_.finish(job, worker, store::Outcome::Succeeded, "", seconds(0));
}

}  // namespace roi::sync
