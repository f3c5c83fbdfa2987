// Plain request/response values and a regex router for the platform simulator. Platform files
// register handlers here; the Beast server in server.hpp only moves bytes.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace roi::sim {

// Decoded query or form parameters. The first occurrence of a repeated key wins.
using Params = std::map<std::string, std::string>;

std::string url_decode(std::string_view text, bool plus_is_space = true);
std::string url_encode(std::string_view text);
Params parse_form(std::string_view text);
std::string encode_form(const Params& params);

struct Request {
  std::string method;
  std::string target;  // as received: path plus query
  std::string path;
  std::string query;                           // raw, without '?'
  Params params;                               // decoded query
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::vector<std::string> captures;  // regex groups of the matched route

  // Empty when absent. `name` must be lower case.
  std::string header(const std::string& name) const;
  bool has_header(const std::string& name) const { return headers.count(name) != 0; }
  // Parameter from the query, or "" when absent.
  std::string param(const std::string& name) const;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json; charset=UTF-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // a slow reply: the server waits this long before writing

  static Response json(unsigned status, std::string body);
  static Response html(unsigned status, std::string body);
  static Response text(unsigned status, std::string body);
  static Response redirect(const std::string& location);
};

using Handler = std::function<Response(Request&)>;
using Observer = std::function<void(const Request&, const Response&)>;

class Router {
 public:
  // `pattern` is an ECMAScript regex that must match the whole path; its groups become
  // Request::captures.
  void add(std::string method, const std::string& pattern, Handler handler);
  // Called after every dispatched request, in the order added (the request log, the state file).
  void observe(Observer observer) { observers_.push_back(std::move(observer)); }
  // Never throws: a handler's exception becomes a 500 naming the simulator, not the platform.
  Response dispatch(Request& req) const;

 private:
  struct Route {
    std::string method;
    std::regex pattern;
    Handler handler;
  };
  Response route(Request& req) const;
  std::vector<Route> routes_;
  std::vector<Observer> observers_;
};

}  // namespace roi::sim
