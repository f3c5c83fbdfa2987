// Stripe's webhook signature: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]`, an HMAC-SHA256
// of "<t>.<raw body>" under the endpoint secret, checked in constant time within a tolerance.
#pragma once

#include <cstdint>
#include <string_view>

namespace roi::stripe {

enum class Verdict { Valid, MissingSignature, BadSignature, Stale };

// Any one v1 entry may match (Stripe signs with old and new secret while one rolls); other
// schemes (v0) are ignored. A timestamp more than `tolerance_s` away from `now` either way is
// Stale: the SDKs only check age, but a signature dated in the future is as unusable.
Verdict verify_stripe_signature(std::string_view header, std::string_view body,
                                std::string_view secret, std::int64_t now_s,
                                std::int64_t tolerance_s);

}  // namespace roi::stripe
