// A connector's settings are resolved from its own declaration: the ROI_CONNECTOR_<ID>_<KEY>
// variable, then its aliases, then the configuration file, then the declared default; required
// ones nobody set and file keys it never declared are reported by name.
#include "plugins/connector_settings.hpp"

#include <cppunit/extensions/HelperMacros.h>

using roi::plugins::resolve_settings;
using roi::plugins::SettingSources;

namespace {

roi::sdk::Description acme() {
  roi::sdk::Description d{"acme-ads", "Acme Ads", "1.0.0", {}};
  d.settings = {{"api_key", "the key", true, true, std::nullopt, {"ACME_KEY"}},
                {"base_url", "the API origin", false, false, "https://api.acme.test"},
                {"region", "optional", false, false}};
  return d;
}

class ConnectorSettingsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ConnectorSettingsTest);
  CPPUNIT_TEST(environment_wins_over_alias_file_and_default);
  CPPUNIT_TEST(alias_then_file_then_default_fill_in);
  CPPUNIT_TEST(an_empty_value_is_no_value);
  CPPUNIT_TEST(missing_required_and_undeclared_file_keys_are_named);
  CPPUNIT_TEST_SUITE_END();

 public:
  void environment_wins_over_alias_file_and_default() {
    SettingSources s;
    s.environment = {{"ROI_CONNECTOR_ACME_ADS_API_KEY", "env"},
                     {"ACME_KEY", "alias"},
                     {"ROI_CONNECTOR_ACME_ADS_BASE_URL", "http://env"}};
    s.file["acme-ads"]["api_key"] = "file";
    const auto r = resolve_settings(acme(), s);
    CPPUNIT_ASSERT_EQUAL(std::string("env"), r.values.at("api_key"));
    CPPUNIT_ASSERT_EQUAL(std::string("http://env"), r.values.at("base_url"));
    CPPUNIT_ASSERT(r.missing.empty() && r.unknown.empty());
  }

  void alias_then_file_then_default_fill_in() {
    SettingSources s;
    s.environment = {{"ACME_KEY", "alias"}};
    s.file["acme-ads"]["api_key"] = "file";
    s.file["acme-ads"]["region"] = "eu";
    const auto r = resolve_settings(acme(), s);
    CPPUNIT_ASSERT_EQUAL(std::string("alias"), r.values.at("api_key"));
    CPPUNIT_ASSERT_EQUAL(std::string("eu"), r.values.at("region"));
    CPPUNIT_ASSERT_EQUAL(std::string("https://api.acme.test"), r.values.at("base_url"));
    s.environment.clear();
    CPPUNIT_ASSERT_EQUAL(std::string("file"), resolve_settings(acme(), s).values.at("api_key"));
  }

  void an_empty_value_is_no_value() {
    SettingSources s;
    s.environment = {{"ROI_CONNECTOR_ACME_ADS_BASE_URL", ""}, {"ACME_KEY", "k"}};
    const auto r = resolve_settings(acme(), s);
    CPPUNIT_ASSERT_EQUAL(std::string("https://api.acme.test"), r.values.at("base_url"));
    CPPUNIT_ASSERT(!r.values.contains("region"));
  }

  void missing_required_and_undeclared_file_keys_are_named() {
    SettingSources s;
    s.file["acme-ads"]["apikey"] = "typo";
    s.file["other"]["api_key"] = "not ours";
    const auto r = resolve_settings(acme(), s);
    CPPUNIT_ASSERT(r.missing == std::vector<std::string>{"api_key"});
    CPPUNIT_ASSERT(r.unknown == std::vector<std::string>{"apikey"});
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConnectorSettingsTest);

}  // namespace
