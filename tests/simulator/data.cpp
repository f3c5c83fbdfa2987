// The data generator: every number is a pure function of (seed, account, campaign, date).
#include "data.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace roi::sim {

namespace {

// Howard Hinnant's civil-from-days / days-from-civil.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t y;
  unsigned m;
  unsigned d;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

constexpr std::array<std::string_view, 7> kNames = {
    "Brand", "Prospecting", "Retargeting", "Shopping", "Performance", "Video", "Lookalike"};
constexpr std::array<std::string_view, 4> kCurrencies = {"USD", "EUR", "GBP", "AUD"};
constexpr std::array<std::string_view, 4> kZones = {"America/New_York", "Europe/Paris",
                                                    "Europe/London", "Australia/Sydney"};

std::string digits(std::uint64_t base, std::uint64_t span, std::uint64_t h) {
  return std::to_string(base + h % span);
}

}  // namespace

std::optional<Date> Date::parse(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  const int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
  const auto m = static_cast<unsigned>((t[5] - '0') * 10 + (t[6] - '0'));
  const auto d = static_cast<unsigned>((t[8] - '0') * 10 + (t[9] - '0'));
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  const Date out{days_from_civil(y, m, d)};
  if (out.str() != t) return std::nullopt;  // 2026-02-30 and friends
  return out;
}

Date Date::from_unix(std::int64_t seconds) {
  return Date{(seconds >= 0 ? seconds : seconds - 86399) / 86400};
}

std::string Date::str() const {
  const auto c = civil_from_days(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(c.y), c.m, c.d);
  return buf;
}

int Date::month() const { return static_cast<int>(civil_from_days(day).m); }

void Totals::add(const DayMetrics& m) {
  if (!m.delivered()) return;
  spend_micros += m.spend_micros;
  impressions += m.impressions;
  clicks += m.clicks;
  conversions += m.conversions;
  conversion_value_micros += m.conversion_value_micros;
  ++rows;
}

std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::uint64_t hash_text(std::string_view text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

void declare_shape_knobs(Settings& s, const std::string& platform, std::int64_t default_accounts) {
  s.declare(platform, "accounts", default_accounts,
            "number of ad accounts the simulated user can reach", 0, 1000);
  s.declare(platform, "campaigns", std::int64_t{4}, "campaigns per account", 0, 10000);
  s.declare(platform, "days", std::int64_t{30}, "days of data per campaign", 0, 3650);
  s.declare(
      platform, "start_date", std::string{},
      "first day with data (YYYY-MM-DD); empty = the window ends yesterday on the simulator clock");
  s.declare(platform, "seed", std::int64_t{1}, "mixed into every generated id and number");
}

Shape read_shape(const Settings& s, const std::string& platform, Flavor flavor, Date today) {
  Shape shape;
  shape.flavor = flavor;
  shape.accounts = s.integer(platform, "accounts");
  shape.campaigns = s.integer(platform, "campaigns");
  const auto days = s.integer(platform, "days");
  const auto start = Date::parse(s.text(platform, "start_date"));
  shape.first = start ? *start : today.plus(-days);
  shape.last = shape.first.plus(days - 1);
  shape.seed = static_cast<std::uint64_t>(s.integer(platform, "seed")) ^
               (flavor == Flavor::Meta ? 0x4D455441ULL : 0);
  return shape;
}

std::vector<Account> generate_accounts(const Shape& shape) {
  std::vector<Account> out;
  for (std::int64_t i = 0; i < shape.accounts; ++i) {
    const auto h = mix(shape.seed * 7919 + static_cast<std::uint64_t>(i));
    Account a;
    a.id = shape.flavor == Flavor::Meta ? digits(100000000000000ULL, 899999999999999ULL, h)
                                        : digits(1000000000ULL, 8999999999ULL, h);
    a.name = (shape.flavor == Flavor::Meta ? "Meta Ad Account " : "Google Ads Account ") +
             std::to_string(i + 1);
    a.currency = std::string(kCurrencies[static_cast<std::size_t>(i) % kCurrencies.size()]);
    a.time_zone = std::string(kZones[static_cast<std::size_t>(i) % kZones.size()]);
    const auto ah = hash_text(a.id) ^ shape.seed;
    for (std::int64_t j = 0; j < shape.campaigns; ++j) {
      const auto ch = mix(ah + static_cast<std::uint64_t>(j) * 104729);
      Campaign c;
      c.id = shape.flavor == Flavor::Meta
                 ? "1202" + digits(10000000000000ULL, 89999999999999ULL, ch)
                 : digits(10000000000ULL, 89999999999ULL, ch);
      c.name = std::string(kNames[static_cast<std::size_t>(j) % kNames.size()]) + " " +
               std::to_string(j + 1);
      // One name per account carries quotes and non-ASCII text, as real campaign names do.
      if (j == 2)
        c.name = "Soldes d'\xC3\xA9t\xC3\xA9 \"VIP\" \xE2\x80\x93 " + std::to_string(j + 1);
      const auto roll = (ch >> 8) % 10;
      c.state = j == 0 || roll >= 3 ? CampaignState::Active
                : roll == 0         ? CampaignState::Removed
                                    : CampaignState::Paused;
      c.budget_micros = static_cast<std::int64_t>(10 + (ch >> 16) % 490) * 1000000;
      c.created_unix = 1700000000 + static_cast<std::int64_t>((ch >> 24) % 30000000);
      a.campaigns.push_back(std::move(c));
    }
    out.push_back(std::move(a));
  }
  return out;
}

const Account* find_account(const std::vector<Account>& accounts, std::string_view id) {
  for (const auto& a : accounts)
    if (a.id == id) return &a;
  return nullptr;
}

DayMetrics day_metrics(const Shape& shape, const Account& account, const Campaign& campaign,
                       Date date) {
  DayMetrics m;
  if (date < shape.first || date > shape.last || campaign.state == CampaignState::Removed) return m;
  std::uint64_t r =
      mix(hash_text(account.id) ^
          mix(hash_text(campaign.id) + static_cast<std::uint64_t>(date.day)) ^ shape.seed);
  const auto next = [&r](std::uint64_t span) {
    r = mix(r);
    return static_cast<std::int64_t>(r % span);
  };
  const auto delivery = next(10);
  if (campaign.state == CampaignState::Active ? delivery == 0 : delivery >= 3) return m;
  // A restated day keeps the campaigns that delivered and gets new figures for every metric.
  if (const auto it = shape.restated.find({account.id, date.day}); it != shape.restated.end())
    r = mix(r ^ mix(it->second));
  m.impressions = 200 + next(15000);
  m.clicks = m.impressions * (5 + next(45)) / 1000;
  if (shape.flavor == Flavor::GoogleAds) {
    m.spend_micros = m.clicks * (150000 + next(2850000)) + next(10000);
    const auto quarters = m.clicks * next(30) / 100;
    m.conversions = static_cast<double>(quarters) / 4.0;
    m.conversion_value_micros = quarters * (500 + next(15000)) * 10000;
  } else {
    m.spend_micros = (m.clicks * (20 + next(280)) + 1) * 10000;
    const auto purchases = m.clicks * next(8) / 100;
    m.conversions = static_cast<double>(purchases);
    m.conversion_value_micros = purchases * (1500 + next(20000)) * 10000;
  }
  return m;
}

Totals account_totals(const Shape& shape, const Account& account, Date since, Date until) {
  Totals t;
  const Date from = std::max(since, shape.first);
  const Date to = std::min(until, shape.last);
  for (const auto& c : account.campaigns)
    for (Date d = from; d <= to; d = d.plus(1)) t.add(day_metrics(shape, account, c, d));
  return t;
}

}  // namespace roi::sim
