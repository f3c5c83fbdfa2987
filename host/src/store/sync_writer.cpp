#include "store/sync_writer.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <roi/sdk/helpers/numbers.hpp>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "store/array_text.hpp"
#include "store/copy_in.hpp"
#include "store/query_guard.hpp"

namespace roi::store {
namespace {

constexpr const char* kCampaignStatus[] = {"active", "paused", "removed", "unknown"};

// Platforms may send the same key twice in one chunk (a restated page): the last one wins, and
// one statement must not upsert a row twice.
template <typename Row, typename Key>
void keep_last(std::vector<Row>& rows, Key key) {
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const Row& a, const Row& b) { return key(a) < key(b); });
  std::vector<Row> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i + 1 < rows.size() && !(key(rows[i]) < key(rows[i + 1]))) continue;
    out.push_back(std::move(rows[i]));
  }
  rows = std::move(out);
}

// A checkpoint waits for the next chunk unless the last commit is this old: every commit
// recomputes the rollup months its days fall in, so committing per page would cost more than the
// rows; waiting longer would lose more progress to a crash and let the lease lapse.
std::chrono::steady_clock::duration checkpoint_delay(std::chrono::seconds lease) {
  return std::min<std::chrono::steady_clock::duration>(std::chrono::seconds(5), lease / 4);
}

std::int64_t affected(soci::statement& st) {
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace

SyncWriter::SyncWriter(Pool& pool, ChangeFeed& changes, sync::WriterTarget target,
                       std::size_t chunk_rows)
    : pool_(pool),
      changes_(changes),
      target_(std::move(target)),
      chunk_rows_(chunk_rows),
      last_flush_(std::chrono::steady_clock::now()) {}

SyncWriter::~SyncWriter() {
  std::lock_guard lock(mutex_);
  await_written();
}

void SyncWriter::campaign(const sdk::Campaign& campaign) noexcept {
  std::lock_guard lock(mutex_);
  if (failure_) return;
  ++buffer_.rows_read;
  buffer_.campaigns.push_back(campaign);
  if (buffer_.rows() >= chunk_rows_) flush();
}

void SyncWriter::daily_metric(const sdk::DailyMetric& m) noexcept {
  std::lock_guard lock(mutex_);
  if (failure_) return;
  ++buffer_.rows_read;
  const auto day = std::chrono::sys_days(m.date).time_since_epoch().count();
  buffer_.metrics.push_back({m.campaign_id, static_cast<std::int32_t>(day), m.impressions, m.clicks,
                             m.spend.micros, m.conversions_micros / 1000,
                             m.conversion_value.micros});
  if (buffer_.rows() >= chunk_rows_) flush();
}

void SyncWriter::order(const sdk::Order& o) noexcept {
  std::lock_guard lock(mutex_);
  if (failure_) return;
  ++buffer_.rows_read;
  buffer_.orders.push_back(order_row(o));
  if (buffer_.rows() >= chunk_rows_) flush();
}

void SyncWriter::checkpoint(std::string_view cursor) noexcept {
  std::lock_guard lock(mutex_);
  if (failure_) return;
  // Everything before it is buffered or committed, so any later commit may carry it.
  buffer_.checkpoint = std::string(cursor);
  if (buffer_.rows() >= chunk_rows_ ||
      std::chrono::steady_clock::now() - last_flush_ >= checkpoint_delay(target_.lease)) {
    flush();
  }
}

void SyncWriter::progress(const sdk::Progress& progress) noexcept {
  std::lock_guard lock(mutex_);
  buffer_.progress = progress;
}

void SyncWriter::finish() {
  std::lock_guard lock(mutex_);
  if (!failure_) flush();
  await_written();
  if (failure_) throw std::runtime_error(*failure_);
}

void SyncWriter::flush() noexcept {
  await_written();
  if (failure_) return;
  last_flush_ = std::chrono::steady_clock::now();
  Chunk next;
  next.progress = buffer_.progress;  // the connector's latest word stands until it says more
  writing_checkpoint_ = buffer_.checkpoint;
  try {
    writing_ = std::async(
        std::launch::async,
        [this, chunk = std::exchange(buffer_, std::move(next))]() mutable { write(chunk); });
  } catch (const std::exception& e) {  // no thread to be had
    failure_ = e.what();
  }
}

void SyncWriter::await_written() noexcept {
  if (!writing_.valid()) return;
  try {
    writing_.get();
    if (writing_checkpoint_) committed_ = std::exchange(writing_checkpoint_, std::nullopt);
  } catch (const std::exception& e) {
    failure_ = e.what();
  }
  writing_checkpoint_.reset();
}

std::optional<std::string> SyncWriter::rewind() {
  std::lock_guard lock(mutex_);
  await_written();
  Chunk empty;
  empty.progress = buffer_.progress;
  buffer_ = std::move(empty);
  return committed_;
}

void SyncWriter::write(Chunk& chunk) const {
  guarded("sync.write", [&] {
    auto session = pool_.lease();
    soci::transaction tx(*session);
    const long long integration = target_.integration_id;
    std::int64_t written = 0;
    std::optional<std::int32_t> from, to;
    auto touch = [&](std::int32_t day) {
      from = std::min(from.value_or(day), day);
      to = std::max(to.value_or(day), day);
    };

    if (!chunk.campaigns.empty()) {
      keep_last(chunk.campaigns, [](const sdk::Campaign& c) { return c.id; });
      ArrayText ids, names, statuses;
      for (const auto& c : chunk.campaigns) {
        ids.text(c.id);
        names.text(c.name);
        statuses.text(kCampaignStatus[static_cast<int>(c.status)]);
      }
      const std::string a = ids.done(), b = names.done(), c = statuses.done();
      soci::statement st =
          (session->prepare
               << "INSERT INTO campaigns (integration_id, external_id, name, platform, status, "
                  "currency) SELECT :i::bigint, e, n, :platform::text, s, :currency::text "
                  "FROM unnest(:ids::text[], :names::text[], :statuses::text[]) AS t(e, n, s) "
                  "ON CONFLICT (integration_id, external_id) DO UPDATE SET name = EXCLUDED.name, "
                  "status = EXCLUDED.status, updated_at = now() "
                  "WHERE (campaigns.name, campaigns.status) IS DISTINCT FROM "
                  "(EXCLUDED.name, EXCLUDED.status)",
           soci::use(integration), soci::use(target_.platform), soci::use(target_.currency),
           soci::use(a), soci::use(b), soci::use(c));
      written += affected(st);
    }

    if (!chunk.metrics.empty()) {
      keep_last(chunk.metrics, [](const MetricRow& m) { return std::pair(m.campaign, m.day); });
      for (const auto& m : chunk.metrics) touch(m.day);
      written += write_metrics(*session, chunk.metrics);
    }

    if (!chunk.orders.empty()) {
      keep_last(chunk.orders, [](const OrderRow& o) { return o.id; });
      ArrayText ids, at, cur, gross, refunds, source, medium, camp, click, referrer, visited;
      for (const auto& o : chunk.orders) {
        ids.text(o.id);
        at.number(o.placed_at);
        cur.text(o.currency);
        gross.number(o.gross);
        refunds.number(o.refunds);
        source.text(o.utm_source);
        medium.text(o.utm_medium);
        camp.text(o.utm_campaign);
        click.text(o.click_id);
        referrer.text(o.referrer);
        visited.text(o.visited_at);
      }
      const std::string a = ids.done(), b = at.done(), c = cur.done(), d = gross.done(),
                        e = refunds.done(), f = source.done(), m = medium.done(), g = camp.done(),
                        k = click.done(), r = referrer.done(), v = visited.done();
      // Upserts, attributes and refreshes the days the orders left and entered, in the owner's
      // time zone.
      long long upserted = 0;
      *session << "SELECT orders_upsert(:i, :ids::text[], :at::bigint[], :cur::text[], "
                  ":gross::bigint[], :refunds::bigint[], :src::text[], :med::text[], :cmp::text[], "
                  ":click::text[], :ref::text[], :visited::text[])",
          soci::use(integration), soci::use(a), soci::use(b), soci::use(c), soci::use(d),
          soci::use(e), soci::use(f), soci::use(m), soci::use(g), soci::use(k), soci::use(r),
          soci::use(v), soci::into(upserted);
      written += upserted;
    }

    if (from) {
      const int f = *from, t = *to;
      *session << "SELECT dashboard_refresh(:i, date '1970-01-01' + :f::int, date '1970-01-01' + "
                  ":t::int)",
          soci::use(integration), soci::use(f), soci::use(t);
    }

    const long long job = target_.job_id, read = chunk.rows_read, wrote = written;
    const long long done = chunk.progress.done, total = chunk.progress.total;
    const long long lease = target_.lease.count();
    std::string checkpoint = chunk.checkpoint.value_or("");
    soci::indicator checkpoint_ind = chunk.checkpoint ? soci::i_ok : soci::i_null;
    soci::statement st =
        (session->prepare << "UPDATE sync_jobs SET checkpoint = coalesce(:cp, checkpoint), "
                             "rows_read = rows_read + :read, rows_written = rows_written + :wrote, "
                             "progress_done = :done, progress_total = :total, "
                             "lease_until = now() + make_interval(secs => :lease::float8) "
                             "WHERE id = :job AND worker = :worker AND status = 'running'",
         soci::use(checkpoint, checkpoint_ind), soci::use(read), soci::use(wrote), soci::use(done),
         soci::use(total), soci::use(lease), soci::use(job), soci::use(target_.worker));
    // Another worker took the job over (this one's lease lapsed): nothing of this chunk stays.
    if (affected(st) != 1) throw std::runtime_error("the job's lease was lost to another worker");
    tx.commit();
    changes_.settle(*session);
  });
}

std::int64_t SyncWriter::write_metrics(soci::session& session,
                                       const std::vector<MetricRow>& rows) const {
  const long long integration = target_.integration_id;
  ArrayText names;  // the chunk's campaigns; rows come sorted by campaign
  int first = rows.front().day, last = first;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i == 0 || rows[i].campaign != rows[i - 1].campaign) names.text(rows[i].campaign);
    first = std::min(first, rows[i].day);
    last = std::max(last, rows[i].day);
  }
  const std::string name_list = names.done();
  std::unordered_map<std::string, long long> ids;
  ArrayText id_text;
  soci::rowset<soci::row> found =
      (session.prepare << "SELECT external_id, id FROM campaigns "
                          "WHERE integration_id = :i AND external_id = ANY(:e::text[])",
       soci::use(integration), soci::use(name_list));
  for (const auto& r : found) {
    ids.emplace(r.get<std::string>(0), r.get<long long>(1));
    id_text.number(r.get<long long>(1));
  }
  if (ids.empty()) return 0;  // rows of campaigns the platform did not list are dropped

  // Days after the newest one stored for these campaigns hold no rows yet (a first sync, or the
  // part of one past its resume point): those rows go in by COPY. Earlier days, which a lookback
  // restates or the last chunk began, are upserted.
  const std::string id_list = id_text.done();
  int newest = 0;
  soci::indicator none = soci::i_null;
  session << "SELECT max(date) - date '1970-01-01' FROM daily_metrics "
             "WHERE campaign_id = ANY(:c::bigint[]) "
             "AND date BETWEEN date '1970-01-01' + :f::int AND date '1970-01-01' + :t::int",
      soci::use(id_list), soci::use(first), soci::use(last), soci::into(newest, none);
  const int copy_after = none == soci::i_null ? first - 1 : newest;

  std::string data;
  ArrayText camp, day, imp, clk, spend, conv, rev;
  bool upsert = false;
  for (const auto& m : rows) {
    if (m.day > copy_after) {
      const auto id = ids.find(m.campaign);
      if (id == ids.end()) continue;
      data += std::to_string(id->second);
      data += '\t';
      data += sdk::helpers::format_date(std::chrono::sys_days(std::chrono::days(m.day)));
      for (const std::int64_t v :
           {m.impressions, m.clicks, m.spend, m.conversions_milli, m.revenue}) {
        data += '\t';
        data += std::to_string(v);
      }
      data += '\n';
      continue;
    }
    upsert = true;
    camp.text(m.campaign);
    day.number(m.day);
    imp.number(m.impressions);
    clk.number(m.clicks);
    spend.number(m.spend);
    conv.number(m.conversions_milli);
    rev.number(m.revenue);
  }
  std::int64_t written = 0;
  if (!data.empty()) {
    written += copy_in(session,
                       "COPY daily_metrics (campaign_id, date, impressions, clicks, spend_micros, "
                       "conversions_milli, revenue_micros) FROM STDIN",
                       data);
  }
  if (!upsert) return written;

  const std::string a = camp.done(), b = day.done(), c = imp.done(), d = clk.done(),
                    e = spend.done(), f = conv.done(), g = rev.done();
  soci::statement st =
      (session.prepare
           << "INSERT INTO daily_metrics (campaign_id, date, impressions, clicks, "
              "spend_micros, conversions_milli, revenue_micros) "
              "SELECT c.id, date '1970-01-01' + t.d, t.im, t.cl, t.sp, t.cv, t.rv "
              "FROM unnest(:camp::text[], :day::int[], :imp::bigint[], :clk::bigint[], "
              ":spend::bigint[], :conv::bigint[], :rev::bigint[]) "
              "AS t(e, d, im, cl, sp, cv, rv) "
              "JOIN campaigns c ON c.integration_id = :i AND c.external_id = t.e "
              "ON CONFLICT (campaign_id, date) DO UPDATE SET impressions = EXCLUDED.impressions, "
              "clicks = EXCLUDED.clicks, spend_micros = EXCLUDED.spend_micros, "
              "conversions_milli = EXCLUDED.conversions_milli, "
              "revenue_micros = EXCLUDED.revenue_micros, updated_at = now()",
       soci::use(a), soci::use(b), soci::use(c), soci::use(d), soci::use(e), soci::use(f),
       soci::use(g), soci::use(integration));
  return written + affected(st);
}

}  // namespace roi::store
