// Date rules of every dashboard procedure: strict ISO dates, inclusive ranges, start <= end, at
// most two years, and violations that name the offending field.
#include "modules/dashboard/date_range.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include "api/error.hpp"
#include "api/json.hpp"

using namespace roi::modules::dashboard;

namespace {

std::string refused_field(const char* json) {
  rapidjson::Document doc;
  roi::api::parse_json(json, doc);
  try {
    read_range(doc);
  } catch (const roi::api::Error& e) {
    for (const auto& [k, v] : e.data()) {
      if (k == "field") return v;
    }
    return "(no field)";
  }
  return "";
}

class DateRangeTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(DateRangeTest);
  CPPUNIT_TEST(accepts_only_real_calendar_days_in_iso_form);
  CPPUNIT_TEST(range_is_inclusive_and_previous_period_has_equal_length);
  CPPUNIT_TEST(refusals_name_the_field);
  CPPUNIT_TEST_SUITE_END();

 public:
  void accepts_only_real_calendar_days_in_iso_form() {
    CPPUNIT_ASSERT(parse_iso_date("2024-02-29"));
    CPPUNIT_ASSERT_EQUAL(std::string("2024-02-29"), format_date(*parse_iso_date("2024-02-29")));
    for (const char* bad : {"2023-02-29", "2024-13-01", "2024-1-01", "2024-01-01T00:00", "20240101",
                            "2024/01/01", "+024-01-01", "0000-01-01", ""}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !parse_iso_date(bad));
    }
  }

  void range_is_inclusive_and_previous_period_has_equal_length() {
    const DateRange r{*parse_iso_date("2024-03-01"), *parse_iso_date("2024-03-31")};
    CPPUNIT_ASSERT_EQUAL(31, r.days());
    const DateRange p = r.previous();
    CPPUNIT_ASSERT_EQUAL(std::string("2024-01-30"), format_date(p.start));
    CPPUNIT_ASSERT_EQUAL(std::string("2024-02-29"), format_date(p.end));
  }

  void refusals_name_the_field() {
    CPPUNIT_ASSERT_EQUAL(std::string(""),
                         refused_field(R"({"start":"2024-01-01","end":"2025-12-31"})"));
    CPPUNIT_ASSERT_EQUAL(std::string("end"),
                         refused_field(R"({"start":"2024-01-01","end":"2026-01-01"})"));
    CPPUNIT_ASSERT_EQUAL(std::string("end"),
                         refused_field(R"({"start":"2024-01-02","end":"2024-01-01"})"));
    CPPUNIT_ASSERT_EQUAL(std::string("start"),
                         refused_field(R"({"start":"2024-02-30","end":"2024-03-01"})"));
    CPPUNIT_ASSERT_EQUAL(std::string("start"),
                         refused_field(R"({"start":"0001-01-01","end":"0001-01-02"})"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DateRangeTest);

}  // namespace
