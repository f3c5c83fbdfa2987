// The address a request really comes from. nginx passes its own peer as REMOTE_ADDR and appends
// it to X-Forwarded-For; only a peer listed as a trusted proxy (a balancer in front of nginx) is
// believed about who it forwards for, so a client cannot name its own address.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace roi::http {

class TrustedProxies {
 public:
  // From "10.0.0.0/8, 192.0.2.7, ::1/128"; empty text trusts nobody. nullopt with `problem` set
  // when an entry is not an IPv4 or IPv6 address with an optional prefix length.
  static std::optional<TrustedProxies> parse(std::string_view list, std::string& problem);

  bool contains(std::string_view address) const;
  bool empty() const { return ranges_.empty(); }

 private:
  struct Range {
    bool v6 = false;
    std::array<unsigned char, 16> bytes{};
    int prefix = 0;
  };
  std::vector<Range> ranges_;
};

// REMOTE_ADDR, unless that is a trusted proxy: then X-Forwarded-For read from the right, the
// first hop that is not a trusted proxy (the one a trusted proxy saw). A malformed hop ends the
// walk at the last trusted one, which is then the answer.
std::string client_address(std::string_view remote_addr, std::string_view forwarded_for,
                           const TrustedProxies& proxies);

}  // namespace roi::http
