// The plans a user can be on and what each allows: the one table every limit check reads
// (integrations connect, report generation, the sync scheduler) and subscription.current shows.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace roi::modules::billing {

enum class Plan { Free, Starter, Pro, Agency };

struct Limits {
  std::optional<int> integrations;  // connected integrations; nullopt: unlimited
  // How often the scheduler syncs each integration; nullopt: the sync.interval_hours setting.
  std::optional<std::chrono::minutes> sync_interval;
  std::optional<int> reports_per_month;  // reports generated per calendar month (UTC)
  // The shortest time between two syncs a user asks for by hand (integrations.sync).
  std::chrono::minutes manual_sync_interval;
};

const Limits& limits_of(Plan plan);
std::string_view plan_name(Plan plan);
// "free", "starter", "pro" or "agency"; nullopt for anything else.
std::optional<Plan> parse_plan(std::string_view name);

}  // namespace roi::modules::billing
