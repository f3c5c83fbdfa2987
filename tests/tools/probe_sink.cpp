#include "probe_sink.hpp"

namespace roi::probe {

void MemorySink::campaign(const sdk::Campaign& campaign) noexcept {
  campaigns_[campaign.id] = static_cast<int>(campaign.status);
}

void MemorySink::daily_metric(const sdk::DailyMetric& m) noexcept {
  const auto key =
      std::make_tuple(m.campaign_id, static_cast<int>(m.date.year()),
                      static_cast<unsigned>(m.date.month()), static_cast<unsigned>(m.date.day()));
  if (!keys_.insert(key).second) ++duplicates_;
  impressions_ += m.impressions;
  clicks_ += m.clicks;
  spend_ += m.spend.micros;
  conversions_ += m.conversions_micros;
  value_ += m.conversion_value.micros;
  currencies_.insert(m.spend.currency);
  currencies_.insert(m.conversion_value.currency);
}

void MemorySink::order(const sdk::Order& o) noexcept {
  if (!order_ids_.insert(o.id).second) ++duplicate_orders_;
  if (o.utm_source || o.utm_medium || o.utm_campaign) ++attributed_orders_;
  auto& [count, net] = order_totals_[o.total.currency];
  ++count;
  net += o.total.micros;
}

void MemorySink::checkpoint(std::string_view cursor) noexcept { checkpoints_.emplace_back(cursor); }

void MemorySink::progress(const sdk::Progress& progress) noexcept { progress_ = progress; }

void MemorySink::write(api::JsonWriter& out) const {
  out.StartObject();
  out.Key("campaigns");
  out.Int64(static_cast<std::int64_t>(campaigns_.size()));
  out.Key("rows");
  out.Int64(static_cast<std::int64_t>(keys_.size()));
  out.Key("duplicateRows");
  out.Int64(duplicates_);
  // Strings: a test compares them as BigInt, exactly.
  for (const auto& [name, value] : {std::pair{"spendMicros", spend_},
                                    {"impressions", impressions_},
                                    {"clicks", clicks_},
                                    {"conversionsMicros", conversions_},
                                    {"conversionValueMicros", value_}}) {
    out.Key(name);
    out.String(std::to_string(value));
  }
  out.Key("currencies");
  out.StartArray();
  for (const auto& c : currencies_) out.String(c);
  out.EndArray();
  out.Key("orders");
  out.StartObject();
  out.Key("count");
  out.Int64(static_cast<std::int64_t>(order_ids_.size()));
  out.Key("duplicates");
  out.Int64(duplicate_orders_);
  out.Key("attributed");
  out.Int64(attributed_orders_);
  out.Key("byCurrency");
  out.StartObject();
  for (const auto& [currency, totals] : order_totals_) {
    out.Key(currency.c_str());
    out.StartObject();
    out.Key("orders");
    out.Int64(totals.first);
    out.Key("netMicros");
    out.String(std::to_string(totals.second));
    out.EndObject();
  }
  out.EndObject();
  out.EndObject();
  out.Key("checkpoints");
  out.StartArray();
  for (const auto& c : checkpoints_) out.String(c);
  out.EndArray();
  out.Key("progress");
  out.StartArray();
  out.Int64(progress_.done);
  out.Int64(progress_.total);
  out.EndArray();
  out.EndObject();
}

}  // namespace roi::probe
