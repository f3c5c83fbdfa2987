#include <algorithm>
#include <cstdlib>
#include <map>
#include <roi/sdk/helpers/numbers.hpp>

#include "acceptance_run.hpp"

namespace roi::connector_check {

std::optional<std::string> AcceptanceRun::account() const {
  if (options_.account) return options_.account;
  if (!accounts_.empty()) return accounts_.front().id;
  return std::nullopt;
}

sdk::SyncRequest AcceptanceRun::request(const std::string& account,
                                        std::optional<std::string> resume_from) const {
  return {*credentials_, account, options_.from, options_.to, std::move(resume_from)};
}

std::vector<std::pair<std::string, bool>> AcceptanceRun::operations() const {
  std::vector<std::pair<std::string, bool>> out;  // name, is_orders
  if (description_.has(sdk::Capability::Ads)) out.emplace_back("sync", false);
  if (description_.has(sdk::Capability::Orders)) out.emplace_back("sync-orders", true);
  return out;
}

sdk::Status AcceptanceRun::sync_into(bool orders, const sdk::SyncRequest& r, RecordingSink& sink) {
  return orders ? library_->sync_orders(*services_, r, sink) : library_->sync(*services_, r, sink);
}

void AcceptanceRun::syncs() {
  const auto ops = operations();
  if (ops.empty()) {
    report_.skip("sync", "the connector offers neither ads nor orders");
    report_.skip("resume", "nothing to sync");
    return;
  }
  const auto id = account();
  if (!id) {
    report_.skip("sync", "no account to sync (give --account)");
    report_.skip("resume", "nothing synced");
    return;
  }
  const std::string range =
      sdk::helpers::format_date(options_.from) + ".." + sdk::helpers::format_date(options_.to);
  for (const auto& [name, orders] : ops) {
    RecordingSink sink;
    const auto status = sync_into(orders, request(*id), sink);
    const std::string counts = std::to_string(sink.campaign_count()) + " campaigns, " +
                               std::to_string(sink.metric_count()) + " daily rows, " +
                               std::to_string(sink.order_count()) + " orders, " +
                               std::to_string(sink.checkpoints().size()) + " checkpoints";
    if (!status.ok()) {
      report_.fail(name, "account " + *id + " " + range + ": " + failed(status));
      report_.skip("resume", "the uninterrupted " + name + " failed");
      continue;
    }
    if (sink.invalid_records() > 0) {
      std::string first;
      for (const auto& p : sink.problems()) first += (first.empty() ? "" : "; ") + p;
      report_.fail(
          name, std::to_string(sink.invalid_records()) + " record(s) the host refuses: " + first);
      report_.skip("resume", "the uninterrupted " + name + " sent invalid records");
      continue;
    }
    if (sink.orphan_metrics() > 0) {
      report_.fail(name, std::to_string(sink.orphan_metrics()) +
                             " daily row(s) name a campaign the sync never sent");
      report_.skip("resume", "the uninterrupted " + name + " sent rows of unknown campaigns");
      continue;
    }
    report_.pass(name, "account " + *id + " " + range + ": " + counts + ", every record valid");
    resume(name, orders, *id, sink);
  }
}

void AcceptanceRun::resume(const std::string& name, bool orders, const std::string& id,
                           const RecordingSink& full) {
  const std::string check = name == "sync" ? "resume" : "resume-orders";
  const auto& points = full.checkpoints();
  if (points.empty()) {
    if (full.metric_count() + full.order_count() == 0) {
      report_.skip(check, "the sync sent no records and no checkpoint");
    } else {
      report_.fail(check, "the sync sent no checkpoint: an interrupted sync would start over");
    }
    return;
  }
  const StoredData expected = full.stored();
  std::map<std::string, std::unique_ptr<RecordingSink>> resumed;  // cursor → its resumed sync
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string& cursor = points[i].cursor;
    if (!resumed.contains(cursor)) {
      auto sink = std::make_unique<RecordingSink>();
      const auto status = sync_into(orders, request(id, cursor), *sink);
      if (!status.ok()) {
        report_.fail(check, "resumed from checkpoint '" + cursor + "': " + failed(status));
        return;
      }
      if (sink->invalid_records() > 0) {
        report_.fail(check, "resumed from checkpoint '" + cursor +
                                "': invalid records: " + sink->problems().front());
        return;
      }
      resumed.emplace(cursor, std::move(sink));
    }
    StoredData merged = full.stored_before(i);
    resumed.at(cursor)->upsert_into(merged);
    if (merged != expected) {
      report_.fail(check,
                   "stopped at checkpoint #" + std::to_string(i + 1) + " ('" + cursor +
                       "') and resumed, the stored rows differ from the uninterrupted sync's (" +
                       std::to_string(merged.metrics.size() + merged.orders.size()) + " vs " +
                       std::to_string(expected.metrics.size() + expected.orders.size()) +
                       " rows, or their figures)");
      return;
    }
  }
  report_.pass(check, "resumed from each of " + std::to_string(points.size()) + " checkpoints (" +
                          std::to_string(resumed.size()) +
                          " distinct): same rows as uninterrupted");
}

void AcceptanceRun::rate_limit() {
  if (!options_.arm_rate_limit) {
    report_.skip("rate-limit", "no --arm-rate-limit COMMAND to make the platform answer 429");
    return;
  }
  const auto ops = operations();
  const auto id = account();
  if (ops.empty() || !id) {
    report_.skip("rate-limit", "nothing to sync");
    return;
  }
  // Its output goes to stderr: stdout carries only the verdict lines.
  const std::string command = "{ " + *options_.arm_rate_limit + "\n} 1>&2";
  if (const int rc = std::system(command.c_str()); rc != 0) {
    report_.fail("rate-limit",
                 "the --arm-rate-limit command failed (status " + std::to_string(rc) + ")");
    return;
  }
  RecordingSink sink;
  const auto status = sync_into(ops.front().second, request(*id), sink);
  if (status.kind != sdk::ErrorKind::RateLimited || status.retry_after.count() <= 0) {
    report_.fail("rate-limit", "a sync against a 429 answered " +
                                   (status.ok() ? std::string("ok") : failed(status)) +
                                   ", expected rate_limited with a retry time");
    return;
  }
  report_.pass("rate-limit", "a 429 is rate_limited, retry after " +
                                 std::to_string(status.retry_after.count()) + " s");
}

}  // namespace roi::connector_check
