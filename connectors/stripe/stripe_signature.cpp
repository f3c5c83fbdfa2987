#include "stripe_signature.hpp"

#include <charconv>
#include <roi/sdk/helpers/hmac.hpp>
#include <string>
#include <vector>

namespace roi::stripe {
namespace {

// A Stripe header holds a timestamp and a few signatures; more is not a Stripe header.
constexpr std::size_t kMaxEntries = 16;

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

Verdict verify_stripe_signature(std::string_view header, std::string_view body,
                                std::string_view secret, std::int64_t now_s,
                                std::int64_t tolerance_s) {
  if (trim(header).empty()) return Verdict::MissingSignature;
  std::string_view timestamp;
  std::vector<std::string_view> signatures;
  std::size_t entries = 0;
  while (!header.empty()) {
    const auto comma = header.find(',');
    const std::string_view item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (++entries > kMaxEntries) return Verdict::BadSignature;
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == "t" && timestamp.empty()) timestamp = value;
    if (key == "v1") signatures.push_back(value);
  }
  std::int64_t t = 0;
  const auto [end, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), t);
  if (timestamp.empty() || ec != std::errc{} || end != timestamp.data() + timestamp.size() ||
      signatures.empty()) {
    return Verdict::BadSignature;
  }
  // The signature is checked first, so a forged header learns nothing from the clock.
  std::string signed_payload;
  signed_payload.reserve(timestamp.size() + 1 + body.size());
  signed_payload.append(timestamp).append(".").append(body);
  bool matched = false;
  for (std::string_view candidate : signatures) {
    matched = sdk::helpers::verify_hmac_sha256_hex(secret, signed_payload, candidate) || matched;
  }
  if (!matched) return Verdict::BadSignature;
  // Checked: a signed timestamp far from now (or a huge tolerance) must not overflow into UB.
  std::int64_t age = 0;
  if (__builtin_sub_overflow(now_s, t, &age) || age > tolerance_s || age < -tolerance_s) {
    return Verdict::Stale;
  }
  return Verdict::Valid;
}

}  // namespace roi::stripe
