#include "store/sync_job_repository.hpp"

#include <soci/soci.h>

#include <roi/sdk/helpers/encoding.hpp>

#include "store/owner_lock.hpp"
#include "store/query_guard.hpp"
#include "store/row_values.hpp"

namespace roi::store {

using sync::ClaimedJob;
using sync::Outcome;
using sync::SyncTarget;

namespace {

// The database's encode(..., 'hex') output, which is always well formed.
std::string bytes_of_hex(const std::string& hex) { return sdk::helpers::from_hex(hex).value(); }

std::string clipped(const std::string& error) { return error.substr(0, 500); }

}  // namespace

namespace {

// Queues a sync of `integration_id` if it is one of `user_id`'s active ones, or moves the pending
// one ahead when `manual`. Returns the job, its status and whether this call inserted it.
struct Queued {
  integrations::QueuedSync job;
  bool inserted = false;
};
std::optional<Queued> insert_job(soci::session& session, std::int64_t user_id,
                                 std::int64_t integration_id, bool manual, int max_attempts) {
  const long long user = user_id, id = integration_id;
  const int priority = manual ? 0 : 10;
  const std::string trigger = manual ? "manual" : "scheduled";
  long long job = 0;
  std::string status;
  int inserted = 0;
  soci::indicator ind = soci::i_null;
  // A pending job absorbs the request; a manual one moves it to the front of the queue.
  session << "INSERT INTO sync_jobs (integration_id, priority, trigger, max_attempts) "
             "SELECT id, :priority::smallint, :trigger::text, :max::int FROM integrations "
             "WHERE id = :id AND user_id = :user AND status IN ('active', 'error') "
             "ON CONFLICT (integration_id) WHERE status IN ('queued', 'running') DO UPDATE "
             "SET priority = least(sync_jobs.priority, EXCLUDED.priority), "
             "run_after = CASE WHEN EXCLUDED.priority < sync_jobs.priority "
             "THEN least(sync_jobs.run_after, now()) ELSE sync_jobs.run_after END "
             "RETURNING id, status, (xmax = 0)::int",
      soci::use(priority), soci::use(trigger), soci::use(max_attempts), soci::use(id),
      soci::use(user), soci::into(job, ind), soci::into(status), soci::into(inserted);
  if (ind == soci::i_null || !session.got_data()) return std::nullopt;
  return Queued{{job, status}, inserted == 1};
}

}  // namespace

std::optional<integrations::QueuedSync> SyncJobRepository::queue(std::int64_t user_id,
                                                                 std::int64_t integration_id,
                                                                 bool manual) {
  return guarded("sync.queue", [&]() -> std::optional<integrations::QueuedSync> {
    auto session = pool_.lease();
    const auto q = insert_job(*session, user_id, integration_id, manual, max_attempts_);
    if (!q) return std::nullopt;
    return q->job;
  });
}

integrations::ManualSync SyncJobRepository::queue_manual(std::int64_t user_id,
                                                         std::int64_t integration_id,
                                                         std::chrono::minutes min_interval) {
  return guarded("sync.queue_manual", [&] {
    auto session = pool_.lease();
    soci::transaction tx(*session);
    const long long user = user_id, minutes = min_interval.count();
    // The user's row, locked: parallel requests of one user queue one after another.
    *session << "INSERT INTO manual_syncs (user_id, last_at) VALUES (:user, to_timestamp(0)) "
                "ON CONFLICT (user_id) DO NOTHING",
        soci::use(user);
    long long next = 0, wait = 0;
    *session << "SELECT floor(extract(epoch FROM next))::bigint, "
                "ceil(extract(epoch FROM next - now()))::bigint FROM "
                "(SELECT last_at + make_interval(mins => :m::int) AS next FROM manual_syncs "
                "WHERE user_id = :user FOR UPDATE) n",
        soci::use(minutes), soci::use(user), soci::into(next), soci::into(wait);
    const auto q = insert_job(*session, user_id, integration_id, true, max_attempts_);
    integrations::ManualSync out;
    if (!q) return out;  // the transaction rolls back
    if (q->inserted && wait > 0) {
      out.next_allowed = next;
      out.wait = std::chrono::seconds(wait);
      return out;  // rolled back: nothing queued
    }
    if (q->inserted) {
      *session << "UPDATE manual_syncs SET last_at = now() WHERE user_id = :user", soci::use(user);
    }
    tx.commit();
    out.job = q->job;
    return out;
  });
}

std::vector<SyncJobRepository::Due> SyncJobRepository::due(std::chrono::minutes interval) {
  return guarded("sync.due", [&] {
    auto session = pool_.lease();
    const long long minutes = interval.count();
    std::vector<Due> out;
    soci::rowset<soci::row> rows =
        (session->prepare
             << "SELECT i.user_id, i.id, "
                "(extract(epoch FROM now() - i.last_sync) / 60)::bigint "
                "FROM integrations i "
                "WHERE i.status IN ('active', 'error') AND i.is_active "
                "AND (i.last_sync IS NULL "
                "OR i.last_sync < now() - make_interval(mins => :m::int)) "
                "AND NOT EXISTS (SELECT 1 FROM sync_jobs j WHERE j.integration_id = i.id "
                "AND j.status IN ('queued', 'running'))",
         soci::use(minutes));
    for (const auto& r : rows) {
      Due d{r.get<long long>(0), r.get<long long>(1), std::nullopt};
      if (r.get_indicator(2) != soci::i_null)
        d.since_last_sync = std::chrono::minutes(r.get<long long>(2));
      out.push_back(d);
    }
    return out;
  });
}

void SyncJobRepository::queue_scheduled(std::int64_t integration_id, std::chrono::seconds delay) {
  guarded("sync.queue_scheduled", [&] {
    auto session = pool_.lease();
    const long long id = integration_id, delay_s = delay.count();
    *session << "INSERT INTO sync_jobs (integration_id, trigger, max_attempts, run_after) "
                "VALUES (:id, 'scheduled', :max::int, now() + make_interval(secs => :d::float8)) "
                "ON CONFLICT DO NOTHING",
        soci::use(id), soci::use(max_attempts_), soci::use(delay_s);
  });
}

std::optional<ClaimedJob> SyncJobRepository::claim(const std::string& worker, std::int32_t owner,
                                                   std::chrono::seconds lease) {
  return guarded("sync.claim", [&]() -> std::optional<ClaimedJob> {
    auto session = pool_.lease();
    soci::transaction tx(*session);
    const long long lease_s = lease.count();
    // A running job whose lease lapsed lost its worker: it is claimed again like a queued one.
    soci::rowset<soci::row> rows =
        (session->prepare
             << "UPDATE sync_jobs j SET status = 'running', attempts = j.attempts + 1, "
                "worker = :worker, owner = :owner::int, "
                "lease_until = now() + make_interval(secs => :lease::float8), "
                "started_at = coalesce(j.started_at, now()) "
                "FROM (SELECT id FROM sync_jobs WHERE (status = 'queued' AND run_after <= now()) "
                "OR (status = 'running' AND lease_until < now()) "
                "ORDER BY priority, run_after, id LIMIT 1 FOR UPDATE SKIP LOCKED) c "
                "WHERE j.id = c.id RETURNING j.id, j.integration_id, j.attempts, j.max_attempts, "
                "j.checkpoint, to_char(j.window_from, 'YYYY-MM-DD'), "
                "to_char(j.window_to, 'YYYY-MM-DD')",
         soci::use(worker), soci::use(owner), soci::use(lease_s));
    std::optional<ClaimedJob> job;
    for (const auto& r : rows) {
      job = ClaimedJob{r.get<long long>(0), 0,
                       r.get<long long>(1), r.get<int>(2),
                       r.get<int>(3),       optional_text(r, 4),
                       optional_text(r, 5), optional_text(r, 6)};
    }
    if (!job) return std::nullopt;
    // A lapsed attempt never finished its run row: it ends here as retried.
    const long long id = job->id;
    // A run's rows start as the job's totals when it began; its end records the difference.
    *session
        << "UPDATE sync_runs r SET outcome = 'retrying', finished_at = now(), "
           "rows_read = j.rows_read - r.rows_read, rows_written = j.rows_written - r.rows_written, "
           "error = 'the worker stopped answering; resumed from the last checkpoint' "
           "FROM sync_jobs j WHERE r.job_id = :id AND j.id = r.job_id AND r.outcome = 'running'",
        soci::use(id);
    long long run = 0;
    *session << "INSERT INTO sync_runs (job_id, integration_id, rows_read, rows_written) "
                "SELECT id, integration_id, rows_read, rows_written FROM sync_jobs WHERE id = :id "
                "RETURNING id",
        soci::use(id), soci::into(run);
    tx.commit();
    job->run_id = run;
    return job;
  });
}

std::vector<SyncJobRepository::Orphan> SyncJobRepository::reclaim_orphans(std::int32_t me) {
  return guarded("sync.reclaim_orphans", [&] {
    auto session = pool_.lease();
    const int lock_class = kOwnerLockClass;
    const std::string retry =
        "The host running the sync stopped; it resumes from its last checkpoint.";
    const std::string given_up = "The host running the sync stopped on its last attempt.";
    std::vector<Orphan> out;
    // The transaction-level try-lock succeeds only when no session holds the owner's lock, and
    // is let go at the commit. One statement, so a job and its run and integration move together.
    soci::rowset<soci::row> rows =
        (session->prepare
             << "WITH dead AS (SELECT id, owner FROM sync_jobs WHERE status = 'running' "
                "AND owner <> :me::int AND pg_try_advisory_xact_lock(:class::int, owner) "
                "FOR UPDATE SKIP LOCKED), "
                "jobs AS (UPDATE sync_jobs j SET "
                "status = CASE WHEN j.attempts < j.max_attempts THEN 'queued' ELSE 'failed' END, "
                "last_error = CASE WHEN j.attempts < j.max_attempts THEN :retry ELSE :given_up "
                "END, "
                "finished_at = CASE WHEN j.attempts < j.max_attempts THEN NULL ELSE now() END, "
                "worker = NULL, owner = NULL, lease_until = NULL, run_after = now() "
                "FROM dead WHERE j.id = dead.id RETURNING j.id, j.integration_id, dead.owner, "
                "j.status, "
                "j.last_error, j.rows_read, j.rows_written), "
                "runs AS (UPDATE sync_runs r SET "
                "outcome = CASE WHEN jobs.status = 'failed' THEN 'failed' ELSE 'retrying' END, "
                "finished_at = now(), error = jobs.last_error, "
                "duration_ms = (extract(epoch FROM now() - r.started_at) * 1000)::bigint, "
                "rows_read = jobs.rows_read - r.rows_read, rows_written = jobs.rows_written - "
                "r.rows_written "
                "FROM jobs WHERE r.job_id = jobs.id AND r.outcome = 'running'), "
                "marked AS (UPDATE integrations i SET status = 'error', last_error = "
                "jobs.last_error, "
                "updated_at = now() FROM jobs WHERE i.id = jobs.integration_id AND jobs.status = "
                "'failed' "
                "AND i.status <> 'disconnected') "
                "SELECT id, integration_id, owner, status FROM jobs",
         soci::use(me), soci::use(lock_class), soci::use(retry), soci::use(given_up));
    for (const auto& r : rows) {
      out.push_back({r.get<long long>(0), r.get<long long>(1), r.get<int>(2),
                     r.get<std::string>(3) == "failed"});
    }
    return out;
  });
}

void SyncJobRepository::set_window(std::int64_t job_id, const std::string& from,
                                   const std::string& to) {
  guarded("sync.set_window", [&] {
    auto session = pool_.lease();
    const long long id = job_id;
    *session << "UPDATE sync_jobs SET window_from = :f::date, window_to = :t::date WHERE id = :id",
        soci::use(from), soci::use(to), soci::use(id);
  });
}

SyncTarget SyncJobRepository::target(std::int64_t integration_id) {
  return guarded("sync.target", [&] {
    auto session = pool_.lease();
    const long long id = integration_id;
    soci::rowset<soci::row> rows =
        (session->prepare << "SELECT user_id, platform, account_id, coalesce(currency, ''), "
                             "status, coalesce(token_key_id, ''), "
                             "coalesce(encode(access_token, 'hex'), ''), "
                             "encode(refresh_token, 'hex'), "
                             "extract(epoch FROM token_expiry)::bigint, last_sync IS NOT NULL "
                             "FROM integrations WHERE id = :id",
         soci::use(id));
    SyncTarget t;
    for (const auto& r : rows) {
      t.user_id = r.get<long long>(0);
      t.platform = r.get<std::string>(1);
      t.account_id = r.get<std::string>(2);
      t.currency = r.get<std::string>(3);
      t.status = r.get<std::string>(4);
      t.token_key_id = r.get<std::string>(5);
      t.access_sealed = bytes_of_hex(r.get<std::string>(6));
      if (auto refresh = optional_text(r, 7)) t.refresh_sealed = bytes_of_hex(*refresh);
      if (r.get_indicator(8) != soci::i_null) t.token_expiry = r.get<long long>(8);
      t.synced_before = r.get<int>(9) != 0;
    }
    return t;
  });
}

void SyncJobRepository::save_tokens(std::int64_t integration_id, const std::string& key_id,
                                    const std::string& access_sealed,
                                    const std::optional<std::string>& refresh_sealed,
                                    std::optional<std::int64_t> expiry) {
  guarded("sync.save_tokens", [&] {
    auto session = pool_.lease();
    const long long id = integration_id;
    const std::string access = sdk::helpers::to_hex(access_sealed);
    // A refresh that returns no new refresh token keeps the old one.
    const std::string refresh = refresh_sealed ? sdk::helpers::to_hex(*refresh_sealed) : "";
    soci::indicator refresh_ind = refresh_sealed ? soci::i_ok : soci::i_null;
    const long long exp = expiry.value_or(0);
    soci::indicator exp_ind = expiry ? soci::i_ok : soci::i_null;
    *session << "UPDATE integrations SET access_token = decode(:access, 'hex'), "
                "refresh_token = coalesce(decode(:refresh, 'hex'), refresh_token), "
                "token_key_id = :kid, token_expiry = to_timestamp(:exp), updated_at = now() "
                "WHERE id = :id",
        soci::use(access), soci::use(refresh, refresh_ind), soci::use(key_id),
        soci::use(exp, exp_ind), soci::use(id);
  });
}

void SyncJobRepository::finish(const ClaimedJob& job, const std::string& worker, Outcome outcome,
                               const std::string& error, std::chrono::seconds delay) {
  guarded("sync.finish", [&] {
    auto session = pool_.lease();
    soci::transaction tx(*session);
    const long long id = job.id, run = job.run_id, integration = job.integration_id;
    const long long delay_s = delay.count();
    const std::string message = clipped(error);
    soci::indicator error_ind = message.empty() ? soci::i_null : soci::i_ok;
    static constexpr const char* kJobStatus[] = {"succeeded", "queued", "queued",
                                                 "failed",    "failed", "queued"};
    static constexpr const char* kRunOutcome[] = {"succeeded", "retrying",     "retrying",
                                                  "failed",    "needs_reauth", "retrying"};
    const int refund = outcome == Outcome::RateLimited || outcome == Outcome::Released ? 1 : 0;
    const std::string status = kJobStatus[static_cast<int>(outcome)];
    const std::string run_outcome = kRunOutcome[static_cast<int>(outcome)];
    // Only the lease holder ends a job: one that lost its lease leaves it to the new holder.
    soci::statement st =
        (session->prepare
             << "UPDATE sync_jobs SET status = :status, worker = NULL, owner = NULL, "
                "lease_until = NULL, last_error = :error, attempts = attempts - :refund, "
                "run_after = now() + make_interval(secs => :delay::float8), "
                "finished_at = CASE WHEN :status2 = 'queued' THEN NULL ELSE now() END "
                "WHERE id = :id AND worker = :worker AND status = 'running'",
         soci::use(status), soci::use(message, error_ind), soci::use(refund), soci::use(delay_s),
         soci::use(status), soci::use(id), soci::use(worker));
    st.execute(true);
    if (st.get_affected_rows() != 1) return;
    *session
        << "UPDATE sync_runs r SET outcome = :outcome, finished_at = now(), error = :error, "
           "duration_ms = (extract(epoch FROM now() - r.started_at) * 1000)::bigint, "
           "rows_read = j.rows_read - r.rows_read, rows_written = j.rows_written - r.rows_written "
           "FROM sync_jobs j WHERE r.id = :run AND j.id = r.job_id",
        soci::use(run_outcome), soci::use(message, error_ind), soci::use(run);
    if (outcome == Outcome::Succeeded) {
      // A user who disconnected while the sync ran keeps the integration disconnected.
      *session
          << "UPDATE integrations SET last_sync = now(), status = 'active', last_error = NULL, "
             "updated_at = now() WHERE id = :id AND status <> 'disconnected'",
          soci::use(integration);
    } else if (outcome == Outcome::Failed || outcome == Outcome::NeedsReauth) {
      const std::string state = outcome == Outcome::NeedsReauth ? "needs_reauth" : "error";
      *session << "UPDATE integrations SET status = :state, last_error = :error, "
                  "updated_at = now() WHERE id = :id AND status <> 'disconnected'",
          soci::use(state), soci::use(message, error_ind), soci::use(integration);
    }
    tx.commit();
  });
}

}  // namespace roi::store
