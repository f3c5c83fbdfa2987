// The client address the abuse limits key on: REMOTE_ADDR unless it is a trusted proxy, then the
// last X-Forwarded-For hop that is not one; a forged header from anyone else changes nothing.
#include "http/client_address.hpp"

#include <cppunit/extensions/HelperMacros.h>

using roi::http::client_address;
using roi::http::TrustedProxies;

namespace {

TrustedProxies proxies(const char* list) {
  std::string problem;
  auto p = TrustedProxies::parse(list, problem);
  CPPUNIT_ASSERT_MESSAGE(problem, p.has_value());
  return *p;
}

class ClientAddressTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ClientAddressTest);
  CPPUNIT_TEST(forwarded_header_from_an_untrusted_peer_is_ignored);
  CPPUNIT_TEST(trusted_peer_names_the_hop_before_it);
  CPPUNIT_TEST(hops_added_by_the_client_before_the_proxy_are_not_believed);
  CPPUNIT_TEST(malformed_hop_stops_at_the_last_trusted_one);
  CPPUNIT_TEST(cidr_ranges_match_v4_and_v6);
  CPPUNIT_TEST(bad_lists_are_refused);
  CPPUNIT_TEST_SUITE_END();

 public:
  void forwarded_header_from_an_untrusted_peer_is_ignored() {
    CPPUNIT_ASSERT_EQUAL(std::string("198.51.100.4"),
                         client_address("198.51.100.4", "203.0.113.9, 198.51.100.4", proxies("")));
    CPPUNIT_ASSERT_EQUAL(std::string("198.51.100.4"),
                         client_address("198.51.100.4", "203.0.113.9", proxies("10.0.0.0/8")));
  }

  void trusted_peer_names_the_hop_before_it() {
    // nginx's $proxy_add_x_forwarded_for: what the balancer sent, then the balancer itself.
    CPPUNIT_ASSERT_EQUAL(
        std::string("203.0.113.9"),
        client_address("10.1.2.3", "203.0.113.9, 10.1.2.3", proxies("10.0.0.0/8")));
    CPPUNIT_ASSERT_EQUAL(std::string("10.1.2.3"),
                         client_address("10.1.2.3", "", proxies("10.0.0.0/8")));
  }

  void hops_added_by_the_client_before_the_proxy_are_not_believed() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("203.0.113.9"),
        client_address("10.1.2.3", "1.2.3.4, 203.0.113.9, 10.1.2.3", proxies("10.0.0.0/8")));
  }

  void malformed_hop_stops_at_the_last_trusted_one() {
    CPPUNIT_ASSERT_EQUAL(std::string("10.1.2.3"),
                         client_address("10.1.2.3", "junk, 10.1.2.3", proxies("10.0.0.0/8")));
  }

  void cidr_ranges_match_v4_and_v6() {
    const auto p = proxies(" 192.0.2.0/25 , 2001:db8::/32,127.0.0.1");
    CPPUNIT_ASSERT(p.contains("192.0.2.127"));
    CPPUNIT_ASSERT(!p.contains("192.0.2.128"));
    CPPUNIT_ASSERT(p.contains("2001:db8:1::5"));
    CPPUNIT_ASSERT(!p.contains("2001:db9::5"));
    CPPUNIT_ASSERT(p.contains("127.0.0.1"));
    CPPUNIT_ASSERT(!p.contains("127.0.0.2"));
    CPPUNIT_ASSERT(!p.contains("not an address"));
  }

  void bad_lists_are_refused() {
    std::string problem;
    CPPUNIT_ASSERT(!TrustedProxies::parse("10.0.0.0/33", problem));
    CPPUNIT_ASSERT(!TrustedProxies::parse("example.com", problem));
    CPPUNIT_ASSERT(!TrustedProxies::parse("10.0.0.1/", problem));
    CPPUNIT_ASSERT(!TrustedProxies::parse("10.0.0.1,,", problem));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ClientAddressTest);

}  // namespace
