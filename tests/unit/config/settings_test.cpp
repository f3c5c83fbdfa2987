// Configuration is refused at start when a key is unknown or a value invalid, with a message
// that names the key; environment variables override the file.
#include "config/settings.hpp"

#include <cppunit/extensions/HelperMacros.h>

using roi::config::ConfigError;
using roi::config::Environment;
using roi::config::parse_settings;

namespace {

const Environment kDb = {{"DATABASE_URL", "postgresql://u@127.0.0.1/db"}};

std::string error_of(const std::string& yaml, const Environment& env = kDb) {
  try {
    parse_settings(yaml, "roi.yaml", env);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

class SettingsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SettingsTest);
  CPPUNIT_TEST(defaults_apply_when_file_is_empty);
  CPPUNIT_TEST(file_values_are_read);
  CPPUNIT_TEST(environment_overrides_file);
  CPPUNIT_TEST(unknown_key_is_refused_by_name);
  CPPUNIT_TEST(invalid_number_is_refused_by_name);
  CPPUNIT_TEST(out_of_range_number_is_refused);
  CPPUNIT_TEST(invalid_env_value_is_refused);
  CPPUNIT_TEST(missing_database_url_is_refused_naming_the_variable);
  CPPUNIT_TEST(section_given_a_scalar_is_refused);
  CPPUNIT_TEST(malformed_yaml_is_refused);
  CPPUNIT_TEST(keys_that_are_not_names_are_refused);
  CPPUNIT_TEST(shipped_config_file_is_valid);
  CPPUNIT_TEST(platform_without_own_lookback_takes_the_default);
  CPPUNIT_TEST(platform_lookback_from_file_and_environment);
  CPPUNIT_TEST(lookback_for_any_connector_id_is_taken);
  CPPUNIT_TEST(lookback_not_naming_a_connector_id_is_refused_by_name);
  CPPUNIT_TEST(out_of_range_platform_lookback_is_refused);
  CPPUNIT_TEST(connector_settings_of_any_connector_are_read);
  CPPUNIT_TEST(connector_settings_of_wrong_shape_are_refused_by_name);
  CPPUNIT_TEST(billing_connector_must_be_a_connector_id);
  CPPUNIT_TEST_SUITE_END();

 public:
  void defaults_apply_when_file_is_empty() {
    auto s = parse_settings("", "roi.yaml", kDb);
    CPPUNIT_ASSERT_EQUAL(64, s.server.threads);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1048576}, s.server.max_body_bytes);
    CPPUNIT_ASSERT_EQUAL(std::string("postgresql://u@127.0.0.1/db"), s.database.url);
  }

  void file_values_are_read() {
    auto s = parse_settings("server:\n  threads: 8\nlog:\n  level: warn\n", "roi.yaml", kDb);
    CPPUNIT_ASSERT_EQUAL(8, s.server.threads);
    CPPUNIT_ASSERT_EQUAL(std::string("warn"), s.log.level);
  }

  void environment_overrides_file() {
    Environment env = kDb;
    env["ROI_FCGI_THREADS"] = "12";
    auto s = parse_settings("server:\n  threads: 8\n", "roi.yaml", env);
    CPPUNIT_ASSERT_EQUAL(12, s.server.threads);
  }

  void unknown_key_is_refused_by_name() {
    auto e = error_of("server:\n  thread: 8\n");
    CPPUNIT_ASSERT_MESSAGE(e, contains(e, "unknown configuration key 'server.thread'"));
  }

  void invalid_number_is_refused_by_name() {
    auto e = error_of("server:\n  threads: many\n");
    CPPUNIT_ASSERT_MESSAGE(e, contains(e, "'server.threads'") && contains(e, "'many'"));
  }

  void out_of_range_number_is_refused() {
    auto e = error_of("database:\n  pool_size: 0\n");
    CPPUNIT_ASSERT_MESSAGE(e, contains(e, "'database.pool_size'"));
  }

  void invalid_env_value_is_refused() {
    Environment env = kDb;
    env["ROI_LOG_LEVEL"] = "loud";
    auto e = error_of("", env);
    CPPUNIT_ASSERT_MESSAGE(e, contains(e, "'log.level'") && contains(e, "'loud'"));
  }

  void missing_database_url_is_refused_naming_the_variable() {
    auto e = error_of("", {});
    CPPUNIT_ASSERT_MESSAGE(e, contains(e, "database.url") && contains(e, "DATABASE_URL"));
  }

  void section_given_a_scalar_is_refused() {
    auto e = error_of("server: 5\n");
    CPPUNIT_ASSERT_MESSAGE(e, contains(e, "server"));
  }

  void malformed_yaml_is_refused() {
    auto e = error_of("server: [unclosed\n");
    CPPUNIT_ASSERT_MESSAGE(e, contains(e, "not valid YAML"));
  }

  // Found by tests/fuzz/config_loader: a YAML key may itself be a mapping ("? a: b"), which
  // escaped as yaml-cpp's bad-conversion exception and ended the host without naming the key.
  void keys_that_are_not_names_are_refused() {
    for (const char* yaml :
         {"server:\n  ? threads: 4\n  : 8\n", "? [a, b]\n: 1\n",
          "connectors:\n  ? {x: 1}\n  : {}\n", "connectors:\n  example:\n    ? [k]\n    : v\n"}) {
      auto e = error_of(yaml);
      CPPUNIT_ASSERT_MESSAGE(e, contains(e, "has a key that is not a name"));
    }
  }

  void shipped_config_file_is_valid() {
    auto s = roi::config::load_settings("conf/roi.yaml", kDb);
    CPPUNIT_ASSERT(s.server.threads >= 2);
    // The shipped file names no platform: each re-reads the default.
    CPPUNIT_ASSERT(s.sync.lookback_days_by_platform.empty());
    CPPUNIT_ASSERT(s.connectors.empty());
  }

  void platform_without_own_lookback_takes_the_default() {
    Environment env = kDb;
    env["ROI_SYNC_LOOKBACK_DAYS"] = "12";
    auto s = parse_settings("sync:\n  lookback:\n    meta: 28\n", "roi.yaml", env);
    CPPUNIT_ASSERT_EQUAL(12, s.sync.lookback_for("google-ads"));
    CPPUNIT_ASSERT_EQUAL(12, s.sync.lookback_for("shopify"));
    CPPUNIT_ASSERT_EQUAL(28, s.sync.lookback_for("meta"));
    CPPUNIT_ASSERT_EQUAL(std::string("12"), roi::config::setting_value(s, "sync.lookback.shopify"));
  }

  void platform_lookback_from_file_and_environment() {
    Environment env = kDb;
    env["ROI_SYNC_LOOKBACK_GOOGLE_ADS"] = "90";
    auto s = parse_settings(
        "sync:\n  lookback_days: 20\n  lookback:\n    google_ads: 45\n"
        "    shopify: 0\n",
        "roi.yaml", env);
    CPPUNIT_ASSERT_EQUAL(90, s.sync.lookback_for("google-ads"));
    CPPUNIT_ASSERT_EQUAL(0, s.sync.lookback_for("shopify"));
    CPPUNIT_ASSERT_EQUAL(20, s.sync.lookback_for("meta"));
  }

  void lookback_for_any_connector_id_is_taken() {
    Environment env = kDb;
    env["ROI_SYNC_LOOKBACK_ACME_ADS"] = "3";
    auto s =
        parse_settings("sync:\n  lookback:\n    tiktok: 14\n    acme-ads: 9\n", "roi.yaml", env);
    CPPUNIT_ASSERT_EQUAL(14, s.sync.lookback_for("tiktok"));
    CPPUNIT_ASSERT_EQUAL(3, s.sync.lookback_for("acme-ads"));
    CPPUNIT_ASSERT_EQUAL(std::string("14"), roi::config::setting_value(s, "sync.lookback.tiktok"));
  }

  void lookback_not_naming_a_connector_id_is_refused_by_name() {
    for (const char* name : {"\"Google Ads\"", "-meta", "a.b"}) {
      auto e = error_of(std::string("sync:\n  lookback:\n    ") + name + ": 7\n");
      CPPUNIT_ASSERT_MESSAGE(e, contains(e, "sync.lookback.") && contains(e, "connector id"));
    }
    Environment env = kDb;
    env["ROI_SYNC_LOOKBACK_GOOGLE.ADS"] = "90";
    auto e = error_of("", env);
    CPPUNIT_ASSERT_MESSAGE(e, contains(e, "'ROI_SYNC_LOOKBACK_GOOGLE.ADS'"));
  }

  void out_of_range_platform_lookback_is_refused() {
    auto e = error_of("sync:\n  lookback:\n    meta: 400\n");
    CPPUNIT_ASSERT_MESSAGE(e, contains(e, "'sync.lookback.meta'") && contains(e, "'400'"));
  }

  void connector_settings_of_any_connector_are_read() {
    auto s =
        parse_settings("connectors:\n  acme-ads:\n    api_base_url: http://x\n    page_size: 50\n",
                       "roi.yaml", kDb);
    CPPUNIT_ASSERT_EQUAL(std::string("http://x"), s.connectors.at("acme-ads").at("api_base_url"));
    CPPUNIT_ASSERT_EQUAL(std::string("50"), s.connectors.at("acme-ads").at("page_size"));
  }

  void connector_settings_of_wrong_shape_are_refused_by_name() {
    CPPUNIT_ASSERT(contains(error_of("connectors: 5\n"), "'connectors'"));
    CPPUNIT_ASSERT(contains(error_of("connectors:\n  Acme: {}\n"), "'connectors.Acme'"));
    CPPUNIT_ASSERT(contains(error_of("connectors:\n  acme: 5\n"), "'connectors.acme'"));
    CPPUNIT_ASSERT(
        contains(error_of("connectors:\n  acme:\n    Key: 1\n"), "'connectors.acme.Key'"));
    CPPUNIT_ASSERT(contains(error_of("connectors:\n  acme:\n    k: [1]\n"), "'connectors.acme.k'"));
  }

  void billing_connector_must_be_a_connector_id() {
    CPPUNIT_ASSERT(contains(error_of("billing:\n  connector: Not An Id\n"), "billing.connector"));
    CPPUNIT_ASSERT_EQUAL(
        std::string("acme-pay"),
        parse_settings("billing:\n  connector: acme-pay\n", "roi.yaml", kDb).billing.connector);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SettingsTest);

}  // namespace
