// Platform tokens at rest: AES-256-GCM round trips, keys rotate (the first seals, all open), and
// a wrong key, another row's context or one flipped bit is refused; bad key rings never start.
#include "security/token_cipher.hpp"

#include <cppunit/extensions/HelperMacros.h>

namespace {

using roi::security::TokenCipher;
using roi::security::TokenCipherError;

// Base64 of 32 bytes each (openssl rand -base64 32).
constexpr const char* kOld = "old:q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";
constexpr const char* kNew = "new:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

class TokenCipherTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TokenCipherTest);
  CPPUNIT_TEST(a_sealed_token_opens_only_in_its_own_context);
  CPPUNIT_TEST(rotation_seals_with_the_first_key_and_opens_with_any);
  CPPUNIT_TEST(tampered_or_unknown_key_tokens_are_refused);
  CPPUNIT_TEST(bad_key_rings_are_refused_without_quoting_them);
  CPPUNIT_TEST_SUITE_END();

 public:
  void a_sealed_token_opens_only_in_its_own_context() {
    const auto cipher = TokenCipher::from_key_ring(kOld);
    const auto sealed = cipher.seal("ya29.secret-token", "user 1 access");
    CPPUNIT_ASSERT_EQUAL(std::string("old"), sealed.key_id);
    CPPUNIT_ASSERT(sealed.bytes.find("ya29") == std::string::npos);
    CPPUNIT_ASSERT_EQUAL(std::string("ya29.secret-token"), cipher.open(sealed, "user 1 access"));
    CPPUNIT_ASSERT_THROW(cipher.open(sealed, "user 2 access"), TokenCipherError);
    // Random nonces: the same token never seals to the same bytes twice.
    CPPUNIT_ASSERT(sealed.bytes != cipher.seal("ya29.secret-token", "user 1 access").bytes);
  }

  void rotation_seals_with_the_first_key_and_opens_with_any() {
    const auto before = TokenCipher::from_key_ring(kOld);
    const auto old_token = before.seal("refresh-1", "ctx");
    const auto after = TokenCipher::from_key_ring(std::string(kNew) + "," + kOld);
    CPPUNIT_ASSERT_EQUAL(std::string("new"), after.sealing_key_id());
    CPPUNIT_ASSERT_EQUAL(std::string("refresh-1"), after.open(old_token, "ctx"));
    CPPUNIT_ASSERT_EQUAL(std::string("new"), after.seal("refresh-2", "ctx").key_id);
    const auto bare = TokenCipher::from_key_ring("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    CPPUNIT_ASSERT_EQUAL(std::string("k1"), bare.sealing_key_id());
  }

  void tampered_or_unknown_key_tokens_are_refused() {
    const auto cipher = TokenCipher::from_key_ring(kOld);
    auto sealed = cipher.seal("token", "ctx");
    sealed.bytes[14] = static_cast<char>(sealed.bytes[14] ^ 1);
    CPPUNIT_ASSERT_THROW(cipher.open(sealed, "ctx"), TokenCipherError);
    auto foreign = TokenCipher::from_key_ring(kNew).seal("token", "ctx");
    CPPUNIT_ASSERT_THROW(cipher.open(foreign, "ctx"), TokenCipherError);
    foreign.key_id = "old";  // the right id does not make another key's ciphertext open
    CPPUNIT_ASSERT_THROW(cipher.open(foreign, "ctx"), TokenCipherError);
    CPPUNIT_ASSERT_THROW(cipher.open({"old", "short"}, "ctx"), TokenCipherError);
  }

  void bad_key_rings_are_refused_without_quoting_them() {
    for (const char* bad :
         {"", "k1:", "k1:c2hvcnQ=", "bad id:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
          "a:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,a:"
          "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}) {
      try {
        TokenCipher::from_key_ring(bad);
        CPPUNIT_FAIL(std::string("accepted: ") + bad);
      } catch (const std::invalid_argument& e) {
        CPPUNIT_ASSERT(std::string(e.what()).find("AAECAw") == std::string::npos);
      }
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TokenCipherTest);

}  // namespace
