// A connector's self-description is hostile input: its declared settings and connect form are
// checked before the host files the connector under its id.
#include "connector/output_checks.hpp"

#include <cppunit/extensions/HelperMacros.h>

namespace {

using namespace roi;

sdk::Description described(std::vector<sdk::SettingSpec> settings) {
  sdk::Description d{"acme-ads", "Acme Ads", "1.0.0", {sdk::Capability::Ads}};
  d.connect = {sdk::ConnectMethod::Form, R"({"type":"object"})"};
  d.settings = std::move(settings);
  return d;
}

std::string problem(const sdk::Description& d) { return plugins::check(d).value_or("accepted"); }

class OutputChecksTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(OutputChecksTest);
  CPPUNIT_TEST(accepts_declared_settings_with_spec_aliases);
  CPPUNIT_TEST(refuses_setting_keys_that_are_no_environment_suffix);
  CPPUNIT_TEST(refuses_a_setting_declared_twice);
  CPPUNIT_TEST(refuses_aliases_that_are_no_environment_names);
  CPPUNIT_TEST(refuses_an_unknown_connect_method);
  CPPUNIT_TEST(refuses_a_form_that_is_not_an_object_of_strings);
  CPPUNIT_TEST(refuses_a_form_where_no_method_reads_one);
  CPPUNIT_TEST(reads_secret_and_account_fields_of_an_accepted_form);
  CPPUNIT_TEST_SUITE_END();

 public:
  void accepts_declared_settings_with_spec_aliases() {
    sdk::SettingSpec id{"client_id", "OAuth client id", true,
                        false,       std::nullopt,      {"GOOGLE_ADS_CLIENT_ID"}};
    sdk::SettingSpec base{"api_base_url", "", false, false, "https://api.example.com", {}};
    CPPUNIT_ASSERT_EQUAL(std::string("accepted"), problem(described({id, base})));
  }

  void refuses_setting_keys_that_are_no_environment_suffix() {
    for (const char* key : {"", "Client_Id", "client-id", "client id", "ключ"}) {
      const auto p = problem(described({{key, "", false, false, std::nullopt, {}}}));
      CPPUNIT_ASSERT_MESSAGE(key, p.find("setting key") != std::string::npos);
    }
  }

  void refuses_a_setting_declared_twice() {
    sdk::SettingSpec s{"token", "", false, true, std::nullopt, {}};
    CPPUNIT_ASSERT_EQUAL(std::string("setting 'token' declared twice"), problem(described({s, s})));
  }

  void refuses_aliases_that_are_no_environment_names() {
    for (const char* alias : {"", "lower_case", "A=B", "JWT SECRET"}) {
      sdk::SettingSpec s{"token", "", false, true, std::nullopt, {alias}};
      CPPUNIT_ASSERT_MESSAGE(alias, problem(described({s})).find("alias") != std::string::npos);
    }
  }

  void refuses_an_unknown_connect_method() {
    auto d = described({});
    d.connect.method = static_cast<sdk::ConnectMethod>(7);
    CPPUNIT_ASSERT_EQUAL(std::string("unknown connect method"), problem(d));
  }

  void refuses_a_form_that_is_not_an_object_of_strings() {
    for (const char* form : {"[1]", R"({"type":"array"})", "{not json",
                             R"({"type":"object","properties":{"n":{"type":"integer"}}})",
                             R"({"type":"object","properties":{"Api Key":{"type":"string"}}})"}) {
      auto d = described({});
      d.connect.form_schema = form;
      CPPUNIT_ASSERT_MESSAGE(form, problem(d).find("connect form") != std::string::npos);
    }
    auto d = described({});
    d.connect.form_schema =
        R"({"type":"object","properties":{"api_key":{"type":"string","writeOnly":true}}})";
    CPPUNIT_ASSERT_EQUAL(std::string("accepted"), problem(d));
  }

  void refuses_a_form_where_no_method_reads_one() {
    auto d = described({});
    d.connect.method = sdk::ConnectMethod::None;
    CPPUNIT_ASSERT(problem(d).find("form") != std::string::npos);
    d.connect = {sdk::ConnectMethod::Form, ""};
    CPPUNIT_ASSERT(problem(d).find("form") != std::string::npos);
  }

  // The host and the acceptance kit read a form the same way; an accepted form may have no
  // properties at all (the kit used to refuse that one).
  void reads_secret_and_account_fields_of_an_accepted_form() {
    auto d = described({});
    d.connect.form_schema = R"({"type":"object"})";
    CPPUNIT_ASSERT_EQUAL(std::string("accepted"), problem(d));
    const auto none = plugins::form_fields(d.connect.form_schema);
    CPPUNIT_ASSERT(none.secrets.empty() && none.account_field.empty());
    const auto fields = plugins::form_fields(
        R"({"type":"object","properties":{"shop":{"type":"string","x-roi-account":true},)"
        R"("key":{"type":"string","writeOnly":true},"token":{"type":"string","writeOnly":true}}})");
    CPPUNIT_ASSERT_EQUAL(std::string("shop"), fields.account_field);
    CPPUNIT_ASSERT((fields.secrets == std::vector<std::string>{"key", "token"}));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OutputChecksTest);

}  // namespace
