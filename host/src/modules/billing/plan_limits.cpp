#include "modules/billing/plan_limits.hpp"

#include <algorithm>
#include <roi/sdk/helpers/numbers.hpp>
#include <string>

#include "api/error.hpp"

namespace roi::modules::billing {
namespace {

api::Error over_limit(Plan plan, const char* limit, const std::string& allowance) {
  return std::move(api::Error(api::ErrorCode::Forbidden,
                              "Plan limit reached (" + std::string(limit) + "): the " +
                                  std::string(plan_name(plan)) + " plan allows " + allowance +
                                  ". Upgrade your plan to go beyond it.")
                       .with_data("limit", limit)
                       .with_data("plan", std::string(plan_name(plan))));
}

std::string count_of(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string iso_time(std::int64_t unix_seconds) {
  return sdk::helpers::format_utc_time(
      std::chrono::sys_seconds(std::chrono::seconds(unix_seconds)));
}

Plan effective_plan(const std::optional<Subscription>& subscription) {
  if (!subscription) return Plan::Free;
  const std::string& s = subscription->status;
  if (s != "active" && s != "trialing" && s != "past_due") return Plan::Free;
  return parse_plan(subscription->plan).value_or(Plan::Free);
}

Plan PlanLimits::plan_of(std::int64_t user_id) {
  return effective_plan(subscriptions_.find(user_id));
}

std::unordered_map<std::int64_t, Plan> PlanLimits::plans_of(
    const std::vector<std::int64_t>& user_ids) {
  const auto subscriptions = subscriptions_.find_all(user_ids);
  std::unordered_map<std::int64_t, Plan> out;
  for (const auto id : user_ids) {
    const auto it = subscriptions.find(id);
    out.emplace(
        id, effective_plan(it == subscriptions.end() ? std::nullopt : std::optional(it->second)));
  }
  return out;
}

void PlanLimits::check_can_add_integration(std::int64_t user_id) {
  const Plan plan = plan_of(user_id);
  const auto allowed = limits_of(plan).integrations;
  if (allowed && usage_.active_integrations(user_id) >= *allowed) {
    throw over_limit(plan, "integrations", count_of(*allowed, "integration", "integrations"));
  }
}

api::Error PlanLimits::reports_limit_reached(Plan plan) {
  const int allowed = limits_of(plan).reports_per_month.value_or(0);
  return over_limit(plan, "reports_per_month",
                    count_of(allowed, "report", "reports") + " per month");
}

api::Error PlanLimits::manual_sync_limited(Plan plan, std::int64_t next_allowed,
                                           std::chrono::seconds wait) {
  const auto minutes = static_cast<int>(limits_of(plan).manual_sync_interval.count());
  const std::string next = iso_time(next_allowed);
  return std::move(
      api::Error(api::ErrorCode::TooManyRequests, "Manual sync limit reached: the " +
                                                      std::string(plan_name(plan)) +
                                                      " plan allows one manual sync every " +
                                                      count_of(minutes, "minute", "minutes") +
                                                      ". The next one is allowed at " + next + ".")
          .with_data("limit", "manual_sync_interval")
          .with_data("plan", std::string(plan_name(plan)))
          .with_data("nextSyncAt", next)
          .with_retry_after(static_cast<int>(std::max<std::int64_t>(wait.count(), 1))));
}

}  // namespace roi::modules::billing
