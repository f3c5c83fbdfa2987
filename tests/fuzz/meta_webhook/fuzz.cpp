// A Meta webhook: the subscription handshake, the X-Hub-Signature-256 check (as sent, and with a
// correct signature, which must pass) and the notification reader.
// Input: headers == body == query ("name: value" lines).
#include <cstdlib>
#include <meta/meta_webhooks.hpp>
#include <roi/sdk/helpers/encoding.hpp>
#include <roi/sdk/helpers/hmac.hpp>

#include "fuzz_support.hpp"

namespace {
constexpr std::string_view kSecret = "meta-app-secret";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto f = roi::fuzz::fields(data, size, 3);
  roi::sdk::WebhookRequest request{roi::fuzz::header_lines(f[0]), std::string(f[1]),
                                   roi::fuzz::header_lines(f[2])};
  roi::meta::answer_handshake(request.query, "verify-token");
  roi::meta::verify_notification(request, kSecret);
  request.headers = {
      {"x-hub-signature-256", "sha256=" + roi::sdk::helpers::to_hex(roi::sdk::helpers::hmac_sha256(
                                              kSecret, request.body))}};
  if (!roi::meta::verify_notification(request, kSecret)) std::abort();
  try {
    roi::meta::read_notification(request);
  } catch (const roi::sdk::ConnectorError&) {
  }
  return 0;
}
