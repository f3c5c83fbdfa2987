// Periodic work runs on the host's event loop, on a thread named roi-loop; a stop waits for a run
// in progress, and nothing runs after it.
#include "concurrency/periodic.hpp"

#include <cppunit/extensions/HelperMacros.h>
#include <pthread.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "concurrency/event_loop.hpp"

using namespace std::chrono_literals;
using roi::concurrency::EventLoop;
using roi::concurrency::Periodic;

namespace {

class PeriodicTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PeriodicTest);
  CPPUNIT_TEST(runs_repeatedly_on_a_thread_named_roi_loop);
  CPPUNIT_TEST(stop_waits_for_the_run_in_progress_and_no_run_follows);
  CPPUNIT_TEST_SUITE_END();

 public:
  void runs_repeatedly_on_a_thread_named_roi_loop() {
    EventLoop loop(1);
    loop.start();
    std::mutex m;
    std::condition_variable cv;
    int runs = 0;
    std::string thread_name;
    Periodic p(
        loop.context(), 1ms,
        [&] {
          char name[16] = {};
          pthread_getname_np(pthread_self(), name, sizeof name);
          std::lock_guard lock(m);
          thread_name = name;
          ++runs;
          cv.notify_all();
        },
        Periodic::First::AtStart);
    p.start();
    {
      std::unique_lock lock(m);
      CPPUNIT_ASSERT(cv.wait_for(lock, 30s, [&] { return runs >= 3; }));
      CPPUNIT_ASSERT_EQUAL(std::string("roi-loop"), thread_name);
    }
    p.stop();
    loop.stop();
  }

  void stop_waits_for_the_run_in_progress_and_no_run_follows() {
    EventLoop loop(2);
    loop.start();
    std::atomic<int> started{0};
    std::atomic<int> finished{0};
    Periodic p(
        loop.context(), 1ms,
        [&] {
          ++started;
          std::this_thread::sleep_for(50ms);
          ++finished;
        },
        Periodic::First::AtStart);
    p.start();
    while (started.load() == 0) std::this_thread::sleep_for(1ms);
    p.stop();
    const int after_stop = started.load();
    CPPUNIT_ASSERT_EQUAL(after_stop, finished.load());
    std::this_thread::sleep_for(20ms);
    CPPUNIT_ASSERT_EQUAL(after_stop, started.load());
    loop.stop();
  }
};

}  // namespace

CPPUNIT_TEST_SUITE_REGISTRATION(PeriodicTest);
