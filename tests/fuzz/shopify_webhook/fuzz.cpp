// Shopify's signed inputs: a webhook delivery (X-Shopify-Hmac-Sha256 as sent, then with a correct
// signature, which must pass, and the delivery reader) and the app install callback's query.
// Input: headers == body == callback query ("name: value" lines).
#include <cstdlib>
#include <roi/sdk/helpers/encoding.hpp>
#include <roi/sdk/helpers/hmac.hpp>
#include <shopify/shopify_install.hpp>
#include <shopify/shopify_webhooks.hpp>

#include "fuzz_support.hpp"

namespace {
constexpr std::string_view kSecret = "shopify-api-secret";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto f = roi::fuzz::fields(data, size, 3);
  roi::sdk::WebhookRequest request{roi::fuzz::header_lines(f[0]), std::string(f[1])};
  roi::shopify::verify_delivery(request, kSecret);
  bool signed_header = false;
  for (auto& [name, value] : request.headers) {
    if (name == "x-shopify-hmac-sha256" && !signed_header) {
      value = roi::sdk::helpers::to_base64(roi::sdk::helpers::hmac_sha256(kSecret, request.body));
      signed_header = true;
    }
  }
  if (signed_header && !roi::shopify::verify_delivery(request, kSecret)) std::abort();
  try {
    roi::shopify::read_delivery(request);
  } catch (const roi::sdk::ConnectorError&) {
  }
  try {
    roi::shopify::verify_callback(
        roi::fuzz::header_lines(f[2]), std::string(kSecret),
        std::chrono::system_clock::time_point(std::chrono::seconds(1767225600)));
  } catch (const roi::sdk::ConnectorError&) {
  }
  return 0;
}
