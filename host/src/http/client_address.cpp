#include "http/client_address.hpp"

#include <arpa/inet.h>

#include <charconv>

namespace roi::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The 4 or 16 bytes of an address; nullopt when `text` is not one.
std::optional<std::pair<bool, std::array<unsigned char, 16>>> address_bytes(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string z(text);
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET, z.c_str(), bytes.data()) == 1) return std::pair{false, bytes};
  if (inet_pton(AF_INET6, z.c_str(), bytes.data()) == 1) return std::pair{true, bytes};
  return std::nullopt;
}

}  // namespace

std::optional<TrustedProxies> TrustedProxies::parse(std::string_view list, std::string& problem) {
  TrustedProxies out;
  while (!trim(list).empty()) {
    const auto comma = list.find(',');
    const std::string_view entry = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    const auto slash = entry.find('/');
    const auto bytes = address_bytes(entry.substr(0, slash));
    if (!bytes) {
      problem = "'" + std::string(entry) + "' is not an address";
      return std::nullopt;
    }
    Range r{bytes->first, bytes->second, bytes->first ? 128 : 32};
    if (slash != std::string_view::npos) {
      const std::string_view bits = entry.substr(slash + 1);
      int prefix = -1;
      const auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
      if (ec != std::errc{} || end != bits.data() + bits.size() || prefix < 0 ||
          prefix > r.prefix) {
        problem = "'" + std::string(entry) + "' has no valid prefix length";
        return std::nullopt;
      }
      r.prefix = prefix;
    }
    out.ranges_.push_back(r);
  }
  return out;
}

bool TrustedProxies::contains(std::string_view address) const {
  if (ranges_.empty()) return false;  // the default: no parsing on each request
  const auto bytes = address_bytes(trim(address));
  if (!bytes) return false;
  for (const auto& r : ranges_) {
    if (r.v6 != bytes->first) continue;
    int left = r.prefix;
    bool match = true;
    for (std::size_t i = 0; left > 0 && match; ++i, left -= 8) {
      const unsigned mask = left >= 8 ? 0xFFu : (0xFFu << (8 - left)) & 0xFFu;
      match = (r.bytes[i] & mask) == (bytes->second[i] & mask);
    }
    if (match) return true;
  }
  return false;
}

std::string client_address(std::string_view remote_addr, std::string_view forwarded_for,
                           const TrustedProxies& proxies) {
  std::string_view client = remote_addr;
  if (!proxies.contains(client)) return std::string(client);
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    const std::string_view hop =
        trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    if (!address_bytes(hop)) break;
    client = hop;
    if (!proxies.contains(hop)) break;
  }
  return std::string(client);
}

}  // namespace roi::http
