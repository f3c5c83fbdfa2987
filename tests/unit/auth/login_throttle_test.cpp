// Login throttling: an email or an address over its limit is refused with a wait that ends with
// the window; other emails and addresses are unaffected; a success clears the email's count.
#include "auth/login_throttle.hpp"

#include <cppunit/extensions/HelperMacros.h>

using roi::auth::LoginThrottle;
using roi::auth::ThrottleLimits;
using namespace std::chrono_literals;

namespace {

const auto t0 = LoginThrottle::Clock::time_point{} + 1000h;

class LoginThrottleTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LoginThrottleTest);
  CPPUNIT_TEST(email_over_its_limit_waits_until_the_window_ends);
  CPPUNIT_TEST(limit_lifts_when_the_window_ends);
  CPPUNIT_TEST(other_emails_are_not_affected);
  CPPUNIT_TEST(address_over_its_limit_is_refused_for_every_email);
  CPPUNIT_TEST(success_clears_the_email_count);
  CPPUNIT_TEST(flood_of_distinct_keys_stays_bounded_and_keeps_working);
  CPPUNIT_TEST_SUITE_END();

 public:
  void email_over_its_limit_waits_until_the_window_ends() {
    LoginThrottle t(ThrottleLimits{100, 3, 60s});
    for (int i = 0; i < 3; ++i) CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0 + 1s));
    const auto wait = t.try_acquire("1.1.1.1", "a@x.io", t0 + 11s);
    CPPUNIT_ASSERT(wait);
    CPPUNIT_ASSERT_EQUAL(50LL, static_cast<long long>(wait->count()));
  }

  void limit_lifts_when_the_window_ends() {
    LoginThrottle t(ThrottleLimits{100, 2, 60s});
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0));
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0));
    CPPUNIT_ASSERT(t.try_acquire("1.1.1.1", "a@x.io", t0 + 59s));
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0 + 60s));
  }

  void other_emails_are_not_affected() {
    LoginThrottle t(ThrottleLimits{100, 1, 60s});
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0));
    CPPUNIT_ASSERT(t.try_acquire("2.2.2.2", "a@x.io", t0));
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "b@x.io", t0));
  }

  void address_over_its_limit_is_refused_for_every_email() {
    LoginThrottle t(ThrottleLimits{3, 100, 60s});
    for (int i = 0; i < 3; ++i) {
      CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "u" + std::to_string(i) + "@x.io", t0));
    }
    CPPUNIT_ASSERT(t.try_acquire("1.1.1.1", "new@x.io", t0));
    CPPUNIT_ASSERT(!t.try_acquire("2.2.2.2", "new@x.io", t0));
  }

  void success_clears_the_email_count() {
    LoginThrottle t(ThrottleLimits{100, 2, 60s});
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0));
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0));
    t.succeeded("1.1.1.1", "a@x.io");
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0));
  }

  void flood_of_distinct_keys_stays_bounded_and_keeps_working() {
    LoginThrottle t(ThrottleLimits{1000000, 1, 60s, 100});
    for (int i = 0; i < 1000; ++i) t.try_acquire("1.1.1.1", std::to_string(i) + "@x.io", t0 + std::chrono::milliseconds(i));
    // The newest keys are still remembered: a second attempt on the last email waits.
    CPPUNIT_ASSERT(t.try_acquire("1.1.1.1", "999@x.io", t0 + 2s));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LoginThrottleTest);

}  // namespace
