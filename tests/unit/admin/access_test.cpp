// /admin/* needs the configured token from every caller, loopback included (a local browser page
// or user reaches loopback too); /metrics admits loopback or the token.
#include "admin/access.hpp"

#include <cppunit/extensions/HelperMacros.h>

using roi::admin::has_admin_token;
using roi::admin::metrics_allowed;

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
  CPPUNIT_TEST(loopback_callers_need_the_token_too);
  CPPUNIT_TEST(callers_need_the_exact_token);
  CPPUNIT_TEST(nobody_has_the_token_when_none_is_configured);
  CPPUNIT_TEST(metrics_admit_loopback_or_the_token);
  CPPUNIT_TEST_SUITE_END();

 public:
  void loopback_callers_need_the_token_too() {
    CPPUNIT_ASSERT(!has_admin_token(from("127.0.0.1"), kToken));
    CPPUNIT_ASSERT(!has_admin_token(from("::1"), kToken));
    CPPUNIT_ASSERT(has_admin_token(from("127.0.0.1", "Bearer " + kToken), kToken));
  }

  void callers_need_the_exact_token() {
    CPPUNIT_ASSERT(has_admin_token(from("203.0.113.9", "Bearer " + kToken), kToken));
    CPPUNIT_ASSERT(!has_admin_token(from("203.0.113.9", "Bearer " + kToken + "x"), kToken));
    CPPUNIT_ASSERT(!has_admin_token(from("203.0.113.9", kToken), kToken));
    CPPUNIT_ASSERT(!has_admin_token(from("203.0.113.9"), kToken));
  }

  void nobody_has_the_token_when_none_is_configured() {
    CPPUNIT_ASSERT(!has_admin_token(from("127.0.0.1", "Bearer "), ""));
    CPPUNIT_ASSERT(!has_admin_token(from("127.0.0.1"), ""));
  }

  void metrics_admit_loopback_or_the_token() {
    CPPUNIT_ASSERT(metrics_allowed(from("127.0.0.1"), ""));
    CPPUNIT_ASSERT(metrics_allowed(from("::1"), kToken));
    CPPUNIT_ASSERT(metrics_allowed(from("203.0.113.9", "Bearer " + kToken), kToken));
    CPPUNIT_ASSERT(!metrics_allowed(from("203.0.113.9"), kToken));
    CPPUNIT_ASSERT(!metrics_allowed(from("203.0.113.9", "Bearer "), ""));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AdminAccessTest);

}  // namespace
