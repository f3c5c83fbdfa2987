// Input schemas name the offending field, and stay correct when many request threads validate
// against the same schema at once (RapidJSON's "pattern" regex is not shareable across threads).
#include "api/input_schema.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <thread>
#include <vector>

#include "api/error.hpp"

using roi::api::Error;
using roi::api::InputSchema;

namespace {

bool accepts(const InputSchema& schema, const char* json) {
  rapidjson::Document d;
  d.Parse(json);
  try {
    schema.validate(d);
    return true;
  } catch (const Error&) {
    return false;
  }
}

class InputSchemaTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(InputSchemaTest);
  CPPUNIT_TEST(pattern_is_enforced);
  CPPUNIT_TEST(pattern_schema_is_correct_under_concurrent_validation);
  CPPUNIT_TEST(broken_schema_is_refused_at_registration);
  CPPUNIT_TEST(integers_must_fit_in_int64);
  CPPUNIT_TEST_SUITE_END();

 public:
  void integers_must_fit_in_int64() {
    InputSchema schema(
        R"({"type":"object","properties":{"ids":{"type":"array","items":{"type":"integer"}},)"
        R"("n":{"type":["integer","null"]}}})");
    CPPUNIT_ASSERT(
        accepts(schema, R"({"ids":[-9223372036854775808,9223372036854775807],"n":null})"));
    CPPUNIT_ASSERT(!accepts(schema, R"({"ids":[1,9223372036854775808]})"));
    CPPUNIT_ASSERT(!accepts(schema, R"({"ids":[-9223372036854775809]})"));
    CPPUNIT_ASSERT(!accepts(schema, R"({"n":1e19})"));
    rapidjson::Document d;
    d.Parse(R"({"ids":[1,18446744073709551615]})");
    try {
      schema.validate(d);
      CPPUNIT_FAIL("accepted");
    } catch (const Error& e) {
      CPPUNIT_ASSERT_EQUAL(std::string("ids.1"), e.data().at(0).second);
    }
  }

  void pattern_is_enforced() {
    InputSchema schema(
        R"({"type":"object","properties":{"id":{"type":"string","pattern":"^[a-z-]+$"}}})");
    CPPUNIT_ASSERT(accepts(schema, R"({"id":"google-ads"})"));
    CPPUNIT_ASSERT(!accepts(schema, R"({"id":"Google Ads!"})"));
  }

  void pattern_schema_is_correct_under_concurrent_validation() {
    const InputSchema schema(
        R"({"type":"object","properties":{"id":{"type":"string","pattern":"^[a-z]+(-[a-z]+)*$"}},"required":["id"]})");
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 3000; ++i) {
          const bool valid = (i + t) % 2 == 0;
          const bool got = accepts(schema, valid ? R"({"id":"google-ads-connector"})"
                                                 : R"({"id":"google-ads-connector-X"})");
          if (got != valid) ++wrong;
        }
      });
    }
    for (auto& t : threads) t.join();
    CPPUNIT_ASSERT_EQUAL(0, wrong.load());
  }

  void broken_schema_is_refused_at_registration() {
    CPPUNIT_ASSERT_THROW(InputSchema("{not json"), std::invalid_argument);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(InputSchemaTest);

}  // namespace
