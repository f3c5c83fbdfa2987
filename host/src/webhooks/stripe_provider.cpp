#include "webhooks/stripe_provider.hpp"

#include "webhooks/json_body.hpp"
#include "webhooks/stripe_signature.hpp"

namespace roi::webhooks {
namespace {

std::optional<std::string> short_string(const rapidjson::Value& object, const char* name) {
  const auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return std::nullopt;
  const std::size_t size = it->value.GetStringLength();
  if (size == 0 || size > 255) return std::nullopt;
  return std::string(it->value.GetString(), size);
}

}  // namespace

Verdict StripeProvider::verify(const http::Request& request,
                               std::chrono::system_clock::time_point now) const {
  // An empty key would accept signatures anyone can make.
  if (secret_.empty()) {
    return request.header("stripe-signature").empty() ? Verdict::MissingSignature
                                                      : Verdict::BadSignature;
  }
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  return verify_stripe_signature(request.header("stripe-signature"), request.body, secret_, seconds,
                                 tolerance_s_);
}

std::optional<Event> StripeProvider::parse(const http::Request& request) const {
  auto doc = std::make_shared<rapidjson::Document>();
  if (!parse_json_object(request.body, *doc)) return std::nullopt;
  auto id = short_string(*doc, "id");
  auto type = short_string(*doc, "type");
  if (!id || !type) return std::nullopt;
  return Event{std::move(*id), std::move(*type), request.body, {}, std::move(doc)};
}

}  // namespace roi::webhooks
