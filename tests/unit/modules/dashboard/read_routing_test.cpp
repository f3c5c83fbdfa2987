// Where the dashboard reads a user from: the replica while it has replayed the user's data
// version, the primary while it is behind, has no row of the user, or fails; the counters say
// which.
#include "modules/dashboard/read_routing.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <stdexcept>

namespace dash = roi::modules::dashboard;

namespace {

// A store that only knows data versions; `down` makes it throw as a replica out of reach does.
class VersionsOnly final : public dash::DashboardStore {
 public:
  std::map<std::int64_t, std::int64_t> versions;
  bool down = false;

  std::vector<dash::PlatformTotals> totals(std::int64_t, const dash::DateRange&,
                                           const std::optional<dash::DateRange>&) override {
    return {};
  }
  std::vector<dash::DayTotals> daily(std::int64_t, const dash::DateRange&) override { return {}; }
  std::vector<dash::CampaignTotals> campaigns(std::int64_t, const dash::DateRange&,
                                              const dash::CampaignFilter&) override {
    return {};
  }
  dash::PlatformSet ad_platforms(std::int64_t) override { return {}; }
  std::vector<std::pair<std::int64_t, dash::UserState>> user_states(
      const std::vector<std::int64_t>& users) override {
    if (down) throw std::runtime_error("replica unreachable");
    std::vector<std::pair<std::int64_t, dash::UserState>> out;
    for (auto user : users) {
      if (auto it = versions.find(user); it != versions.end()) {
        out.emplace_back(user, dash::UserState{it->second, "UTC"});
      }
    }
    return out;
  }
};

class ReadRoutingTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ReadRoutingTest);
  CPPUNIT_TEST(without_a_replica_the_primary_answers_uncounted);
  CPPUNIT_TEST(a_replica_at_or_past_the_version_answers);
  CPPUNIT_TEST(a_replica_behind_the_user_leaves_it_to_the_primary);
  CPPUNIT_TEST(a_user_the_replica_lacks_or_a_failing_replica_goes_to_the_primary);
  CPPUNIT_TEST_SUITE_END();

 public:
  void without_a_replica_the_primary_answers_uncounted() {
    dash::ReadRouting routing(primary_, nullptr, replica_reads_, fallbacks_);
    CPPUNIT_ASSERT(&routing.at_least(1, 5) == &primary_);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{0}, replica_reads_.value() + fallbacks_.value());
  }

  void a_replica_at_or_past_the_version_answers() {
    replica_.versions = {{1, 5}};
    dash::ReadRouting routing(primary_, &replica_, replica_reads_, fallbacks_);
    CPPUNIT_ASSERT(&routing.at_least(1, 5) == &replica_);
    CPPUNIT_ASSERT(&routing.at_least(1, 4) == &replica_);  // the host had not heard of 5 yet
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{2}, replica_reads_.value());
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{0}, fallbacks_.value());
  }

  void a_replica_behind_the_user_leaves_it_to_the_primary() {
    replica_.versions = {{1, 4}, {2, 9}};
    dash::ReadRouting routing(primary_, &replica_, replica_reads_, fallbacks_);
    CPPUNIT_ASSERT(&routing.at_least(1, 5) == &primary_);
    CPPUNIT_ASSERT(&routing.at_least(2, 5) == &replica_);  // another user's lag is not theirs
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1}, fallbacks_.value());
  }

  void a_user_the_replica_lacks_or_a_failing_replica_goes_to_the_primary() {
    dash::ReadRouting routing(primary_, &replica_, replica_reads_, fallbacks_);
    CPPUNIT_ASSERT(&routing.at_least(7, 0) == &primary_);  // signed up after the replica's state
    replica_.versions = {{7, 3}};
    replica_.down = true;
    CPPUNIT_ASSERT(&routing.at_least(7, 0) == &primary_);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{2}, fallbacks_.value());
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{0}, replica_reads_.value());
  }

 private:
  VersionsOnly primary_;
  VersionsOnly replica_;
  roi::observability::Counter replica_reads_;
  roi::observability::Counter fallbacks_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReadRoutingTest);

}  // namespace
