#include "auth/token_codec.hpp"

#include <jwt.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <memory>
#include <roi/sdk/helpers/encoding.hpp>
#include <stdexcept>

namespace roi::auth {
namespace {

// Tokens are a few hundred bytes; anything far larger is not ours and is not parsed.
constexpr std::size_t kMaxTokenBytes = 2048;
// Tolerated clock difference for "issued in the future" between hosts sharing the secret.
constexpr std::chrono::seconds kClockSkew{60};
// Tokens remembered as verified; about one per session active right now.
constexpr std::size_t kVerifiedTokens = 20000;
// The latest time a claim may name (2262-04-11): the clock counts nanoseconds in 64 bits, so more
// seconds than that (or fewer than 0) would overflow it. No token of ours carries one.
constexpr long kMaxClaimSeconds =
    std::chrono::duration_cast<std::chrono::seconds>(Clock::duration::max()).count();

struct JwtFree {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

struct CharFree {
  void operator()(char* p) const { std::free(p); }
};

std::int64_t seconds_since_epoch(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::optional<long> int_claim(jwt_t* jwt, const char* name) {
  errno = 0;
  const long v = jwt_get_grant_int(jwt, name);
  if (errno != 0) return std::nullopt;
  return v;
}

}  // namespace

bool is_session_id(std::string_view s) {
  return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string new_session_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  return sdk::helpers::to_hex({reinterpret_cast<const char*>(bytes), sizeof bytes});
}

TokenCodec::TokenCodec(std::string secret, std::chrono::seconds lifetime)
    : secret_(std::move(secret)), lifetime_(lifetime), verified_(kVerifiedTokens) {
  if (secret_.size() < 32) throw std::invalid_argument("the JWT secret must be at least 32 bytes");
  if (lifetime_.count() <= 0) throw std::invalid_argument("the token lifetime must be positive");
  // Nothing announces changes here because nothing can change: a verified token stays verified.
  verified_.set_live(true);
}

IssuedToken TokenCodec::issue(std::int64_t user_id, Clock::time_point now) const {
  IssuedToken issued;
  issued.claims.user_id = user_id;
  issued.claims.session_id = new_session_id();
  issued.claims.issued_at = std::chrono::time_point_cast<std::chrono::seconds>(now);
  issued.claims.expires_at = issued.claims.issued_at + lifetime_;

  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::runtime_error("jwt_new failed");
  JwtPtr jwt(raw);
  const std::string sub = std::to_string(user_id);
  if (jwt_add_grant(jwt.get(), "sub", sub.c_str()) != 0 ||
      jwt_add_grant(jwt.get(), "jti", issued.claims.session_id.c_str()) != 0 ||
      jwt_add_grant_int(jwt.get(), "iat", seconds_since_epoch(issued.claims.issued_at)) != 0 ||
      jwt_add_grant_int(jwt.get(), "exp", seconds_since_epoch(issued.claims.expires_at)) != 0 ||
      jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(secret_.data()),
                  static_cast<int>(secret_.size())) != 0) {
    throw std::runtime_error("building the JWT failed");
  }
  std::unique_ptr<char, CharFree> encoded(jwt_encode_str(jwt.get()));
  if (!encoded) throw std::runtime_error("jwt_encode_str failed");
  issued.token = encoded.get();
  return issued;
}

std::optional<TokenClaims> TokenCodec::verify(std::string_view token, Clock::time_point now) const {
  if (token.empty() || token.size() > kMaxTokenBytes) return std::nullopt;
  if (std::count(token.begin(), token.end(), '.') != 2) return std::nullopt;
  const std::string text(token);
  const auto claims = verified_.get(text, [this](const std::string& t) { return decode(t); });
  if (!claims || now >= claims->expires_at || claims->issued_at > now + kClockSkew) {
    return std::nullopt;
  }
  return claims;
}

std::optional<TokenClaims> TokenCodec::decode(const std::string& text) const {
  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(secret_.data()),
                 static_cast<int>(secret_.size())) != 0) {
    return std::nullopt;
  }
  JwtPtr jwt(raw);
  // libjwt decodes an unsigned ("alg":"none") token even when given a key: the algorithm is
  // checked here, so only a signature made with our key is ever accepted.
  if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) return std::nullopt;

  const char* sub = jwt_get_grant(jwt.get(), "sub");
  const char* jti = jwt_get_grant(jwt.get(), "jti");
  const auto iat = int_claim(jwt.get(), "iat");
  const auto exp = int_claim(jwt.get(), "exp");
  if (!sub || !jti || !iat || !exp || !is_session_id(jti)) return std::nullopt;
  if (*iat < 0 || *iat > kMaxClaimSeconds || *exp < 0 || *exp > kMaxClaimSeconds) {
    return std::nullopt;
  }

  TokenClaims claims;
  const std::string_view sub_text(sub);
  auto [ptr, ec] =
      std::from_chars(sub_text.data(), sub_text.data() + sub_text.size(), claims.user_id);
  if (ec != std::errc{} || ptr != sub_text.data() + sub_text.size() || claims.user_id <= 0) {
    return std::nullopt;
  }
  claims.session_id = jti;
  claims.issued_at = Clock::time_point(std::chrono::seconds(*iat));
  claims.expires_at = Clock::time_point(std::chrono::seconds(*exp));
  return claims;
}

}  // namespace roi::auth
