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
  CPPUNIT_TEST(shipped_config_file_is_valid);
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

  void shipped_config_file_is_valid() {
    auto s = roi::config::load_settings("conf/roi.yaml", kDb);
    CPPUNIT_ASSERT(s.server.threads >= 2);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SettingsTest);

}  // namespace
