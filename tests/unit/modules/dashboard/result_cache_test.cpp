// The result cache: finds what was put, keeps at most its capacity (least recently used goes
// first), and with capacity 0 keeps nothing.
#include "modules/dashboard/result_cache.hpp"

#include <cppunit/extensions/HelperMacros.h>

using roi::modules::dashboard::ResultCache;

namespace {

class ResultCacheTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ResultCacheTest);
  CPPUNIT_TEST(finds_what_was_put);
  CPPUNIT_TEST(stays_within_capacity);
  CPPUNIT_TEST(capacity_zero_keeps_nothing);
  CPPUNIT_TEST_SUITE_END();

 public:
  void finds_what_was_put() {
    ResultCache cache(100);
    cache.put("a", "1");
    CPPUNIT_ASSERT_EQUAL(std::string("1"), *cache.find("a"));
    CPPUNIT_ASSERT(!cache.find("b"));
  }

  void stays_within_capacity() {
    ResultCache cache(64);
    for (int i = 0; i < 10000; ++i) cache.put("k" + std::to_string(i), "v");
    CPPUNIT_ASSERT(cache.size() <= 64);
    CPPUNIT_ASSERT(cache.find("k9999"));
    CPPUNIT_ASSERT(!cache.find("k0"));
  }

  void capacity_zero_keeps_nothing() {
    ResultCache cache(0);
    cache.put("a", "1");
    CPPUNIT_ASSERT(!cache.enabled());
    CPPUNIT_ASSERT(!cache.find("a"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ResultCacheTest);

}  // namespace
