#include "modules/reports/ai_request.hpp"

namespace roi::modules::reports {
namespace {

namespace dash = dashboard;

void write_totals(api::JsonWriter& out, const char* key, const dash::Totals& t) {
  out.Key(key);
  out.StartObject();
  dash::write_all_metrics(out, t);
  out.EndObject();
}

// currency, totals, previous, platforms, campaigns: the members of one section.
void write_section(api::JsonWriter& out, const CurrencySection& s, std::size_t max_campaigns) {
  out.Key("currency");
  out.String(s.currency);
  write_totals(out, "totals", s.current);
  write_totals(out, "previous", s.previous);
  out.Key("platforms");
  out.StartArray();
  for (const auto& p : s.platforms) {
    out.StartObject();
    out.Key("platform");
    out.String(p.platform);
    dash::write_all_metrics(out, p.current);
    write_totals(out, "previous", p.previous);
    out.EndObject();
  }
  out.EndArray();
  out.Key("campaigns");
  out.StartArray();
  for (std::size_t i = 0; i < s.campaigns.size() && i < max_campaigns; ++i) {
    const auto& c = s.campaigns[i];
    out.StartObject();
    out.Key("name");
    out.String(c.name);
    out.Key("platform");
    out.String(c.platform);
    out.Key("account");
    out.String(c.account);
    dash::write_all_metrics(out, c.current);
    write_totals(out, "previous", c.previous);
    out.EndObject();
  }
  out.EndArray();
}

}  // namespace

std::string ai_request_json(const PeriodSummary& s, const std::vector<Insight>& facts,
                            std::size_t max_campaigns) {
  rapidjson::StringBuffer buf;
  api::JsonWriter out(buf);
  out.StartObject();
  out.Key("period");
  out.StartObject();
  out.Key("start");
  out.String(dash::format_date(s.range.start));
  out.Key("end");
  out.String(dash::format_date(s.range.end));
  out.EndObject();
  // The largest currency at the top level as before; every currency under "currencies".
  const CurrencySection none;
  write_section(out, s.sections.empty() ? none : s.sections.front(), max_campaigns);
  out.Key("currencies");
  out.StartArray();
  for (const auto& section : s.sections) {
    out.StartObject();
    write_section(out, section, max_campaigns);
    out.EndObject();
  }
  out.EndArray();
  out.Key("facts");
  out.StartArray();
  for (const auto& f : facts) {
    out.StartObject();
    out.Key("kind");
    out.String(f.kind);
    out.Key("currency");
    f.currency.empty() ? (void)out.Null() : (void)out.String(f.currency);
    out.Key("text");
    out.String(f.text);
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

}  // namespace roi::modules::reports
