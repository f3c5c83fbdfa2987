// Session tokens: a token verifies only when this key signed it with HS256 and it has not
// expired; forged, tampered, unsigned, re-algorithmed and expired tokens are all refused.
#include "auth/token_codec.hpp"

#include <cppunit/extensions/HelperMacros.h>
#include <jwt.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

using roi::auth::Clock;
using roi::auth::TokenCodec;

namespace {

const std::string kSecret(32, 'k');
const std::chrono::seconds kLifetime{3600};

std::string base64url(const std::string& in) {
  static const char* chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += chars[(v >> s) & 63];
  }
  if (in.size() - i == 1) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += chars[(v >> 18) & 63];
    out += chars[(v >> 12) & 63];
  } else if (in.size() - i == 2) {
    const unsigned v =
        (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += chars[(v >> 18) & 63];
    out += chars[(v >> 12) & 63];
    out += chars[(v >> 6) & 63];
  }
  return out;
}

std::string payload(long now) {
  return R"({"sub":"7","jti":"0123456789abcdef0123456789abcdef","iat":)" + std::to_string(now) +
         R"(,"exp":)" + std::to_string(now + 3600) + "}";
}

long epoch(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// A correctly signed token with another HMAC algorithm and our key.
std::string signed_with(jwt_alg_t alg, const std::string& claims) {
  jwt_t* raw = nullptr;
  jwt_new(&raw);
  std::unique_ptr<jwt_t, decltype(&jwt_free)> jwt(raw, &jwt_free);
  jwt_add_grants_json(jwt.get(), claims.c_str());
  jwt_set_alg(jwt.get(), alg, reinterpret_cast<const unsigned char*>(kSecret.data()),
              static_cast<int>(kSecret.size()));
  std::unique_ptr<char, decltype(&std::free)> s(jwt_encode_str(jwt.get()), &std::free);
  return s.get();
}

class TokenCodecTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TokenCodecTest);
  CPPUNIT_TEST(issued_token_verifies_with_its_claims);
  CPPUNIT_TEST(every_token_gets_a_new_session_id);
  CPPUNIT_TEST(expired_token_is_refused);
  CPPUNIT_TEST(token_signed_with_another_key_is_refused);
  CPPUNIT_TEST(tampered_payload_is_refused);
  CPPUNIT_TEST(alg_none_token_is_refused);
  CPPUNIT_TEST(hs512_token_with_the_right_key_is_refused);
  CPPUNIT_TEST(garbage_is_refused_without_throwing);
  CPPUNIT_TEST(times_beyond_the_clock_are_refused);
  CPPUNIT_TEST(short_secret_is_refused_at_construction);
  CPPUNIT_TEST_SUITE_END();

 public:
  void issued_token_verifies_with_its_claims() {
    TokenCodec codec(kSecret, kLifetime);
    const auto now = Clock::now();
    const auto issued = codec.issue(42, now);
    const auto claims = codec.verify(issued.token, now + std::chrono::seconds(10));
    CPPUNIT_ASSERT(claims);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{42}, claims->user_id);
    CPPUNIT_ASSERT_EQUAL(issued.claims.session_id, claims->session_id);
    CPPUNIT_ASSERT_EQUAL(epoch(now) + 3600, epoch(claims->expires_at));
    CPPUNIT_ASSERT_EQUAL(epoch(now), epoch(claims->issued_at));
  }

  void every_token_gets_a_new_session_id() {
    TokenCodec codec(kSecret, kLifetime);
    const auto now = Clock::now();
    CPPUNIT_ASSERT(codec.issue(1, now).claims.session_id != codec.issue(1, now).claims.session_id);
  }

  void expired_token_is_refused() {
    TokenCodec codec(kSecret, kLifetime);
    const auto now = Clock::now();
    const auto issued = codec.issue(1, now);
    CPPUNIT_ASSERT(codec.verify(issued.token, now + kLifetime - std::chrono::seconds(1)));
    CPPUNIT_ASSERT(!codec.verify(issued.token, now + kLifetime));
  }

  void token_signed_with_another_key_is_refused() {
    TokenCodec ours(kSecret, kLifetime);
    TokenCodec theirs(std::string(32, 'x'), kLifetime);
    const auto now = Clock::now();
    CPPUNIT_ASSERT(!ours.verify(theirs.issue(1, now).token, now));
  }

  void tampered_payload_is_refused() {
    TokenCodec codec(kSecret, kLifetime);
    const auto now = Clock::now();
    const std::string token = codec.issue(1, now).token;
    const auto first = token.find('.');
    const auto second = token.find('.', first + 1);
    std::string forged_payload = base64url(payload(epoch(now)));  // claims to be user 7
    const std::string forged = token.substr(0, first + 1) + forged_payload + token.substr(second);
    CPPUNIT_ASSERT(!codec.verify(forged, now));
  }

  void alg_none_token_is_refused() {
    TokenCodec codec(kSecret, kLifetime);
    const auto now = Clock::now();
    const std::string unsigned_token =
        base64url(R"({"alg":"none","typ":"JWT"})") + "." + base64url(payload(epoch(now))) + ".";
    CPPUNIT_ASSERT(!codec.verify(unsigned_token, now));
  }

  void hs512_token_with_the_right_key_is_refused() {
    TokenCodec codec(kSecret, kLifetime);
    const auto now = Clock::now();
    CPPUNIT_ASSERT(codec.verify(signed_with(JWT_ALG_HS256, payload(epoch(now))), now));
    CPPUNIT_ASSERT(!codec.verify(signed_with(JWT_ALG_HS512, payload(epoch(now))), now));
  }

  void garbage_is_refused_without_throwing() {
    TokenCodec codec(kSecret, kLifetime);
    const auto now = Clock::now();
    for (const std::string& t :
         std::vector<std::string>{"", "a.b.c", "..", "not a token", std::string(5000, 'a') + ".b.c",
                                  std::string("\xff\xfe.\x00.x", 7)}) {
      CPPUNIT_ASSERT(!codec.verify(t, now));
    }
  }

  // Found by tests/fuzz/session_token: seconds past 2262 overflowed the nanosecond clock (UB); an
  // exp of 20246744074 wrapped to a time in 2027 and the token was accepted.
  void times_beyond_the_clock_are_refused() {
    TokenCodec codec(kSecret, kLifetime);
    const auto now = Clock::now();
    const std::string claims = R"({"sub":"7","jti":"0123456789abcdef0123456789abcdef","iat":)";
    for (const std::string& times :
         {std::to_string(epoch(now)) + R"(,"exp":20246744074})",
          std::to_string(epoch(now)) + R"(,"exp":9223372036854775807})",
          R"(-9223372036854775807,"exp":)" + std::to_string(epoch(now) + 3600) + "}"}) {
      CPPUNIT_ASSERT(!codec.verify(signed_with(JWT_ALG_HS256, claims + times), now));
    }
  }

  void short_secret_is_refused_at_construction() {
    CPPUNIT_ASSERT_THROW(TokenCodec(std::string(31, 'k'), kLifetime), std::invalid_argument);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TokenCodecTest);

}  // namespace
