// CORS admits exactly the frontend origin, with credentials; other origins get no CORS headers
// and their preflights are refused.
#include "http/cors.hpp"

#include <cppunit/extensions/HelperMacros.h>

using roi::http::CorsPolicy;
using roi::http::Request;
using roi::http::Response;

namespace {

const CorsPolicy kPolicy("https://app.example.com");

Request from(const std::string& origin, const std::string& method = "GET") {
  Request r;
  r.method = method;
  r.headers = {{"origin", origin}};
  if (method == "OPTIONS") r.headers.emplace_back("access-control-request-method", "POST");
  return r;
}

std::string header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

class CorsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CorsTest);
  CPPUNIT_TEST(allowed_origin_gets_credentialed_cors_headers);
  CPPUNIT_TEST(other_origin_gets_no_cors_headers);
  CPPUNIT_TEST(preflight_from_allowed_origin_is_answered);
  CPPUNIT_TEST(preflight_from_other_origin_is_forbidden);
  CPPUNIT_TEST_SUITE_END();

 public:
  void allowed_origin_gets_credentialed_cors_headers() {
    Response r;
    kPolicy.decorate(from("https://app.example.com"), r);
    CPPUNIT_ASSERT_EQUAL(std::string("https://app.example.com"),
                         header(r, "Access-Control-Allow-Origin"));
    CPPUNIT_ASSERT_EQUAL(std::string("true"), header(r, "Access-Control-Allow-Credentials"));
  }

  void other_origin_gets_no_cors_headers() {
    for (const char* origin : {"https://evil.example", "https://app.example.com.evil.example",
                               "http://app.example.com", "null", ""}) {
      Response r;
      kPolicy.decorate(from(origin), r);
      CPPUNIT_ASSERT_EQUAL(std::string(), header(r, "Access-Control-Allow-Origin"));
      CPPUNIT_ASSERT_EQUAL(std::string(), header(r, "Access-Control-Allow-Credentials"));
    }
  }

  void preflight_from_allowed_origin_is_answered() {
    const Response r = kPolicy.preflight(from("https://app.example.com", "OPTIONS"));
    CPPUNIT_ASSERT_EQUAL(204, r.status);
    CPPUNIT_ASSERT(header(r, "Access-Control-Allow-Methods").find("POST") != std::string::npos);
    CPPUNIT_ASSERT(header(r, "Access-Control-Allow-Headers").find("content-type") !=
                   std::string::npos);
  }

  void preflight_from_other_origin_is_forbidden() {
    CPPUNIT_ASSERT_EQUAL(403, kPolicy.preflight(from("https://evil.example", "OPTIONS")).status);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CorsTest);

}  // namespace
