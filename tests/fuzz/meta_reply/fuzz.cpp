// Graph API answers as the Meta connector reads them: error envelopes and usage headers, cursor
// paging, and the ad account, campaign and insight readers on every element of `data`.
// Input: up to four HTTP answers (see fuzz_support.hpp).
#include <meta/meta_graph.hpp>
#include <meta/meta_rows.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto answers = roi::fuzz::fields(data, size, 4);
  try {
    roi::meta::classify_graph_error(roi::fuzz::response_of(answers[0]), "exchange the code");
  } catch (const roi::sdk::ConnectorError&) {
  }
  roi::fuzz::ScriptedHost host(answers, {}, roi::fuzz::ScriptedHost::Keep::Nothing);
  roi::meta::Graph graph(host, {"https://graph.test", "v25.0"}, "access-token");
  try {
    graph.each("act_1/insights", {{"level", "campaign"}}, [](const rapidjson::Value& item) {
      try {
        roi::meta::account_item(item);
      } catch (const roi::sdk::ConnectorError&) {
      }
      try {
        roi::meta::campaign_item(item, "1");
      } catch (const roi::sdk::ConnectorError&) {
      }
      roi::meta::insight_row(item, "1");
    });
  } catch (const roi::sdk::ConnectorError&) {
  }
  return 0;
}
