// Fresh batched lookups: every caller gets a value read after it arrived, even while another
// read is running, and concurrent callers share reads instead of each making one.
#include "concurrency/fresh_batch.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <thread>

#include "api/error.hpp"

using Gate = roi::concurrency::FreshBatch<std::int64_t, std::int64_t>;

namespace {

class FreshBatchTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FreshBatchTest);
  CPPUNIT_TEST(a_value_committed_before_the_call_is_always_seen);
  CPPUNIT_TEST(concurrent_callers_share_reads);
  CPPUNIT_TEST(a_failed_read_fails_its_callers_and_the_next_call_reads_again);
  CPPUNIT_TEST_SUITE_END();

 public:
  void a_value_committed_before_the_call_is_always_seen() {
    std::atomic<std::int64_t> committed{0};
    Gate gate(
        [&](const std::vector<std::int64_t>& users) {
          std::vector<std::pair<std::int64_t, std::int64_t>> out;
          for (auto u : users) out.emplace_back(u, committed.load());
          return out;
        },
        0);
    std::atomic<bool> stop{false};
    std::thread reader([&] {
      while (!stop) gate.get(1);
    });
    for (int i = 1; i <= 2000; ++i) {
      committed = i;
      CPPUNIT_ASSERT(gate.get(1) >= i);
    }
    stop = true;
    reader.join();
  }

  void concurrent_callers_share_reads() {
    std::atomic<int> reads{0};
    Gate gate(
        [&](const std::vector<std::int64_t>& users) {
          ++reads;
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
          std::vector<std::pair<std::int64_t, std::int64_t>> out;
          for (auto u : users) out.emplace_back(u, u * 10);
          return out;
        },
        0);
    // Assertions stay on this thread: one failing inside a worker would abort the whole run.
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 16; ++t) {
      threads.emplace_back([&gate, &wrong, t] {
        for (int i = 0; i < 20; ++i) {
          if (gate.get(t % 4) != std::int64_t{t % 4} * 10) ++wrong;
        }
      });
    }
    for (auto& t : threads) t.join();
    CPPUNIT_ASSERT_EQUAL(0, wrong.load());
    CPPUNIT_ASSERT(reads.load() < 16 * 20);
  }

  void a_failed_read_fails_its_callers_and_the_next_call_reads_again() {
    bool fail = true;
    Gate gate(
        [&](const std::vector<std::int64_t>& users) {
          if (fail) throw roi::api::Error(roi::api::ErrorCode::ServiceUnavailable, "down");
          std::vector<std::pair<std::int64_t, std::int64_t>> out;
          for (auto u : users) {
            if (u == 5) out.emplace_back(u, 3);
          }
          return out;
        },
        0);
    CPPUNIT_ASSERT_THROW(gate.get(5), roi::api::Error);
    fail = false;
    CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, gate.get(5));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, gate.get(6));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FreshBatchTest);

}  // namespace
