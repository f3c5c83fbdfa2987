// Passwords are stored as bcrypt $2b$ hashes at the configured cost, verify only the exact
// password, are never silently truncated, and unknown accounts cost as much time as wrong ones.
#include "auth/password_hasher.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>
#include <string>

using roi::auth::password_problem;
using roi::auth::PasswordHasher;

namespace {

// Cheap cost for the behaviour tests; the timing test uses a cost where bcrypt dominates.
const PasswordHasher& fast_hasher() {
  static const PasswordHasher hasher(4);
  return hasher;
}

template <typename F>
double median_ms(F f) {
  // CPU time of this thread, not wall time: bcrypt is pure computation, and wall time would
  // measure whatever else the machine is running.
  auto cpu_ms = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
  };
  std::vector<double> runs;
  for (int i = 0; i < 5; ++i) {
    const double t0 = cpu_ms();
    f();
    runs.push_back(cpu_ms() - t0);
  }
  std::sort(runs.begin(), runs.end());
  return runs[2];
}

class PasswordHasherTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PasswordHasherTest);
  CPPUNIT_TEST(hash_is_bcrypt_2b_with_configured_cost_and_no_password_in_it);
  CPPUNIT_TEST(same_password_gets_a_different_salt_each_time);
  CPPUNIT_TEST(verify_accepts_the_password_and_refuses_any_other);
  CPPUNIT_TEST(password_longer_than_72_bytes_is_refused_not_truncated);
  CPPUNIT_TEST(password_differing_after_byte_72_never_verifies);
  CPPUNIT_TEST(password_with_nul_is_refused);
  CPPUNIT_TEST(short_password_is_refused_counting_characters_not_bytes);
  CPPUNIT_TEST(verify_refuses_a_hash_that_is_not_bcrypt);
  CPPUNIT_TEST(unknown_account_costs_as_much_as_a_wrong_password);
  CPPUNIT_TEST_SUITE_END();

 public:
  void hash_is_bcrypt_2b_with_configured_cost_and_no_password_in_it() {
    const std::string h = PasswordHasher(5).hash("correct horse battery");
    CPPUNIT_ASSERT_EQUAL(std::string("$2b$05$"), h.substr(0, 7));
    CPPUNIT_ASSERT_EQUAL(std::size_t{60}, h.size());
    CPPUNIT_ASSERT(h.find("correct") == std::string::npos);
  }

  void same_password_gets_a_different_salt_each_time() {
    CPPUNIT_ASSERT(fast_hasher().hash("same password") != fast_hasher().hash("same password"));
  }

  void verify_accepts_the_password_and_refuses_any_other() {
    const std::string h = fast_hasher().hash("s3cret-passw0rd");
    CPPUNIT_ASSERT(fast_hasher().verify("s3cret-passw0rd", h));
    CPPUNIT_ASSERT(!fast_hasher().verify("s3cret-passw0rD", h));
    CPPUNIT_ASSERT(!fast_hasher().verify("", h));
  }

  void password_longer_than_72_bytes_is_refused_not_truncated() {
    const std::string long_pw(73, 'a');
    CPPUNIT_ASSERT(password_problem(long_pw) != nullptr);
    CPPUNIT_ASSERT_THROW(fast_hasher().hash(long_pw), std::invalid_argument);
    CPPUNIT_ASSERT(password_problem(std::string(72, 'a')) == nullptr);
  }

  void password_differing_after_byte_72_never_verifies() {
    const std::string base(72, 'x');
    const std::string h = fast_hasher().hash(base);
    // bcrypt alone would accept this: it ignores everything past byte 72.
    CPPUNIT_ASSERT(!fast_hasher().verify(base + "anything", h));
  }

  void password_with_nul_is_refused() {
    const std::string with_nul("abcdefgh\0ijk", 12);
    CPPUNIT_ASSERT(password_problem(with_nul) != nullptr);
    const std::string h = fast_hasher().hash("abcdefgh");
    CPPUNIT_ASSERT(!fast_hasher().verify(with_nul, h));
  }

  void short_password_is_refused_counting_characters_not_bytes() {
    CPPUNIT_ASSERT(password_problem("1234567") != nullptr);
    // Seven characters, 21 bytes: still too short.
    CPPUNIT_ASSERT(password_problem("\xe5\xaf\x86\xe5\xaf\x86\xe5\xaf\x86\xe5\xaf\x86\xe5\xaf\x86"
                                    "\xe5\xaf\x86\xe5\xaf\x86") != nullptr);
    CPPUNIT_ASSERT(password_problem("12345678") == nullptr);
  }

  void verify_refuses_a_hash_that_is_not_bcrypt() {
    CPPUNIT_ASSERT(!fast_hasher().verify("password1", "password1"));
    CPPUNIT_ASSERT(!fast_hasher().verify("password1", ""));
    CPPUNIT_ASSERT(!fast_hasher().verify("password1", "$1$abc$def"));
  }

  void unknown_account_costs_as_much_as_a_wrong_password() {
    const PasswordHasher hasher(9);
    const std::string h = hasher.hash("the real password");
    const double wrong = median_ms([&] { hasher.verify("a wrong password", h); });
    const double unknown = median_ms([&] { hasher.verify_unknown_account("a wrong password"); });
    CPPUNIT_ASSERT_MESSAGE(std::to_string(wrong) + " vs " + std::to_string(unknown),
                           unknown > wrong * 0.7 && unknown < wrong * 1.4);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PasswordHasherTest);

}  // namespace
