#include "webhooks/meta_provider.hpp"

#include <openssl/crypto.h>

#include <cctype>
#include <roi/sdk/helpers/hmac.hpp>

#include "http/url.hpp"
#include "webhooks/json_body.hpp"

namespace roi::webhooks {
namespace {

constexpr std::string_view kPrefix = "sha256=";

std::string_view signature_hex(const http::Request& request) {
  std::string_view header = request.header("x-hub-signature-256");
  if (header.substr(0, kPrefix.size()) != kPrefix) return {};
  return header.substr(kPrefix.size());
}

bool same_secret(std::string_view given, const std::string& expected) {
  return !expected.empty() && given.size() == expected.size() &&
         CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
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

Verdict MetaProvider::verify(const http::Request& request,
                             std::chrono::system_clock::time_point) const {
  if (request.header("x-hub-signature-256").empty()) return Verdict::MissingSignature;
  if (app_secret_.empty()) return Verdict::BadSignature;
  const std::string_view hex = signature_hex(request);
  return hex.size() == 64 && sdk::helpers::verify_hmac_sha256_hex(app_secret_, request.body, hex)
             ? Verdict::Valid
             : Verdict::BadSignature;
}

std::optional<Event> MetaProvider::parse(const http::Request& request) const {
  auto doc = std::make_shared<rapidjson::Document>();
  if (!parse_json_object(request.body, *doc)) return std::nullopt;
  const auto object = doc->FindMember("object");
  const auto entry = doc->FindMember("entry");
  if (object == doc->MemberEnd() || !object->value.IsString() || entry == doc->MemberEnd() ||
      !entry->value.IsArray() || object->value.GetStringLength() > 255) {
    return std::nullopt;
  }
  std::string id(signature_hex(request));
  for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string type = object->value.GetString();
  return Event{std::move(id), std::move(type), request.body, {}, std::move(doc)};
}

std::optional<http::Response> MetaProvider::handshake(const http::Request& request) const {
  const auto mode = http::query_param(request.query, "hub.mode");
  const auto token = http::query_param(request.query, "hub.verify_token");
  const auto challenge = http::query_param(request.query, "hub.challenge");
  if (mode.value != "subscribe" || !same_secret(token.value, verify_token_) ||
      !is_challenge(challenge.value)) {
    return http::Response::text(403, "Forbidden");
  }
  return http::Response::text(200, challenge.value);
}

}  // namespace roi::webhooks
