#include "stripe_api.hpp"

#include <rapidjson/document.h>

#include <roi/sdk/errors.hpp>
#include <roi/sdk/helpers/http.hpp>
#include <roi/sdk/helpers/settings.hpp>

namespace roi::stripe {
namespace {

// Stripe's error type and code are safe to log and say what went wrong; the message may quote
// the request, so it stays out.
std::string error_summary(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("error") ||
      !doc["error"].IsObject()) {
    return {};
  }
  std::string out;
  for (const char* field : {"type", "code"}) {
    const auto& e = doc["error"];
    if (e.HasMember(field) && e[field].IsString() && e[field].GetStringLength() <= 64) {
      out += std::string(out.empty() ? " (" : ", ") + e[field].GetString();
    }
  }
  return out.empty() ? out : out + ")";
}

}  // namespace

StripeApi::StripeApi(sdk::HostServices& host)
    : host_(host),
      base_(sdk::helpers::setting(host, "api_base")),
      secret_key_(sdk::helpers::required_setting(host, "secret_key")),
      version_(sdk::helpers::setting(host, "api_version")) {}

std::string StripeApi::post(const std::string& path, const sdk::Headers& form,
                            const std::string& what) {
  sdk::HttpRequest request;
  request.method = "POST";
  request.url = base_ + "/v1/" + path;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  request.body = sdk::helpers::form_encode(form);
  return send(std::move(request), what);
}

std::string StripeApi::get(const std::string& path, const std::string& what) {
  sdk::HttpRequest request;
  request.method = "GET";
  request.url = base_ + "/v1/" + path;
  return send(std::move(request), what);
}

std::string StripeApi::send(sdk::HttpRequest request, const std::string& what) {
  request.headers.emplace_back("Authorization", "Bearer " + secret_key_);
  if (!version_.empty()) request.headers.emplace_back("Stripe-Version", version_);
  const sdk::HttpResponse response = host_.http(request);
  try {
    sdk::helpers::expect_success(response, what);
  } catch (const sdk::ConnectorError& e) {
    // The shared mapping decides the kind (408 stays Transient); a refusal gains Stripe's summary.
    if (e.kind() != sdk::ErrorKind::Permanent || response.status < 400) throw;
    throw sdk::permanent("Stripe refused to " + what + error_summary(response.body));
  }
  return response.body;
}

std::string json_string(const std::string& body, const char* name, const std::string& what) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember(name) || !doc[name].IsString()) {
    throw sdk::permanent("Stripe's answer to " + what + " has no '" + name + "'");
  }
  return doc[name].GetString();
}

}  // namespace roi::stripe
