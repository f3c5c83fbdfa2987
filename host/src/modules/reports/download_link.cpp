#include "modules/reports/download_link.hpp"

#include <charconv>
#include <roi/sdk/helpers/encoding.hpp>
#include <roi/sdk/helpers/hmac.hpp>

#include "http/url.hpp"

namespace roi::modules::reports {
namespace {

// A positive decimal integer with nothing around it (no sign, no spaces, no leading zero).
std::optional<std::int64_t> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 18 || text[0] < '1' || text[0] > '9') return std::nullopt;
  std::int64_t out = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return out;
}

std::string message(std::int64_t report, std::int64_t user, std::int64_t expires) {
  return "report-pdf|" + std::to_string(report) + "|" + std::to_string(user) + "|" +
         std::to_string(expires);
}

std::int64_t unix_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

std::string DownloadLinks::sign(std::int64_t report, std::int64_t user,
                                std::int64_t expires) const {
  return sdk::helpers::to_hex(sdk::helpers::hmac_sha256(key_, message(report, user, expires)));
}

std::string DownloadLinks::make(const LinkClaim& claim,
                                std::chrono::system_clock::time_point now) const {
  const std::int64_t expires = unix_seconds(now) + lifetime_.count();
  return std::string(kDownloadPrefix) + std::to_string(claim.report) +
         "?u=" + std::to_string(claim.user) + "&e=" + std::to_string(expires) +
         "&s=" + sign(claim.report, claim.user, expires);
}

DownloadLinks::Checked DownloadLinks::check(std::string_view rest, std::string_view query,
                                            std::chrono::system_clock::time_point now) const {
  const auto report = parse_id(rest);
  const auto u = http::query_param(query, "u");
  const auto e = http::query_param(query, "e");
  const auto s = http::query_param(query, "s");
  const auto user = parse_id(u.value);
  const auto expires = parse_id(e.value);
  if (!report || !user || !expires || u.malformed || e.malformed || s.malformed) {
    return {std::nullopt, LinkRefusal::Malformed};
  }
  if (!sdk::helpers::verify_hmac_sha256_hex(key_, message(*report, *user, *expires), s.value)) {
    return {std::nullopt, LinkRefusal::BadSignature};
  }
  if (*expires <= unix_seconds(now)) return {std::nullopt, LinkRefusal::Expired};
  return {LinkClaim{*report, *user}, std::nullopt};
}

}  // namespace roi::modules::reports
