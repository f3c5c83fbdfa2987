// Account emails are trimmed and lower-cased; malformed addresses are refused.
#include "auth/email_address.hpp"

#include <cppunit/extensions/HelperMacros.h>

using roi::auth::normalize_email;

namespace {

class EmailAddressTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(EmailAddressTest);
  CPPUNIT_TEST(email_is_trimmed_and_lower_cased);
  CPPUNIT_TEST(malformed_addresses_are_refused);
  CPPUNIT_TEST_SUITE_END();

 public:
  void email_is_trimmed_and_lower_cased() {
    CPPUNIT_ASSERT_EQUAL(std::string("ann.lee+roi@example.co.uk"),
                         *normalize_email("  Ann.Lee+ROI@Example.CO.uk\t"));
  }

  void malformed_addresses_are_refused() {
    for (const char* bad :
         {"", "   ", "ann", "ann@", "@example.com", "ann@example", "a@b@c.com",
          "ann lee@example.com", "ann@exa mple.com", ".ann@example.com", "ann..lee@example.com",
          "ann@-example.com", "ann@example..com", "ann\n@example.com", "\"ann\"@example.com"}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !normalize_email(bad));
    }
    CPPUNIT_ASSERT(!normalize_email(std::string(250, 'a') + "@x.io"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EmailAddressTest);

}  // namespace
