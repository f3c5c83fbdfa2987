// Signed, expiring download links for report PDFs: /api/reports/download/<id>?u=&e=&s=, where
// s = HMAC-SHA256(key, "report-pdf|<id>|<user>|<expires>"). The host checks the signature, the
// expiry and that the report still belongs to that user before nginx sends the file.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roi::modules::reports {

inline constexpr std::string_view kDownloadPrefix = "/api/reports/download/";

struct LinkClaim {
  std::int64_t report = 0;
  std::int64_t user = 0;
};

// Why a link was refused; each answers 403 or 410 without saying more to the caller.
enum class LinkRefusal { Malformed, BadSignature, Expired };

class DownloadLinks {
 public:
  DownloadLinks(std::string key, std::chrono::seconds lifetime)
      : key_(std::move(key)), lifetime_(lifetime) {}

  // The path and query of a link valid for the configured lifetime from `now`.
  std::string make(const LinkClaim& claim, std::chrono::system_clock::time_point now) const;
  std::chrono::seconds lifetime() const { return lifetime_; }

  // Checks a request for kDownloadPrefix + `rest` with `query`.
  struct Checked {
    std::optional<LinkClaim> claim;
    std::optional<LinkRefusal> refusal;
  };
  Checked check(std::string_view rest, std::string_view query,
                std::chrono::system_clock::time_point now) const;

 private:
  std::string sign(std::int64_t report, std::int64_t user, std::int64_t expires) const;

  std::string key_;
  std::chrono::seconds lifetime_;
};

}  // namespace roi::modules::reports
