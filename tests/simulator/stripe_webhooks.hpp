// Sends Stripe events to the configured endpoint as Stripe does: a JSON POST signed with
// `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.payload" under the whsec_ secret>`.
#pragma once

#include <cstdint>
#include <string>

#include "stripe_objects.hpp"

namespace roi::sim::stripe {

struct Delivery {
  std::string event_id;
  std::string type;
  int status = 0;     // the endpoint's HTTP status; 0: no answer
  std::string error;  // why there was no answer
};

std::string signature_header(const std::string& secret, const std::string& payload, std::int64_t t);

// Blocks for at most a few seconds. `url` is http://host:port/path (the simulator speaks no TLS).
Delivery deliver(const std::string& url, const std::string& secret, const Event& event,
                 std::int64_t now);

}  // namespace roi::sim::stripe
