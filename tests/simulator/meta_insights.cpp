// Insights rows: per campaign (or account) per time slice, only slices with delivery.
#include "meta_insights.hpp"

#include <algorithm>
#include <array>

#include "json.hpp"

namespace roi::sim::meta {

namespace {

const std::vector<std::string> kInsightFields = {
    "account_id", "account_name", "account_currency", "campaign_id",   "campaign_name",
    "spend",      "impressions",  "clicks",           "reach",         "cpc",
    "ctr",        "cpm",          "actions",          "action_values", "purchase_roas",
    "date_start", "date_stop"};

// The same purchases reported under several action types, as Meta does. Count one of them.
constexpr std::array<const char*, 6> kPurchaseTypes = {"offsite_conversion.fb_pixel_purchase",
                                                       "omni_purchase",
                                                       "onsite_web_purchase",
                                                       "onsite_web_app_purchase",
                                                       "purchase",
                                                       "web_in_store_purchase"};
constexpr std::array<const char*, 3> kCartTypes = {
    "add_to_cart", "offsite_conversion.fb_pixel_add_to_cart", "omni_add_to_cart"};

struct Slice {
  Date first;
  Date last;
};

std::vector<Slice> slices(const InsightsQuery& q) {
  std::vector<Slice> out;
  if (q.increment == "all_days") return {{q.since, q.until}};
  for (Date d = q.since; d <= q.until;) {
    Date end = d;
    if (q.increment == "monthly") {
      while (end.plus(1) <= q.until && end.plus(1).month() == d.month()) end = end.plus(1);
    } else {
      end = std::min(q.until, d.plus(std::stoll(q.increment) - 1));
    }
    out.push_back({d, end});
    d = end.plus(1);
  }
  return out;
}

void action_list(JsonWriter& w, const char* name,
                 const std::vector<std::pair<std::string, std::string>>& items) {
  if (items.empty()) return;  // Graph leaves the field out when nothing happened
  key(w, name);
  w.StartArray();
  for (const auto& [type, value] : items) {
    w.StartObject();
    put(w, "action_type", type);
    put(w, "value", value);
    w.EndObject();
  }
  w.EndArray();
}

// num / den * scale with six decimals; derived figures, so floating point is fine here.
std::string ratio(std::int64_t num, std::int64_t den, double scale, int places = 6) {
  if (den == 0) return "0";
  const auto micros = static_cast<double>(num) / static_cast<double>(den) * scale * 1e6;
  return decimal(static_cast<std::int64_t>(micros + 0.5), places, true);
}

}  // namespace

std::string decimal(std::int64_t micros, int places, bool trim) {
  std::int64_t div = 1;
  for (int i = 0; i < 6 - places; ++i) div *= 10;
  const std::int64_t scaled = (micros + div / 2) / div;
  std::int64_t unit = 1;
  for (int i = 0; i < places; ++i) unit *= 10;
  std::string frac = std::to_string(scaled % unit);
  frac.insert(0, static_cast<std::size_t>(places) - frac.size(), '0');
  if (trim) {
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
  }
  return std::to_string(scaled / unit) + (frac.empty() ? "" : "." + frac);
}

std::vector<std::string> split_fields(const std::string& text,
                                      const std::vector<std::string>& allowed,
                                      std::string& unknown) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    auto f = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    f.erase(0, f.find_first_not_of(' '));
    f.erase(f.find_last_not_of(' ') + 1);
    if (!f.empty()) {
      if (std::find(allowed.begin(), allowed.end(), f) == allowed.end()) {
        unknown = f;
        return {};
      }
      if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string parse_insights(const Request& req, Date today, const Shape& shape, InsightsQuery& q) {
  q.level = req.param("level").empty() ? "account" : req.param("level");
  if (q.level != "campaign" && q.level != "account") {
    return "(#100) level must be one of the following values: campaign, account (the simulator "
           "models no ad sets or ads)";
  }
  q.increment = req.param("time_increment").empty() ? "all_days" : req.param("time_increment");
  if (q.increment != "all_days" && q.increment != "monthly") {
    const auto& t = q.increment;
    if (t.empty() || t.size() > 2 ||
        !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(t) < 1 || std::stoi(t) > 90) {
      return "(#100) time_increment must be an integer between 1 and 90, all_days or monthly";
    }
  }
  const auto range = req.param("time_range");
  if (!range.empty()) {
    rapidjson::Document doc;
    std::string error;
    const auto since =
        parse_json(range, doc, error) ? Date::parse(string_member(doc, "since")) : std::nullopt;
    const auto until = doc.IsObject() ? Date::parse(string_member(doc, "until")) : std::nullopt;
    if (!since || !until)
      return "(#100) time_range must be a JSON object "
             "{\"since\":\"YYYY-MM-DD\",\"until\":\"YYYY-MM-DD\"}";
    if (*since > *until) return "(#100) time_range's since must not be after until";
    q.since = *since;
    q.until = *until;
  } else {
    const auto preset = req.param("date_preset").empty() ? "last_30d" : req.param("date_preset");
    const Date month_start = *Date::parse(today.str().substr(0, 8) + "01");
    const auto last_n = [&](int n) { q.since = today.plus(-n), q.until = today.plus(-1); };
    if (preset == "today")
      q.since = q.until = today;
    else if (preset == "yesterday")
      q.since = q.until = today.plus(-1);
    else if (preset == "last_3d")
      last_n(3);
    else if (preset == "last_7d")
      last_n(7);
    else if (preset == "last_14d")
      last_n(14);
    else if (preset == "last_28d")
      last_n(28);
    else if (preset == "last_30d")
      last_n(30);
    else if (preset == "last_90d")
      last_n(90);
    else if (preset == "this_month")
      q.since = month_start, q.until = today;
    else if (preset == "last_month")
      q.until = month_start.plus(-1), q.since = *Date::parse(q.until.str().substr(0, 8) + "01");
    else if (preset == "maximum")
      q.since = shape.first, q.until = shape.last;
    else
      return "(#100) date_preset must be one of the following values: today, yesterday, "
             "this_month, last_month, last_3d, last_7d, last_14d, last_28d, last_30d, last_90d, "
             "maximum";
  }
  std::string unknown;
  q.fields = split_fields(req.param("fields").empty() ? "impressions,spend" : req.param("fields"),
                          kInsightFields, unknown);
  if (!unknown.empty()) {
    return "(#100) " + unknown +
           " is not valid for fields param. please check "
           "https://developers.facebook.com/docs/marketing-api/reference/ads-insights/ for all "
           "valid values";
  }
  return {};
}

std::vector<std::string> insights_rows(const InsightsQuery& q, const Shape& shape,
                                       const Account& account) {
  std::vector<std::string> out;
  for (const auto& slice : slices(q)) {
    const auto emit = [&](const Campaign* campaign, const Totals& t) {
      if (t.impressions == 0) return;  // no delivery, no row
      const auto purchases = static_cast<std::int64_t>(t.conversions);
      out.push_back(write_json([&](JsonWriter& w) {
        w.StartObject();
        for (const auto& f : q.fields) {
          if (f == "account_id")
            put(w, f, account.id);
          else if (f == "account_name")
            put(w, f, account.name);
          else if (f == "account_currency")
            put(w, f, account.currency);
          else if (f == "campaign_id" && campaign != nullptr)
            put(w, f, campaign->id);
          else if (f == "campaign_name" && campaign != nullptr)
            put(w, f, campaign->name);
          else if (f == "spend")
            put(w, f, decimal(t.spend_micros, 2, true));
          else if (f == "impressions")
            put(w, f, std::to_string(t.impressions));
          else if (f == "clicks")
            put(w, f, std::to_string(t.clicks));
          else if (f == "reach")
            put(w, f, std::to_string(t.impressions * 7 / 10));
          else if (f == "cpc")
            put(w, f, ratio(t.spend_micros, t.clicks, 1e-6));
          else if (f == "ctr")
            put(w, f, ratio(t.clicks, t.impressions, 100));
          else if (f == "cpm")
            put(w, f, ratio(t.spend_micros, t.impressions, 1e-3));
          else if (f == "actions") {
            std::vector<std::pair<std::string, std::string>> items;
            const auto link = t.clicks * 9 / 10;
            if (link > 0) items.emplace_back("link_click", std::to_string(link));
            if (link * 8 / 10 > 0)
              items.emplace_back("landing_page_view", std::to_string(link * 8 / 10));
            if (purchases > 0) {
              for (const char* type : kCartTypes)
                items.emplace_back(type, std::to_string(purchases * 3));
              for (const char* type : kPurchaseTypes)
                items.emplace_back(type, std::to_string(purchases));
            }
            action_list(w, "actions", items);
          } else if (f == "action_values") {
            std::vector<std::pair<std::string, std::string>> items;
            if (purchases > 0)
              for (const char* type : kPurchaseTypes)
                items.emplace_back(type, decimal(t.conversion_value_micros, 2, false));
            action_list(w, "action_values", items);
          } else if (f == "purchase_roas") {
            std::vector<std::pair<std::string, std::string>> items;
            if (purchases > 0 && t.spend_micros > 0)
              items.emplace_back("omni_purchase",
                                 ratio(t.conversion_value_micros, t.spend_micros, 1, 3));
            action_list(w, "purchase_roas", items);
          }
        }
        put(w, "date_start", slice.first.str());
        put(w, "date_stop", slice.last.str());
        w.EndObject();
      }));
    };
    if (q.level == "account") {
      Totals t;
      for (const auto& c : account.campaigns)
        for (Date d = slice.first; d <= slice.last; d = d.plus(1))
          t.add(day_metrics(shape, account, c, d));
      emit(nullptr, t);
    } else {
      for (const auto& c : account.campaigns) {
        Totals t;
        for (Date d = slice.first; d <= slice.last; d = d.plus(1))
          t.add(day_metrics(shape, account, c, d));
        emit(&c, t);
      }
    }
  }
  return out;
}

}  // namespace roi::sim::meta
