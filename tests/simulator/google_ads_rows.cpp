// GAQL evaluation over the generated data: daily campaign rows, grouped to what was selected.
#include "google_ads_rows.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace roi::sim::google {

using gaql::Row;
using gaql::Type;
using gaql::Value;

namespace {

const std::map<std::string, Type>& catalog(const std::string& resource) {
  static const std::map<std::string, Type> customer = {{"customer.id", Type::Int64},
                                                       {"customer.resource_name", Type::String},
                                                       {"customer.descriptive_name", Type::String},
                                                       {"customer.currency_code", Type::String},
                                                       {"customer.time_zone", Type::String},
                                                       {"customer.manager", Type::Bool},
                                                       {"customer.status", Type::Enum},
                                                       {"metrics.impressions", Type::Int64},
                                                       {"metrics.clicks", Type::Int64},
                                                       {"metrics.cost_micros", Type::Int64},
                                                       {"metrics.conversions", Type::Double},
                                                       {"metrics.conversions_value", Type::Double},
                                                       {"segments.date", Type::Date}};
  static const std::map<std::string, Type> campaign = [] {
    auto c = customer;
    c.insert({{"campaign.id", Type::Int64},
              {"campaign.resource_name", Type::String},
              {"campaign.name", Type::String},
              {"campaign.status", Type::Enum},
              {"campaign.advertising_channel_type", Type::Enum},
              {"campaign_budget.resource_name", Type::String},
              {"campaign_budget.amount_micros", Type::Int64}});
    return c;
  }();
  static const std::map<std::string, Type> customer_client = {
      {"customer_client.resource_name", Type::String},
      {"customer_client.client_customer", Type::String},
      {"customer_client.id", Type::Int64},
      {"customer_client.descriptive_name", Type::String},
      {"customer_client.currency_code", Type::String},
      {"customer_client.time_zone", Type::String},
      {"customer_client.manager", Type::Bool},
      {"customer_client.level", Type::Int64},
      {"customer_client.status", Type::Enum}};
  static const std::map<std::string, Type> none;
  if (resource == "campaign") return campaign;
  if (resource == "customer") return customer;
  if (resource == "customer_client") return customer_client;
  return none;
}

bool is_metric(const std::string& f) { return f.rfind("metrics.", 0) == 0; }

Value int64(std::int64_t v) { return Value{Type::Int64, v, 0, {}, false}; }
Value text(Type t, std::string s) { return Value{t, 0, 0, std::move(s), false}; }
Value boolean(bool b) { return Value{Type::Bool, 0, 0, {}, b}; }

std::int64_t to_int(const std::string& digits) { return std::stoll(digits); }

void customer_fields(Row& r, const std::string& id, const std::string& name,
                     const std::string& currency, const std::string& zone, bool manager) {
  r["customer.id"] = int64(to_int(id));
  r["customer.resource_name"] = text(Type::String, "customers/" + id);
  r["customer.descriptive_name"] = text(Type::String, name);
  r["customer.currency_code"] = text(Type::String, currency);
  r["customer.time_zone"] = text(Type::String, zone);
  r["customer.manager"] = boolean(manager);
  r["customer.status"] = text(Type::Enum, "ENABLED");
}

Row campaign_fields(const Account& a, const Campaign& c, std::size_t index) {
  static constexpr std::array<const char*, 5> kChannels = {"SEARCH", "DISPLAY", "SHOPPING", "VIDEO",
                                                           "PERFORMANCE_MAX"};
  Row r;
  customer_fields(r, a.id, a.name, a.currency, a.time_zone, false);
  r["campaign.id"] = int64(to_int(c.id));
  r["campaign.resource_name"] = text(Type::String, "customers/" + a.id + "/campaigns/" + c.id);
  r["campaign.name"] = text(Type::String, c.name);
  r["campaign.status"] = text(Type::Enum, c.state == CampaignState::Active   ? "ENABLED"
                                          : c.state == CampaignState::Paused ? "PAUSED"
                                                                             : "REMOVED");
  r["campaign.advertising_channel_type"] = text(Type::Enum, kChannels[index % kChannels.size()]);
  r["campaign_budget.resource_name"] =
      text(Type::String, "customers/" + a.id + "/campaignBudgets/9" + c.id.substr(1));
  r["campaign_budget.amount_micros"] = int64(c.budget_micros);
  return r;
}

void metric_fields(Row& r, const DayMetrics& m, Date d) {
  r["metrics.impressions"] = int64(m.impressions);
  r["metrics.clicks"] = int64(m.clicks);
  r["metrics.cost_micros"] = int64(m.spend_micros);
  r["metrics.conversions"] = Value{Type::Double, 0, m.conversions, {}, false};
  r["metrics.conversions_value"] =
      Value{Type::Double, 0, static_cast<double>(m.conversion_value_micros) / 1e6, {}, false};
  r["segments.date"] = text(Type::Date, d.str());
}

void add_metrics(Row& into, const Row& from) {
  for (const auto& [name, v] : from) {
    if (!is_metric(name)) continue;
    auto& t = into[name];
    if (v.type == Type::Int64)
      t.i += v.i;
    else
      t.d += v.d;
  }
}

std::string camel(const std::string& snake) {
  std::string out;
  bool up = false;
  for (const char c : snake) {
    if (c == '_') {
      up = true;
    } else {
      out.push_back(up && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
      up = false;
    }
  }
  return out;
}

void write_value(JsonWriter& w, const Value& v) {
  switch (v.type) {
    case Type::Int64:
      str(w, std::to_string(v.i));
      break;
    case Type::Double:
      w.Double(v.d);
      break;
    case Type::Bool:
      w.Bool(v.b);
      break;
    default:
      str(w, v.s);
      break;
  }
}

}  // namespace

std::vector<Row> run_query(const gaql::Query& q, const AdsData& data,
                           const std::string& customer_id) {
  const auto& fields = catalog(q.from);
  if (fields.empty())
    throw gaql::QueryError{"BAD_RESOURCE_TYPE_IN_FROM_CLAUSE",
                           "Invalid resource in FROM clause: '" + q.from + "'."};
  std::vector<std::string> referenced = q.select;
  for (const auto& c : q.where) referenced.push_back(c.field);
  for (const auto& o : q.order_by) referenced.push_back(o.field);
  for (const auto& f : referenced)
    if (fields.count(f) == 0)
      throw gaql::QueryError{"UNRECOGNIZED_FIELD", "Unrecognized field in the query: '" + f + "'."};

  const bool date_selected = std::count(q.select.begin(), q.select.end(), "segments.date") > 0;
  const bool daily = std::any_of(referenced.begin(), referenced.end(), [](const std::string& f) {
    return f == "segments.date" || is_metric(f);
  });
  const auto range = gaql::date_range(q, "segments.date", data.today);
  if (date_selected && !range) {
    throw gaql::QueryError{
        "EXPECTED_FILTERS_ON_DATE_RANGE",
        "segments.date is selected, so the query needs a finite date range in WHERE."};
  }
  const bool is_manager = !data.manager_id.empty() && customer_id == data.manager_id;
  if (is_manager && daily) {
    throw gaql::QueryError{
        "REQUESTED_METRICS_FOR_MANAGER",
        "Metrics cannot be requested for a manager account. To retrieve metrics, issue separate "
        "requests against each client account under the manager account."};
  }
  const Account* account = find_account(data.accounts, customer_id);

  std::vector<Row> base;
  if (q.from == "customer_client") {
    const auto add = [&](const Account& a, std::int64_t level) {
      Row r;
      r["customer_client.resource_name"] =
          text(Type::String, "customers/" + customer_id + "/customerClients/" + a.id);
      r["customer_client.client_customer"] = text(Type::String, "customers/" + a.id);
      r["customer_client.id"] = int64(to_int(a.id));
      r["customer_client.descriptive_name"] = text(Type::String, a.name);
      r["customer_client.currency_code"] = text(Type::String, a.currency);
      r["customer_client.time_zone"] = text(Type::String, a.time_zone);
      r["customer_client.manager"] = boolean(false);
      r["customer_client.level"] = int64(level);
      r["customer_client.status"] = text(Type::Enum, "ENABLED");
      base.push_back(std::move(r));
    };
    if (is_manager) {
      Row self;
      self["customer_client.resource_name"] =
          text(Type::String, "customers/" + customer_id + "/customerClients/" + customer_id);
      self["customer_client.client_customer"] = text(Type::String, "customers/" + customer_id);
      self["customer_client.id"] = int64(to_int(customer_id));
      self["customer_client.descriptive_name"] = text(Type::String, "Simulated Manager");
      self["customer_client.currency_code"] = text(Type::String, "USD");
      self["customer_client.time_zone"] = text(Type::String, "America/New_York");
      self["customer_client.manager"] = boolean(true);
      self["customer_client.level"] = int64(0);
      self["customer_client.status"] = text(Type::Enum, "ENABLED");
      base.push_back(std::move(self));
      for (const auto& a : data.accounts) add(a, 1);
    } else if (account != nullptr) {
      add(*account, 0);
    }
  } else if (is_manager) {
    if (q.from == "customer") {
      Row r;
      customer_fields(r, customer_id, "Simulated Manager", "USD", "America/New_York", true);
      base.push_back(std::move(r));
    }
  } else if (account != nullptr && !daily) {
    if (q.from == "customer") {
      Row r;
      customer_fields(r, account->id, account->name, account->currency, account->time_zone, false);
      base.push_back(std::move(r));
    } else {
      for (std::size_t i = 0; i < account->campaigns.size(); ++i)
        base.push_back(campaign_fields(*account, account->campaigns[i], i));
    }
  } else if (account != nullptr) {
    // Daily campaign rows with delivery, then grouped down to what the query selected.
    const Date from = range ? std::max(range->since, data.shape.first) : data.shape.first;
    const Date to = range ? std::min(range->until, data.shape.last) : data.shape.last;
    // Only the fields the query can show or test are copied into each of the (many) daily rows:
    // what it references, the grouping identity, and the resource names every reply carries.
    const std::string identity = q.from == "campaign" ? "campaign.id" : "customer.id";
    std::set<std::string> kept(referenced.begin(), referenced.end());
    kept.insert(identity);
    for (const auto& f : q.select) kept.insert(f.substr(0, f.find('.')) + ".resource_name");
    std::vector<Row> attrs;
    for (std::size_t i = 0; i < account->campaigns.size(); ++i) {
      attrs.push_back(campaign_fields(*account, account->campaigns[i], i));
      std::erase_if(attrs.back(), [&](const auto& field) { return kept.count(field.first) == 0; });
    }
    // Day by day, so rows come out in the order most queries ask for (ORDER BY segments.date).
    std::vector<Row> daily_rows;
    for (Date d = from; d <= to; d = d.plus(1)) {
      for (std::size_t i = 0; i < account->campaigns.size(); ++i) {
        const auto m = day_metrics(data.shape, *account, account->campaigns[i], d);
        if (!m.delivered()) continue;
        Row r = attrs[i];
        metric_fields(r, m, d);
        daily_rows.push_back(std::move(r));
      }
    }
    std::erase_if(daily_rows, [&](const Row& r) {
      return std::any_of(q.where.begin(), q.where.end(), [&](const gaql::Condition& c) {
        return !is_metric(c.field) && !gaql::matches(r, c, data.today);
      });
    });
    if (date_selected && q.from == "campaign") {
      base = std::move(daily_rows);  // one row per campaign and day is a group of its own already
    } else {
      std::map<std::pair<std::int64_t, std::string>, std::size_t> groups;
      for (auto& r : daily_rows) {
        auto group_key =
            std::pair(r.at(identity).i, date_selected ? r.at("segments.date").s : std::string());
        const auto [it, fresh] = groups.emplace(std::move(group_key), base.size());
        if (fresh) {
          if (!date_selected) r.erase("segments.date");
          base.push_back(std::move(r));
        } else {
          add_metrics(base[it->second], r);
        }
      }
    }
  }
  std::erase_if(base, [&](const Row& r) {
    return std::any_of(q.where.begin(), q.where.end(), [&](const gaql::Condition& c) {
      return r.count(c.field) != 0 && !gaql::matches(r, c, data.today);
    });
  });
  if (!q.order_by.empty()) {
    // Each row's sort values copied once into one flat array, not looked up in every comparison
    // (a year of 1,000 campaigns is a quarter of a million rows).
    const std::size_t width = q.order_by.size();
    std::vector<Value> keys(base.size() * width);
    std::vector<bool> present(keys.size());
    for (std::size_t i = 0; i < base.size(); ++i) {
      for (std::size_t k = 0; k < width; ++k) {
        const auto it = base[i].find(q.order_by[k].field);
        if (it == base[i].end()) continue;
        keys[i * width + k] = it->second;
        present[i * width + k] = true;
      }
    }
    std::vector<std::size_t> order(base.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    const auto before = [&](std::size_t a, std::size_t b) {
      for (std::size_t k = 0; k < width; ++k) {
        if (!present[a * width + k] || !present[b * width + k]) continue;
        const int c = gaql::compare(keys[a * width + k], keys[b * width + k]);
        if (c != 0) return q.order_by[k].descending ? c > 0 : c < 0;
      }
      return false;
    };
    if (!std::is_sorted(order.begin(), order.end(), before))
      std::stable_sort(order.begin(), order.end(), before);
    std::vector<Row> sorted;
    sorted.reserve(base.size());
    for (const auto i : order) sorted.push_back(std::move(base[i]));
    base = std::move(sorted);
  }
  if (q.limit && static_cast<std::size_t>(*q.limit) < base.size())
    base.resize(static_cast<std::size_t>(*q.limit));
  return base;
}

Row summary_row(const std::vector<Row>& rows, const std::vector<std::string>& select) {
  Row out;
  for (const auto& f : select) {
    if (!is_metric(f)) continue;
    Value v;
    v.type =
        f == "metrics.conversions" || f == "metrics.conversions_value" ? Type::Double : Type::Int64;
    for (const auto& r : rows) {
      if (const auto it = r.find(f); it != r.end()) v.i += it->second.i, v.d += it->second.d;
    }
    out[f] = v;
  }
  return out;
}

RowWriter::RowWriter(const std::vector<std::string>& select) {
  static const std::set<std::string> kResources = {"campaign", "campaign_budget", "customer",
                                                   "customer_client"};
  for (const auto& f : select) {
    const auto top = f.substr(0, f.find('.'));
    auto object = std::find_if(objects_.begin(), objects_.end(),
                               [&](const Object& o) { return o.key == camel(top); });
    if (object == objects_.end()) {
      Object o{camel(top), std::nullopt, {}};
      if (kResources.count(top) != 0) o.resource = top + ".resource_name";
      object = objects_.insert(objects_.end(), std::move(o));
    }
    if (f != top + ".resource_name")
      object->fields.push_back({f, camel(f.substr(f.find('.') + 1)), is_metric(f)});
  }
}

void RowWriter::write(JsonWriter& w, const Row& row) const {
  w.StartObject();
  for (const auto& object : objects_) {
    bool opened = false;
    const auto open = [&] {
      if (!opened) key(w, object.key), w.StartObject(), opened = true;
    };
    if (object.resource) {
      if (const auto it = row.find(*object.resource); it != row.end()) {
        open();
        put(w, "resourceName", it->second.s);
      }
    }
    for (const auto& f : object.fields) {
      const auto it = row.find(f.name);
      if (it == row.end()) continue;
      const auto& v = it->second;
      if (f.metric && v.i == 0 && v.d == 0) continue;  // proto3 leaves zero values out
      open();
      key(w, f.key);
      write_value(w, v);
    }
    if (opened) w.EndObject();
  }
  w.EndObject();
}

std::string field_mask(const std::vector<std::string>& select) {
  std::string out;
  for (const auto& f : select) {
    if (!out.empty()) out.push_back(',');
    const auto dot = f.find('.');
    out += camel(f.substr(0, dot)) + "." + camel(f.substr(dot + 1));
  }
  return out;
}

}  // namespace roi::sim::google
