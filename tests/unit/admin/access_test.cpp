// /admin/* is for operators: loopback callers, or others presenting the configured token.
#include "admin/access.hpp"

#include <cppunit/extensions/HelperMacros.h>

using roi::admin::admin_allowed;

namespace {

const std::string kToken(40, 'k');

roi::http::Request from(std::string addr, std::string authorization = {}) {
  roi::http::Request r;
  r.remote_addr = std::move(addr);
  if (!authorization.empty()) r.headers.emplace_back("authorization", std::move(authorization));
  return r;
}

class AdminAccessTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AdminAccessTest);
  CPPUNIT_TEST(loopback_callers_are_allowed);
  CPPUNIT_TEST(remote_callers_need_the_exact_token);
  CPPUNIT_TEST(remote_callers_are_refused_when_no_token_is_configured);
  CPPUNIT_TEST_SUITE_END();

 public:
  void loopback_callers_are_allowed() {
    CPPUNIT_ASSERT(admin_allowed(from("127.0.0.1"), ""));
    CPPUNIT_ASSERT(admin_allowed(from("::1"), ""));
  }

  void remote_callers_need_the_exact_token() {
    CPPUNIT_ASSERT(admin_allowed(from("203.0.113.9", "Bearer " + kToken), kToken));
    CPPUNIT_ASSERT(!admin_allowed(from("203.0.113.9", "Bearer " + kToken + "x"), kToken));
    CPPUNIT_ASSERT(!admin_allowed(from("203.0.113.9", kToken), kToken));
    CPPUNIT_ASSERT(!admin_allowed(from("203.0.113.9"), kToken));
  }

  void remote_callers_are_refused_when_no_token_is_configured() {
    CPPUNIT_ASSERT(!admin_allowed(from("203.0.113.9", "Bearer "), ""));
    CPPUNIT_ASSERT(!admin_allowed(from("10.1.2.3"), ""));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AdminAccessTest);

}  // namespace
