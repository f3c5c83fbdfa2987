// Deterministic advertising data: accounts, campaigns and daily metrics derived from a seed and the
// account id, so a test can ask /_sim/expected for exact totals instead of hard-coding numbers.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "settings.hpp"

namespace roi::sim {

struct Date {
  std::int64_t day = 0;  // days since 1970-01-01

  static std::optional<Date> parse(std::string_view text);  // strict YYYY-MM-DD
  static Date from_unix(std::int64_t seconds);
  std::string str() const;
  int month() const;
  Date plus(std::int64_t days) const { return Date{day + days}; }
  auto operator<=>(const Date&) const = default;
};

// Units differ per platform, as on the real wire: Google costs are arbitrary micros and conversions
// fractional (data-driven attribution), Meta spends whole cents and counts whole purchases.
enum class Flavor { GoogleAds, Meta };

enum class CampaignState { Active, Paused, Removed };

struct Campaign {
  std::string id;
  std::string name;
  CampaignState state = CampaignState::Active;
  std::int64_t budget_micros = 0;
  std::int64_t created_unix = 0;
};

struct Account {
  std::string id;  // digits only; Meta paths add "act_"
  std::string name;
  std::string currency;
  std::string time_zone;
  std::vector<Campaign> campaigns;
};

// Days a platform reported again with new figures (late conversions, invalid-click credits):
// (account id, day) to how many times it did.
using Restatements = std::map<std::pair<std::string, std::int64_t>, std::uint64_t>;

struct Shape {
  Flavor flavor = Flavor::GoogleAds;
  std::int64_t accounts = 0;
  std::int64_t campaigns = 0;
  Date first;  // data exists on [first, last]
  Date last;
  std::uint64_t seed = 0;
  Restatements restated;
};

struct DayMetrics {
  std::int64_t impressions = 0;
  std::int64_t clicks = 0;
  std::int64_t spend_micros = 0;
  double conversions = 0;  // multiples of 0.25 (Google) or whole purchases (Meta): exact in binary
  std::int64_t conversion_value_micros = 0;  // whole cents
  bool delivered() const { return impressions > 0; }
};

struct Totals {
  std::int64_t spend_micros = 0;
  std::int64_t impressions = 0;
  std::int64_t clicks = 0;
  double conversions = 0;
  std::int64_t conversion_value_micros = 0;
  std::int64_t rows = 0;  // campaign-days with delivery: the rows a daily report returns
  void add(const DayMetrics& m);
};

std::uint64_t mix(std::uint64_t x);
std::uint64_t hash_text(std::string_view text);

// Declares the knobs every advertising platform shares: accounts, campaigns, start_date, days,
// seed.
void declare_shape_knobs(Settings& settings, const std::string& platform,
                         std::int64_t default_accounts);
Shape read_shape(const Settings& settings, const std::string& platform, Flavor flavor, Date today);

std::vector<Account> generate_accounts(const Shape& shape);
const Account* find_account(const std::vector<Account>& accounts, std::string_view id);
DayMetrics day_metrics(const Shape& shape, const Account& account, const Campaign& campaign,
                       Date date);
// Sums over [since, until] clipped to the data window.
Totals account_totals(const Shape& shape, const Account& account, Date since, Date until);

}  // namespace roi::sim
