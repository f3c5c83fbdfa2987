#include "meta_webhooks.hpp"

#include <rapidjson/document.h>

#include <cctype>
#include <roi/sdk/helpers/hmac.hpp>
#include <roi/sdk/helpers/webhooks.hpp>

namespace roi::meta {
namespace {

constexpr std::string_view kPrefix = "sha256=";

std::string_view signature_hex(const sdk::WebhookRequest& request) {
  const std::string_view header = sdk::helpers::first_value(request.headers, "x-hub-signature-256");
  if (header.substr(0, kPrefix.size()) != kPrefix) return {};
  return header.substr(kPrefix.size());
}

// The challenge is echoed to the caller: only digits, as Meta sends, so nothing else can be.
bool is_challenge(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

bool verify_notification(const sdk::WebhookRequest& request, std::string_view app_secret) {
  const std::string_view hex = signature_hex(request);
  return !app_secret.empty() && hex.size() == 64 &&
         sdk::helpers::verify_hmac_sha256_hex(app_secret, request.body, hex);
}

sdk::WebhookEvent read_notification(const sdk::WebhookRequest& request) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(request.body.data(), request.body.size());
  if (doc.HasParseError() || !doc.IsObject()) throw sdk::permanent("the body is not a JSON object");
  const auto object = doc.FindMember("object");
  const auto entry = doc.FindMember("entry");
  if (object == doc.MemberEnd() || !object->value.IsString() || entry == doc.MemberEnd() ||
      !entry->value.IsArray() || object->value.GetStringLength() == 0 ||
      object->value.GetStringLength() > 255) {
    throw sdk::permanent("the body is not a notification envelope");
  }
  sdk::WebhookEvent event;
  event.id = std::string(signature_hex(request));
  for (char& c : event.id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  event.type.assign(object->value.GetString(), object->value.GetStringLength());
  return event;
}

std::optional<std::string> answer_handshake(const sdk::Headers& query,
                                            std::string_view verify_token) {
  using sdk::helpers::first_value;
  const std::string_view challenge = first_value(query, "hub.challenge");
  if (first_value(query, "hub.mode") != "subscribe" ||
      !sdk::helpers::equal_secrets(first_value(query, "hub.verify_token"), verify_token) ||
      !is_challenge(challenge)) {
    return std::nullopt;
  }
  return std::string(challenge);
}

}  // namespace roi::meta
