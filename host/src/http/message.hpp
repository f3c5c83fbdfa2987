// Plain HTTP request and response values: what the FastCGI loop hands to the application and
// gets back. Nothing here knows about FastCGI, tRPC or the database.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace roi::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // upper case, as sent
  std::string path;    // decoded and normalised by nginx ($document_uri)
  std::string query;   // raw query string, still percent-encoded
  std::string content_type;
  std::string remote_addr;  // nginx's peer
  std::string client_addr;  // the real client: remote_addr unless that is a trusted proxy
  Headers headers;          // lower-case names, '-' separated
  std::string body;
  bool body_too_large = false;  // the body exceeded the limit and was discarded

  // The first header with this lower-case name, or an empty view.
  std::string_view header(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  static Response json(int status, std::string body);
  static Response text(int status, std::string body, std::string content_type = "text/plain");
};

// The standard reason phrase for a status code ("Multi-Status" for 207).
std::string_view reason_phrase(int status);

}  // namespace roi::http
