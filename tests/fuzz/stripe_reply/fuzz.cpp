// Stripe API answers as the Stripe connector reads them: the error envelope of a refusal and the
// members it takes from a success (a Checkout Session's url, a portal session's url).
// Input: up to two HTTP answers (see fuzz_support.hpp).
#include <stripe/stripe_api.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto answers = roi::fuzz::fields(data, size, 2);
  roi::fuzz::ScriptedHost host(answers,
                               {{"secret_key", "sk_test_fuzz"},
                                {"api_base", "https://api.stripe.test"},
                                {"api_version", "2025-03-31.basil"}},
                               roi::fuzz::ScriptedHost::Keep::Nothing);
  roi::stripe::StripeApi api(host);
  for (int i = 0; i < 2; ++i) {
    try {
      const auto body = api.post("checkout/sessions", {{"mode", "subscription"}}, "start checkout");
      roi::stripe::json_string(body, "url", "start checkout");
    } catch (const roi::sdk::ConnectorError&) {
    }
  }
  return 0;
}
