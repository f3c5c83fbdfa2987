// The host's components start in the order they were added and stop in the reverse one; one that
// fails to start stops itself and those already started, and the error goes on.
#include "app/component_list.hpp"

#include <cppunit/extensions/HelperMacros.h>
#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace {

class ComponentListTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ComponentListTest);
  CPPUNIT_TEST(starts_in_order_and_stops_in_reverse);
  CPPUNIT_TEST(failed_start_stops_what_started_and_rethrows);
  CPPUNIT_TEST(stops_each_component_once);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { null_ = ::open("/dev/null", O_WRONLY | O_CLOEXEC); }
  void tearDown() override { ::close(null_); }

  void starts_in_order_and_stops_in_reverse() {
    roi::observability::Logger log(roi::observability::Level::Info, null_);
    std::vector<std::string> events;
    {
      roi::app::ComponentList list(log);
      add(list, "a", events);
      add(list, "b", events);
      add(list, "c", events);
      list.start();
      CPPUNIT_ASSERT((events == std::vector<std::string>{"start a", "start b", "start c"}));
      events.clear();
    }  // the destructor stops them
    CPPUNIT_ASSERT((events == std::vector<std::string>{"stop c", "stop b", "stop a"}));
  }

  void failed_start_stops_what_started_and_rethrows() {
    roi::observability::Logger log(roi::observability::Level::Info, null_);
    std::vector<std::string> events;
    roi::app::ComponentList list(log);
    add(list, "a", events);
    list.add(
        "broken", [&] { throw std::runtime_error("no database"); },
        [&] { events.push_back("stop broken"); });
    add(list, "never", events);
    CPPUNIT_ASSERT_THROW_MESSAGE("the start error goes on", list.start(), std::runtime_error);
    CPPUNIT_ASSERT((events == std::vector<std::string>{"start a", "stop broken", "stop a"}));
  }

  void stops_each_component_once() {
    roi::observability::Logger log(roi::observability::Level::Info, null_);
    std::vector<std::string> events;
    {
      roi::app::ComponentList list(log);
      add(list, "a", events);
      list.start();
      list.stop();
      list.stop();
    }
    CPPUNIT_ASSERT((events == std::vector<std::string>{"start a", "stop a"}));
  }

 private:
  static void add(roi::app::ComponentList& list, const std::string& name,
                  std::vector<std::string>& events) {
    list.add(
        name, [&events, name] { events.push_back("start " + name); },
        [&events, name] { events.push_back("stop " + name); });
  }

  int null_ = -1;
};

}  // namespace

CPPUNIT_TEST_SUITE_REGISTRATION(ComponentListTest);
