// The migration files are checked before anything touches the database: names, order, gaps.
#include "store/migrations.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>

using roi::store::load_migrations;
using roi::store::MigrationError;

namespace {

class MigrationFilesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(MigrationFilesTest);
  CPPUNIT_TEST(project_migrations_load_in_order);
  CPPUNIT_TEST(gap_in_numbering_is_refused);
  CPPUNIT_TEST(badly_named_file_is_refused);
  CPPUNIT_TEST(missing_folder_is_refused);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("roi-mig-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
  }
  void tearDown() override { std::filesystem::remove_all(dir_); }

  void write(const std::string& name) { std::ofstream(dir_ / name) << "SELECT 1;"; }

  void project_migrations_load_in_order() {
    auto all = load_migrations("sql");
    CPPUNIT_ASSERT(!all.empty());
    for (std::size_t i = 0; i < all.size(); ++i) {
      CPPUNIT_ASSERT_EQUAL(static_cast<int>(i) + 1, all[i].version);
      CPPUNIT_ASSERT_EQUAL(std::size_t{64}, all[i].checksum.size());
    }
    CPPUNIT_ASSERT_EQUAL(std::string("0001_core"), all[0].name);
  }

  void gap_in_numbering_is_refused() {
    write("0001_a.sql");
    write("0003_c.sql");
    CPPUNIT_ASSERT_THROW(load_migrations(dir_), MigrationError);
  }

  void badly_named_file_is_refused() {
    write("0001_a.sql");
    write("2_b.sql");
    CPPUNIT_ASSERT_THROW(load_migrations(dir_), MigrationError);
  }

  void missing_folder_is_refused() {
    CPPUNIT_ASSERT_THROW(load_migrations(dir_ / "absent"), MigrationError);
  }

 private:
  std::filesystem::path dir_;
  static inline int counter_ = 0;
};

CPPUNIT_TEST_SUITE_REGISTRATION(MigrationFilesTest);

}  // namespace
