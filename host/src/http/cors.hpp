// CORS for the one frontend origin: its requests get credentialed CORS headers and its
// preflights are answered; any other origin gets no CORS headers and a refused preflight.
#pragma once

#include <string>

#include "http/message.hpp"

namespace roi::http {

class CorsPolicy {
 public:
  explicit CorsPolicy(std::string allowed_origin) : allowed_origin_(std::move(allowed_origin)) {}

  // The answer to an OPTIONS request: 204 with the allowed methods and headers for the allowed
  // origin, 403 for any other origin or a request that is not a preflight.
  Response preflight(const Request& request) const;

  // Adds the CORS headers to a response when the request came from the allowed origin.
  void decorate(const Request& request, Response& response) const;

 private:
  bool allowed(const Request& request) const;

  std::string allowed_origin_;
};

}  // namespace roi::http
