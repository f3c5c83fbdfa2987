#include "store/report_repository.hpp"

#include <soci/soci.h>

#include <limits>

#include "store/owner_lock.hpp"
#include "store/query_guard.hpp"

namespace roi::store {
namespace {

namespace rep = modules::reports;
namespace dash = modules::dashboard;

constexpr const char* kColumns =
    "id, user_id, name, start_date::text, end_date::text, status, insights::text, "
    "insights_source, pdf_path, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

std::optional<std::string> optional_text(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return std::nullopt;
  return r.get<std::string>(i);
}

dash::Date date_of(const std::string& text) {
  auto d = dash::parse_iso_date(text);
  if (!d) throw soci::soci_error("unexpected date text");
  return *d;
}

rep::Report report_of(const soci::row& r) {
  rep::Report out;
  out.id = r.get<long long>(0);
  out.user_id = r.get<long long>(1);
  out.name = r.get<std::string>(2);
  out.range = {date_of(r.get<std::string>(3)), date_of(r.get<std::string>(4))};
  out.status = r.get<std::string>(5);
  out.insights_json = optional_text(r, 6);
  out.insights_source = optional_text(r, 7);
  out.pdf_path = optional_text(r, 8);
  out.created_at = r.get<std::string>(9);
  return out;
}

template <typename... Uses>
std::vector<rep::Report> select(soci::session& session, const std::string& query, Uses... uses) {
  std::vector<rep::Report> out;
  soci::rowset<soci::row> rows = ((session.prepare << query), ..., uses);
  for (const auto& r : rows) out.push_back(report_of(r));
  return out;
}

}  // namespace

std::optional<rep::Report> ReportRepository::create(std::int64_t user, const std::string& name,
                                                    const dash::DateRange& range,
                                                    std::optional<int> allowance) {
  return guarded("reports.create", [&]() -> std::optional<rep::Report> {
    auto session = pool_.lease();
    soci::transaction tx(*session);
    const long long u = user;
    const int allowed = allowance.value_or(std::numeric_limits<int>::max());
    int generated = 0;
    // The month's row stays locked until the commit, so parallel generates count one by one.
    *session << "INSERT INTO report_generations AS g (user_id, month, generated) "
                "VALUES (:u, date_trunc('month', now() AT TIME ZONE 'UTC')::date, 1) "
                "ON CONFLICT (user_id, month) DO UPDATE SET generated = g.generated + 1 "
                "WHERE g.generated < :allowed RETURNING generated",
        soci::use(u), soci::use(allowed), soci::into(generated);
    if (!session->got_data() || generated > allowed) return std::nullopt;  // rolled back
    const std::string start = dash::format_date(range.start);
    const std::string end = dash::format_date(range.end);
    auto report = select(*session,
                         std::string("INSERT INTO reports (user_id, name, start_date, end_date) "
                                     "VALUES (:u, :n, :s::date, :e::date) RETURNING ") +
                             kColumns,
                         soci::use(u), soci::use(name), soci::use(start), soci::use(end))
                      .front();
    tx.commit();
    return report;
  });
}

std::vector<rep::Report> ReportRepository::list(std::int64_t user, int limit,
                                                std::optional<std::int64_t> before_id) {
  return guarded("reports.list", [&] {
    auto session = pool_.lease();
    const long long u = user;
    const long long before = before_id.value_or(std::numeric_limits<long long>::max());
    const int n = limit;
    // Ids grow with creation time, so id order is newest first and a stable keyset.
    return select(*session,
                  std::string("SELECT ") + kColumns +
                      " FROM reports WHERE user_id = :u AND id < :b ORDER BY id DESC LIMIT :n",
                  soci::use(u), soci::use(before), soci::use(n));
  });
}

std::optional<rep::Report> ReportRepository::find(std::int64_t user, std::int64_t id) {
  return guarded("reports.find", [&]() -> std::optional<rep::Report> {
    auto session = pool_.lease();
    const long long u = user;
    const long long i = id;
    auto rows =
        select(*session,
               std::string("SELECT ") + kColumns + " FROM reports WHERE user_id = :u AND id = :i",
               soci::use(u), soci::use(i));
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

std::optional<std::optional<std::string>> ReportRepository::remove(std::int64_t user,
                                                                   std::int64_t id) {
  return guarded("reports.delete", [&]() -> std::optional<std::optional<std::string>> {
    auto session = pool_.lease();
    const long long u = user;
    const long long i = id;
    soci::rowset<soci::row> rows =
        (session->prepare
             << "DELETE FROM reports WHERE user_id = :u AND id = :i RETURNING pdf_path",
         soci::use(u), soci::use(i));
    for (const auto& r : rows) return optional_text(r, 0);
    return std::nullopt;
  });
}

std::optional<rep::Report> ReportRepository::claim_next(const std::string& worker,
                                                        std::int32_t owner,
                                                        std::chrono::seconds lease) {
  return guarded("reports.claim", [&]() -> std::optional<rep::Report> {
    auto session = pool_.lease();
    const int max = max_attempts_;
    const int lock_class = kOwnerLockClass;
    const long long lease_s = lease.count();
    // A claim is over when its lease ran out or its host process died: the transaction-level
    // try-lock takes the owner's lock only when no session holds it, and lets go when the
    // statement's own transaction ends. A claim made before owners were recorded has no lease.
    const std::string over =
        "(lease_until IS NULL OR lease_until < now() "
        "OR pg_try_advisory_xact_lock(:class::int, owner))";
    // One statement, one round trip per poll. A report that keeps stopping its hosts is failed
    // rather than tried forever (the CTE, run to completion whatever the claim finds); the claim
    // takes a queued report or a running one whose claim is over. The two sets never share a row
    // (attempts >= max against < max), so neither part needs the other's effect.
    auto rows =
        select(*session,
               std::string("WITH exhausted AS (UPDATE reports SET status = 'failed', "
                           "finished_at = now(), worker = NULL, owner = NULL, lease_until = NULL "
                           "WHERE id IN (SELECT id FROM reports WHERE status = 'running' "
                           "AND attempts >= :max AND ") +
                   over +
                   " FOR UPDATE SKIP LOCKED) RETURNING id) "
                   "UPDATE reports SET status = 'running', attempts = attempts + 1, "
                   "worker = :worker, owner = :owner::int, "
                   "lease_until = now() + make_interval(secs => :lease::float8) "
                   "WHERE id = (SELECT id FROM reports WHERE status = 'queued' "
                   "OR (status = 'running' AND attempts < :max2 AND " +
                   over + ") ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + kColumns,
               soci::use(max), soci::use(lock_class), soci::use(worker), soci::use(owner),
               soci::use(lease_s), soci::use(max), soci::use(lock_class));
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

bool ReportRepository::hold(std::int64_t id, const std::string& worker,
                            std::chrono::seconds lease) {
  return guarded("reports.hold", [&] {
    auto session = pool_.lease();
    const long long i = id;
    const long long lease_s = lease.count();
    soci::statement st =
        (session->prepare << "UPDATE reports SET lease_until = now() + "
                             "make_interval(secs => :lease::float8) "
                             "WHERE id = :i AND worker = :worker AND status = 'running'",
         soci::use(lease_s), soci::use(i), soci::use(worker));
    st.execute(true);
    return st.get_affected_rows() == 1;
  });
}

rep::Stored ReportRepository::finish(std::int64_t id, const std::string& worker,
                                     const rep::Outcome& o) {
  return guarded("reports.finish", [&] {
    auto session = pool_.lease();
    const long long i = id;
    const long long version = o.data_version;
    int updated = 0;
    int exists = 0;
    // Only the claim's holder stores: one that lost its claim leaves the report to the new holder.
    // The count of rows sees the table as it was before the update, deleted report or not.
    *session << "WITH done AS (UPDATE reports SET status = 'ready', insights = :j::jsonb, "
                "insights_source = :src, data_version = :v, pdf_path = :p, finished_at = now(), "
                "worker = NULL, owner = NULL, lease_until = NULL "
                "WHERE id = :i AND worker = :worker AND status = 'running' RETURNING 1) "
                "SELECT (SELECT count(*) FROM done)::int, "
                "(SELECT count(*) FROM reports WHERE id = :i2)::int",
        soci::use(o.insights_json), soci::use(o.insights_source), soci::use(version),
        soci::use(o.pdf_path), soci::use(i), soci::use(worker), soci::use(i), soci::into(updated),
        soci::into(exists);
    if (updated > 0) return rep::Stored::Ready;
    return exists > 0 ? rep::Stored::Lost : rep::Stored::Deleted;
  });
}

void ReportRepository::fail(std::int64_t id, const std::string& worker) {
  guarded("reports.fail", [&] {
    auto session = pool_.lease();
    const long long i = id;
    *session << "UPDATE reports SET status = 'failed', finished_at = now(), worker = NULL, "
                "owner = NULL, lease_until = NULL "
                "WHERE id = :i AND worker = :worker AND status = 'running'",
        soci::use(i), soci::use(worker);
  });
}

std::optional<std::pair<std::string, std::string>> ReportRepository::reusable_insights(
    std::int64_t user, const dash::DateRange& range, std::int64_t data_version) {
  return guarded("reports.reuse", [&]() -> std::optional<std::pair<std::string, std::string>> {
    auto session = pool_.lease();
    const long long u = user;
    const long long v = data_version;
    const std::string start = dash::format_date(range.start);
    const std::string end = dash::format_date(range.end);
    soci::rowset<soci::row> rows =
        (session->prepare << "SELECT insights::text, insights_source FROM reports "
                             "WHERE user_id = :u AND start_date = :s::date AND end_date = :e::date "
                             "AND data_version = :v AND status = 'ready' AND insights IS NOT NULL "
                             "ORDER BY id DESC LIMIT 1",
         soci::use(u), soci::use(start), soci::use(end), soci::use(v));
    for (const auto& r : rows) return std::make_pair(r.get<std::string>(0), r.get<std::string>(1));
    return std::nullopt;
  });
}

}  // namespace roi::store
