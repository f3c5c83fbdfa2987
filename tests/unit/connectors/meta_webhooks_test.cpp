// The Meta connector's webhooks: the handshake echoes a numeric challenge only for the configured
// token, notifications are verified over the raw body (a value made with Python's hmac) and keyed
// by their signature, and a body that is no notification envelope is refused.
#include "meta/meta_webhooks.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <roi/sdk/errors.hpp>

using namespace roi;

namespace {

const std::string kBody = R"({"object":"ad_account","entry":[]})";
const std::string kSignature = "d5bcc978e9b2123a61d29b523b13c154e8a24de86b253ce9fde475c72274c408";

sdk::WebhookRequest notification(const std::string& signature, const std::string& body = kBody) {
  return {{{"x-hub-signature-256", signature}}, body};
}

sdk::Headers subscribe(const std::string& token, const std::string& challenge = "1158201444") {
  return {{"hub.mode", "subscribe"}, {"hub.challenge", challenge}, {"hub.verify_token", token}};
}

class MetaWebhooksTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(MetaWebhooksTest);
  CPPUNIT_TEST(handshake_echoes_the_challenge_for_the_configured_token_only);
  CPPUNIT_TEST(notification_is_verified_over_the_raw_body);
  CPPUNIT_TEST(notification_is_keyed_by_its_signature);
  CPPUNIT_TEST(body_that_is_no_envelope_is_refused);
  CPPUNIT_TEST_SUITE_END();

 public:
  void handshake_echoes_the_challenge_for_the_configured_token_only() {
    CPPUNIT_ASSERT_EQUAL(std::string("1158201444"),
                         meta::answer_handshake(subscribe("tok"), "tok").value_or(""));
    CPPUNIT_ASSERT(!meta::answer_handshake(subscribe("other"), "tok"));
    CPPUNIT_ASSERT(!meta::answer_handshake(subscribe(""), ""));
    CPPUNIT_ASSERT(!meta::answer_handshake(subscribe("tok", "<script>"), "tok"));
    CPPUNIT_ASSERT(!meta::answer_handshake(
        {{"hub.mode", "unsubscribe"}, {"hub.challenge", "1"}, {"hub.verify_token", "tok"}}, "tok"));
    CPPUNIT_ASSERT(!meta::answer_handshake({}, "tok"));
  }

  void notification_is_verified_over_the_raw_body() {
    CPPUNIT_ASSERT(
        meta::verify_notification(notification("sha256=" + kSignature), "meta-unit-secret"));
    CPPUNIT_ASSERT(!meta::verify_notification(notification("sha256=" + kSignature), "other"));
    CPPUNIT_ASSERT(!meta::verify_notification(notification("sha256=" + kSignature), ""));
    CPPUNIT_ASSERT(!meta::verify_notification(notification(kSignature), "meta-unit-secret"));
    CPPUNIT_ASSERT(!meta::verify_notification(notification("sha256=" + kSignature, kBody + " "),
                                              "meta-unit-secret"));
  }

  void notification_is_keyed_by_its_signature() {
    std::string upper = kSignature;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const auto e = meta::read_notification(notification("sha256=" + upper));
    CPPUNIT_ASSERT_EQUAL(kSignature, e.id);
    CPPUNIT_ASSERT_EQUAL(std::string("ad_account"), e.type);
    CPPUNIT_ASSERT(e.action == sdk::WebhookAction::None);
  }

  void body_that_is_no_envelope_is_refused() {
    for (const char* body : {R"({"entry":[]})", R"({"object":"page","entry":{}})", "[]", "nope"}) {
      CPPUNIT_ASSERT_THROW_MESSAGE(
          body, meta::read_notification(notification("sha256=" + kSignature, body)),
          sdk::ConnectorError);
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MetaWebhooksTest);

}  // namespace
