// Password hashes at once are capped: with every slot taken a hash is refused after the wait
// instead of queueing, and a slot given back is usable again.
#include "auth/hash_gate.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <thread>

using roi::auth::HashGate;
using namespace std::chrono_literals;

namespace {

class HashGateTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HashGateTest);
  CPPUNIT_TEST(full_gate_refuses_instead_of_queueing);
  CPPUNIT_TEST(zero_slots_means_half_the_cores_at_least_one);
  CPPUNIT_TEST_SUITE_END();

 public:
  void full_gate_refuses_instead_of_queueing() {
    HashGate gate(2, 0ms);
    auto a = gate.enter();
    auto b = gate.enter();
    CPPUNIT_ASSERT(a && b);
    CPPUNIT_ASSERT(!gate.enter());
    a.reset();
    CPPUNIT_ASSERT(gate.enter());
  }

  void zero_slots_means_half_the_cores_at_least_one() {
    HashGate gate(0, 0ms);
    CPPUNIT_ASSERT_EQUAL(std::max(1, static_cast<int>(std::thread::hardware_concurrency() / 2)),
                         gate.slots());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HashGateTest);

}  // namespace
