#include "http/cors.hpp"

namespace roi::http {
namespace {

// What @trpc/client sends: JSON bodies, a bearer token, and tRPC's own headers.
constexpr const char* kAllowedHeaders = "content-type, authorization, trpc-accept, x-trpc-source";
constexpr const char* kAllowedMethods = "GET, POST, OPTIONS";

}  // namespace

bool CorsPolicy::allowed(const Request& request) const {
  return request.header("origin") == allowed_origin_;
}

Response CorsPolicy::preflight(const Request& request) const {
  if (!allowed(request) || request.header("access-control-request-method").empty()) {
    return Response::json(403,
                          R"({"error":{"message":"Cross-origin request refused","code":-32003,)"
                          R"("data":{"code":"FORBIDDEN","httpStatus":403}}})");
  }
  Response response{204, {}, {}};
  response.headers = {{"Access-Control-Allow-Methods", kAllowedMethods},
                      {"Access-Control-Allow-Headers", kAllowedHeaders},
                      {"Access-Control-Max-Age", "600"}};
  return response;
}

void CorsPolicy::decorate(const Request& request, Response& response) const {
  // Caches must not hand one origin's answer to another.
  response.headers.emplace_back("Vary", "Origin");
  if (!allowed(request)) return;
  response.headers.emplace_back("Access-Control-Allow-Origin", allowed_origin_);
  response.headers.emplace_back("Access-Control-Allow-Credentials", "true");
}

}  // namespace roi::http
