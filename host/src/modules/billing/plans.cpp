#include "modules/billing/plans.hpp"

#include <array>

namespace roi::modules::billing {
namespace {

using std::chrono::minutes;

struct Row {
  Plan plan;
  std::string_view name;
  Limits limits;
};

// Indexed by Plan.
constexpr std::array<Row, 4> kPlans = {{
    {Plan::Free, "free", {1, minutes{24 * 60}, 3, minutes{60}}},
    {Plan::Starter, "starter", {3, minutes{6 * 60}, 20, minutes{15}}},
    {Plan::Pro, "pro", {10, minutes{60}, 100, minutes{5}}},
    {Plan::Agency, "agency", {std::nullopt, minutes{15}, std::nullopt, minutes{1}}},
}};

const Row& row(Plan plan) { return kPlans[static_cast<std::size_t>(plan)]; }

}  // namespace

const Limits& limits_of(Plan plan) { return row(plan).limits; }

std::string_view plan_name(Plan plan) { return row(plan).name; }

std::optional<Plan> parse_plan(std::string_view name) {
  for (const auto& r : kPlans) {
    if (r.name == name) return r.plan;
  }
  return std::nullopt;
}

}  // namespace roi::modules::billing
