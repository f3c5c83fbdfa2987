// A response header holding CR, LF or NUL never reaches the CGI head, where it could add headers
// or a body of the caller's choosing; the rest of the response is written as usual.
#include <cppunit/extensions/HelperMacros.h>

#include "fcgi/server.hpp"

using roi::fcgi::response_head;
using roi::http::Response;

namespace {

class ResponseHeadTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ResponseHeadTest);
  CPPUNIT_TEST(headers_are_written_in_order);
  CPPUNIT_TEST(header_with_cr_lf_or_nul_is_dropped);
  CPPUNIT_TEST_SUITE_END();

 public:
  void headers_are_written_in_order() {
    Response r = Response::json(201, "{}");
    r.headers.emplace_back("Retry-After", "7");
    std::vector<std::string> dropped;
    CPPUNIT_ASSERT_EQUAL(std::string("Status: 201 Created\r\nContent-Type: application/json\r\n"
                                     "Retry-After: 7\r\nContent-Length: 2\r\n\r\n"),
                         response_head(r, dropped));
    CPPUNIT_ASSERT(dropped.empty());
  }

  void header_with_cr_lf_or_nul_is_dropped() {
    Response r = Response::json(200, "{}");
    r.headers.emplace_back("Location", "/a\r\nSet-Cookie: session=stolen");
    r.headers.emplace_back("X-Name", "line\nbreak");
    r.headers.emplace_back(std::string("X-Nul", 5), std::string("a\0b", 3));
    r.headers.emplace_back("X-Split\r\nInjected", "1");
    r.headers.emplace_back("X-Kept", "ok");
    std::vector<std::string> dropped;
    const std::string head = response_head(r, dropped);
    CPPUNIT_ASSERT_EQUAL(std::string("Status: 200 OK\r\nContent-Type: application/json\r\n"
                                     "X-Kept: ok\r\nContent-Length: 2\r\n\r\n"),
                         head);
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, dropped.size());
    CPPUNIT_ASSERT_EQUAL(std::string("Location"), dropped[0]);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ResponseHeadTest);

}  // namespace
