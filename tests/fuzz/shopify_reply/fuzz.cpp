// Admin GraphQL answers as the Shopify connector reads them: error and THROTTLED envelopes, the
// shop's details, and order pages whose nodes become orders (refunds, UTM attribution).
// Input: up to four HTTP answers (see fuzz_support.hpp).
#include <shopify/shopify_admin.hpp>

#include "fuzz_support.hpp"

using namespace std::chrono;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto answers = roi::fuzz::fields(data, size, 4);
  roi::fuzz::ScriptedHost host(
      answers,
      {{"shop_base_url", "https://{shop}"}, {"api_version", "2026-01"}, {"page_size", "50"}},
      roi::fuzz::ScriptedHost::Keep::Nothing);
  roi::shopify::Admin admin(host, "fuzz.myshopify.com", "access-token");
  try {
    admin.shop_account();
  } catch (const roi::sdk::ConnectorError&) {
  }
  try {
    admin.orders(
        year{2026} / 1 / 1, year{2026} / 1 / 31, std::nullopt, [](const roi::sdk::Order&) {},
        [](const std::string&) {});
  } catch (const roi::sdk::ConnectorError&) {
  }
  return 0;
}
