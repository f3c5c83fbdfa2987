// The HTTP client the host lends to connectors (libcurl): http(s) only, no redirects, a size
// cap on answers and a hard timeout, with every failure returned as a value.
#pragma once

#include <chrono>
#include <cstddef>
#include <roi/sdk/host_services.hpp>

namespace roi::net {

class CurlClient {
 public:
  explicit CurlClient(std::size_t max_response_bytes = 64u << 20);
  ~CurlClient();
  CurlClient(const CurlClient&) = delete;
  CurlClient& operator=(const CurlClient&) = delete;

  // Never throws. `max_timeout` bounds the request's own timeout (the call's remaining time).
  sdk::HttpResponse send(const sdk::HttpRequest& request, std::chrono::milliseconds max_timeout);

 private:
  std::size_t max_response_bytes_;
};

}  // namespace roi::net
