// Registrations: so many per address and so many from everyone in a fixed window, with a wait
// that ends with the window.
#include "auth/register_throttle.hpp"

#include <cppunit/extensions/HelperMacros.h>

using roi::auth::RegisterLimits;
using roi::auth::RegisterThrottle;
using namespace std::chrono_literals;

namespace {

const auto t0 = RegisterThrottle::Clock::time_point{} + 1000h;

class RegisterThrottleTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RegisterThrottleTest);
  CPPUNIT_TEST(address_over_its_allowance_waits_for_the_window_end);
  CPPUNIT_TEST(everyone_together_is_limited_too);
  CPPUNIT_TEST_SUITE_END();

 public:
  void address_over_its_allowance_waits_for_the_window_end() {
    RegisterThrottle t(RegisterLimits{2, 100, 60s});
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", t0));
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", t0 + 10s));
    const auto wait = t.try_acquire("1.1.1.1", t0 + 20s);
    CPPUNIT_ASSERT(wait);
    CPPUNIT_ASSERT_EQUAL(40LL, static_cast<long long>(wait->count()));
    CPPUNIT_ASSERT(!t.try_acquire("2.2.2.2", t0 + 20s));
    CPPUNIT_ASSERT(!t.try_acquire("1.1.1.1", t0 + 60s));
  }

  void everyone_together_is_limited_too() {
    RegisterThrottle t(RegisterLimits{10, 3, 60s});
    for (int i = 0; i < 3; ++i) CPPUNIT_ASSERT(!t.try_acquire("10.0.0." + std::to_string(i), t0));
    CPPUNIT_ASSERT(t.try_acquire("10.0.0.9", t0 + 30s));
    CPPUNIT_ASSERT(!t.try_acquire("10.0.0.9", t0 + 60s));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RegisterThrottleTest);

}  // namespace
