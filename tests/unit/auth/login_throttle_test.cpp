// Login slow-down: past its free failures a key (address, or email from one address) waits a
// delay that doubles per failure up to a cap; a correct password from an address that has not
// failed always goes ahead, whoever else failed against the email; state stays bounded.
#include "auth/login_throttle.hpp"

#include <cppunit/extensions/HelperMacros.h>

using roi::auth::LoginThrottle;
using roi::auth::ThrottleLimits;
using namespace std::chrono_literals;

namespace {

const auto t0 = LoginThrottle::Clock::time_point{} + 1000h;

// Free failures: 5 per address, 2 per (email, address); delays 1 s, 2 s, 4 s ... capped at 10 s.
ThrottleLimits limits() { return ThrottleLimits{5, 2, 1000ms, 10s, 900s}; }

long long wait_s(LoginThrottle& t, const char* address, const char* email,
                 LoginThrottle::Clock::time_point now) {
  const auto w = t.try_acquire(address, email, now);
  return w ? static_cast<long long>(w->count()) : 0;
}

class LoginThrottleTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LoginThrottleTest);
  CPPUNIT_TEST(failures_past_the_allowance_wait_a_doubling_delay_up_to_the_cap);
  CPPUNIT_TEST(delay_ends_and_attempts_go_on);
  CPPUNIT_TEST(owner_signs_in_from_another_address_whatever_failed_against_the_email);
  CPPUNIT_TEST(address_failing_for_many_emails_is_slowed_for_every_email);
  CPPUNIT_TEST(other_addresses_are_never_slowed_by_an_attackers_failures);
  CPPUNIT_TEST(success_forgets_the_email_and_gives_the_address_its_attempt_back);
  CPPUNIT_TEST(abandoned_attempt_is_given_back);
  CPPUNIT_TEST(failures_are_forgotten_after_the_window);
  CPPUNIT_TEST(flood_of_distinct_keys_stays_bounded_and_keeps_working);
  CPPUNIT_TEST_SUITE_END();

 public:
  void failures_past_the_allowance_wait_a_doubling_delay_up_to_the_cap() {
    LoginThrottle t(limits());
    auto now = t0;
    CPPUNIT_ASSERT_EQUAL(0LL, wait_s(t, "1.1.1.1", "a@x.io", now));  // free
    CPPUNIT_ASSERT_EQUAL(0LL, wait_s(t, "1.1.1.1", "a@x.io", now));  // free
    CPPUNIT_ASSERT_EQUAL(0LL, wait_s(t, "1.1.1.1", "a@x.io", now));  // third: 1 s after it
    CPPUNIT_ASSERT_EQUAL(1LL, wait_s(t, "1.1.1.1", "a@x.io", now));
    now += 1s;
    CPPUNIT_ASSERT_EQUAL(0LL, wait_s(t, "1.1.1.1", "a@x.io", now));  // fourth: 2 s
    CPPUNIT_ASSERT_EQUAL(2LL, wait_s(t, "1.1.1.1", "a@x.io", now));
    now += 2s;
    CPPUNIT_ASSERT_EQUAL(0LL, wait_s(t, "1.1.1.1", "a@x.io", now));  // fifth: 4 s
    CPPUNIT_ASSERT_EQUAL(4LL, wait_s(t, "1.1.1.1", "a@x.io", now));
    for (int i = 0; i < 10; ++i) {
      now += 60s;
      CPPUNIT_ASSERT_EQUAL(0LL, wait_s(t, "1.1.1.1", "a@x.io", now));
    }
    CPPUNIT_ASSERT_EQUAL(10LL, wait_s(t, "1.1.1.1", "a@x.io", now));  // the cap
  }

  void delay_ends_and_attempts_go_on() {
    LoginThrottle t(limits());
    for (int i = 0; i < 3; ++i) t.try_acquire("1.1.1.1", "a@x.io", t0);
    CPPUNIT_ASSERT(t.try_acquire("1.1.1.1", "a@x.io", t0 + 999ms));
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0 + 1000ms));
  }

  void owner_signs_in_from_another_address_whatever_failed_against_the_email() {
    LoginThrottle t(limits());
    for (int i = 0; i < 11; ++i) t.try_acquire("6.6.6.6", "owner@x.io", t0 + i * 60s);
    CPPUNIT_ASSERT(t.try_acquire("6.6.6.6", "owner@x.io", t0 + 600s));
    CPPUNIT_ASSERT(!t.try_acquire("2.2.2.2", "owner@x.io", t0 + 600s));
  }

  void address_failing_for_many_emails_is_slowed_for_every_email() {
    LoginThrottle t(limits());
    for (int i = 0; i < 6; ++i)
      t.try_acquire("6.6.6.6", ("u" + std::to_string(i) + "@x").c_str(), t0);
    CPPUNIT_ASSERT_EQUAL(1LL, wait_s(t, "6.6.6.6", "new@x.io", t0));
  }

  void other_addresses_are_never_slowed_by_an_attackers_failures() {
    LoginThrottle t(limits());
    for (int i = 0; i < 1000; ++i) {
      t.try_acquire("6.6.6.6", ("u" + std::to_string(i) + "@x").c_str(), t0 + i * 1h);
    }
    CPPUNIT_ASSERT(!t.try_acquire("2.2.2.2", "u1@x", t0 + 1000h));
    CPPUNIT_ASSERT(!t.try_acquire("3.3.3.3", "user@x.io", t0 + 1000h));
  }

  void success_forgets_the_email_and_gives_the_address_its_attempt_back() {
    LoginThrottle t(limits());
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0));
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0));
    t.succeeded("1.1.1.1", "a@x.io", t0);
    // Two more free failures for the email; the address counts 1 + 2 of its 5.
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0));
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0));
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "b@x.io", t0));
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "c@x.io", t0));
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "d@x.io", t0));  // the address's sixth: 1 s after
    CPPUNIT_ASSERT(t.try_acquire("1.1.1.1", "e@x.io", t0));
  }

  void abandoned_attempt_is_given_back() {
    LoginThrottle t(limits());
    for (int i = 0; i < 3; ++i) {
      CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0));
      t.abandoned("1.1.1.1", "a@x.io", t0);
    }
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0));
  }

  void failures_are_forgotten_after_the_window() {
    LoginThrottle t(ThrottleLimits{5, 0, 3600000ms, 3600s, 60s});
    t.try_acquire("1.1.1.1", "a@x.io", t0);
    CPPUNIT_ASSERT(t.try_acquire("1.1.1.1", "a@x.io", t0 + 59s));
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", "a@x.io", t0 + 60s));
  }

  void flood_of_distinct_keys_stays_bounded_and_keeps_working() {
    LoginThrottle t(ThrottleLimits{1000000, 0, 1000ms, 10s, 60s, 100});
    for (int i = 0; i < 1000; ++i) {
      t.try_acquire("1.1.1.1", std::to_string(i) + "@x.io", t0 + std::chrono::milliseconds(i));
    }
    // The newest keys are still remembered: a second attempt on the last email waits.
    CPPUNIT_ASSERT(t.try_acquire("1.1.1.1", "999@x.io", t0 + 1000ms));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LoginThrottleTest);

}  // namespace
