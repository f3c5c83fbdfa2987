// /api/webhooks/meta: the subscription handshake (GET with hub.verify_token = the configured
// token, answered with hub.challenge) and `X-Hub-Signature-256: sha256=<hex>` under the app secret.
#pragma once

#include <string>

#include "webhooks/provider.hpp"

namespace roi::webhooks {

// Meta's notifications carry no event id; a retry repeats the same bytes, so the verified
// signature (a keyed hash of the body) serves as the id. The type is the envelope's `object`.
class MetaProvider final : public Provider {
 public:
  MetaProvider(std::string app_secret, std::string verify_token)
      : app_secret_(std::move(app_secret)), verify_token_(std::move(verify_token)) {}

  Verdict verify(const http::Request& request,
                 std::chrono::system_clock::time_point now) const override;
  std::optional<Event> parse(const http::Request& request) const override;
  std::optional<http::Response> handshake(const http::Request& request) const override;

 private:
  std::string app_secret_;
  std::string verify_token_;
};

}  // namespace roi::webhooks
