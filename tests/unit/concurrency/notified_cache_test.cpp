// In-memory values that follow a change feed: nothing is served or kept unless the feed is live,
// an announced change drops its key, a value read across a change is not kept, and losing the
// feed forgets everything.
#include "concurrency/notified_cache.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <string>
#include <thread>

using Cache = roi::concurrency::NotifiedCache<std::int64_t, std::int64_t>;

namespace {

class NotifiedCacheTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(NotifiedCacheTest);
  CPPUNIT_TEST(nothing_is_kept_or_served_until_the_feed_is_live);
  CPPUNIT_TEST(a_kept_value_is_served_without_reading_again);
  CPPUNIT_TEST(an_announced_change_is_read_again);
  CPPUNIT_TEST(a_value_read_across_a_change_is_not_kept);
  CPPUNIT_TEST(losing_the_feed_forgets_everything_and_stops_caching);
  CPPUNIT_TEST(absent_values_are_never_kept);
  CPPUNIT_TEST(size_stays_within_capacity);
  CPPUNIT_TEST(readers_never_see_a_value_older_than_the_last_announced_change);
  CPPUNIT_TEST_SUITE_END();

 public:
  void nothing_is_kept_or_served_until_the_feed_is_live() {
    Cache cache(100);
    int reads = 0;
    auto read = [&](std::int64_t) {
      ++reads;
      return std::optional<std::int64_t>(7);
    };
    CPPUNIT_ASSERT_EQUAL(std::int64_t{7}, *cache.get(1, read));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{7}, *cache.get(1, read));
    CPPUNIT_ASSERT_EQUAL(2, reads);
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, cache.size());
  }

  void a_kept_value_is_served_without_reading_again() {
    Cache cache(100);
    cache.set_live(true);
    int reads = 0;
    auto read = [&](std::int64_t) {
      ++reads;
      return std::optional<std::int64_t>(7);
    };
    cache.get(1, read);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{7}, *cache.get(1, read));
    CPPUNIT_ASSERT_EQUAL(1, reads);
  }

  void an_announced_change_is_read_again() {
    Cache cache(100);
    cache.set_live(true);
    std::int64_t stored = 1;
    auto read = [&](std::int64_t) { return std::optional<std::int64_t>(stored); };
    cache.get(1, read);
    cache.get(2, read);
    stored = 2;
    cache.drop(1);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, *cache.get(1, read));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, *cache.get(2, read));  // not announced: still kept
  }

  void a_value_read_across_a_change_is_not_kept() {
    Cache cache(100);
    cache.set_live(true);
    // The read returns the old value, and the change is announced while it runs.
    cache.get(1, [&](std::int64_t key) {
      cache.drop(key);
      return std::optional<std::int64_t>(1);
    });
    CPPUNIT_ASSERT(!cache.find(1));
    // The same while the feed is lost and found again in between.
    cache.get(2, [&](std::int64_t) {
      cache.set_live(false);
      cache.set_live(true);
      return std::optional<std::int64_t>(1);
    });
    CPPUNIT_ASSERT(!cache.find(2));
  }

  void losing_the_feed_forgets_everything_and_stops_caching() {
    Cache cache(100);
    cache.set_live(true);
    auto read = [](std::int64_t) { return std::optional<std::int64_t>(1); };
    cache.get(1, read);
    cache.set_live(false);
    CPPUNIT_ASSERT(!cache.find(1));
    cache.get(1, read);
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, cache.size());
    cache.set_live(true);
    CPPUNIT_ASSERT(!cache.find(1));  // nothing from before survives the gap
  }

  void absent_values_are_never_kept() {
    Cache cache(100);
    cache.set_live(true);
    int reads = 0;
    auto none = [&](std::int64_t) {
      ++reads;
      return std::optional<std::int64_t>();
    };
    CPPUNIT_ASSERT(!cache.get(1, none));
    CPPUNIT_ASSERT(!cache.get(1, none));
    CPPUNIT_ASSERT_EQUAL(2, reads);
  }

  void size_stays_within_capacity() {
    Cache cache(64);
    cache.set_live(true);
    for (std::int64_t k = 0; k < 10000; ++k) {
      cache.get(k, [](std::int64_t v) { return std::optional<std::int64_t>(v); });
    }
    CPPUNIT_ASSERT(cache.size() <= 64);
    CPPUNIT_ASSERT(cache.size() >= 16);
  }

  void readers_never_see_a_value_older_than_the_last_announced_change() {
    Cache cache(100);
    cache.set_live(true);
    std::atomic<std::int64_t> committed{0};
    std::atomic<bool> stop{false};
    std::atomic<bool> stale{false};
    auto read = [&](std::int64_t) { return std::optional<std::int64_t>(committed.load()); };
    std::thread readers[2];
    for (auto& r : readers) {
      r = std::thread([&] {
        while (!stop) {
          const std::int64_t floor = announced_.load();
          if (*cache.get(1, read) < floor) stale = true;
        }
      });
    }
    for (std::int64_t v = 1; v <= 20000; ++v) {
      committed = v;  // the commit...
      cache.drop(1);  // ...then its announcement
      announced_ = v;
    }
    stop = true;
    for (auto& r : readers) r.join();
    CPPUNIT_ASSERT(!stale);
  }

 private:
  std::atomic<std::int64_t> announced_{0};
};

CPPUNIT_TEST_SUITE_REGISTRATION(NotifiedCacheTest);

}  // namespace
