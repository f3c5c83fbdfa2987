// A Stripe webhook delivery: the Stripe-Signature check (with the header as sent, and with a
// correct signature over the input's timestamp, which reaches the clock checks) and the event
// reader. Input: Stripe-Signature header (or a timestamp) == raw body.
#include <roi/sdk/helpers/encoding.hpp>
#include <roi/sdk/helpers/hmac.hpp>
#include <stripe/stripe_events.hpp>
#include <stripe/stripe_signature.hpp>

#include "fuzz_support.hpp"

namespace {
constexpr std::string_view kSecret = "whsec_fuzz";
constexpr std::int64_t kNow = 1767225600;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto f = roi::fuzz::fields(data, size, 2);
  const auto header = f[0], body = f[1];
  roi::stripe::verify_stripe_signature(header, body, kSecret, kNow, 300);
  const std::string signed_payload = std::string(header) + "." + std::string(body);
  const std::string signed_header =
      "t=" + std::string(header) +
      ",v1=" + roi::sdk::helpers::to_hex(roi::sdk::helpers::hmac_sha256(kSecret, signed_payload));
  roi::stripe::verify_stripe_signature(signed_header, body, kSecret, kNow, 300);
  try {
    roi::stripe::read_event(body);
  } catch (const roi::sdk::ConnectorError&) {
  }
  return 0;
}
