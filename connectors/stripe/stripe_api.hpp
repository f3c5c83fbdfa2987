// The slice of Stripe's REST API the connector speaks: form-encoded POSTs with the secret key as
// a bearer token, JSON answers, Stripe's error envelope turned into the SDK's error kinds.
#pragma once

#include <roi/sdk/host_services.hpp>
#include <string>

namespace roi::stripe {

class StripeApi {
 public:
  // Reads secret_key (required), api_base (default https://api.stripe.com) and api_version
  // (optional, sent as Stripe-Version) from the connector's settings.
  explicit StripeApi(sdk::HostServices& host);

  // POSTs `form` to /v1/<path>; returns the JSON body of a 2xx answer, throws ConnectorError
  // otherwise (the message carries Stripe's error type and code, never the body).
  std::string post(const std::string& path, const sdk::Headers& form, const std::string& what);
  // GETs /v1/<path>, with the same answers as post.
  std::string get(const std::string& path, const std::string& what);

 private:
  sdk::HostServices& host_;
  std::string base_;
  std::string secret_key_;
  std::string version_;

  std::string send(sdk::HttpRequest request, const std::string& what);
};

// A string member of a JSON object body; throws Permanent when it is missing.
std::string json_string(const std::string& body, const char* name, const std::string& what);

}  // namespace roi::stripe
