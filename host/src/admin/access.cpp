#include "admin/access.hpp"

#include <openssl/crypto.h>

namespace roi::admin {

bool is_loopback(std::string_view addr) {
  return addr.rfind("127.", 0) == 0 || addr == "::1" || addr.rfind("::ffff:127.", 0) == 0;
}

bool has_admin_token(const http::Request& request, const std::string& token) {
  if (token.empty()) return false;
  constexpr std::string_view kBearer = "Bearer ";
  std::string_view given = request.header("authorization");
  if (given.rfind(kBearer, 0) != 0) return false;
  given.remove_prefix(kBearer.size());
  return given.size() == token.size() &&
         CRYPTO_memcmp(given.data(), token.data(), token.size()) == 0;
}

bool metrics_allowed(const http::Request& request, const std::string& token) {
  return is_loopback(request.remote_addr) || has_admin_token(request, token);
}

}  // namespace roi::admin
