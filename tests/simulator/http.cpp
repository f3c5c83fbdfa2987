// Request/response helpers and the router of the platform simulator.
#include "http.hpp"

#include <array>
#include <cctype>
#include <exception>
#include <iostream>
#include <roi/sdk/helpers/encoding.hpp>

namespace roi::sim {

namespace {

constexpr std::size_t kMaxPath = 2048;

}  // namespace

std::string url_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (const auto byte =
                   c == '%' ? sdk::helpers::from_hex(text.substr(i + 1, 2)) : std::nullopt;
               byte && byte->size() == 1) {
      out += *byte;
      i += 2;
    } else {
      out.push_back(c);  // a stray '%' stays literal, as lenient servers do
    }
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Params parse_form(std::string_view text) {
  Params out;
  while (!text.empty()) {
    const auto amp = text.find('&');
    const auto pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string key = url_decode(pair.substr(0, eq));
    std::string value =
        eq == std::string_view::npos ? std::string{} : url_decode(pair.substr(eq + 1));
    out.emplace(std::move(key), std::move(value));
  }
  return out;
}

std::string encode_form(const Params& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out.push_back('&');
    out += url_encode(k) + "=" + url_encode(v);
  }
  return out;
}

std::string Request::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string{} : it->second;
}

std::string Request::param(const std::string& name) const {
  const auto it = params.find(name);
  return it == params.end() ? std::string{} : it->second;
}

Response Response::json(unsigned status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::html(unsigned status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=UTF-8";
  r.body = std::move(body);
  return r;
}

Response Response::text(unsigned status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=UTF-8";
  r.body = std::move(body);
  return r;
}

Response Response::redirect(const std::string& location) {
  Response r = html(302, "<a href=\"" + location + "\">Moved</a>");
  r.headers.emplace_back("Location", location);
  return r;
}

void Router::add(std::string method, const std::string& pattern, Handler handler) {
  routes_.push_back(
      Route{std::move(method), std::regex(pattern, std::regex::ECMAScript), std::move(handler)});
}

Response Router::route(Request& req) const {
  // std::regex recurses per character; a hostile path must not reach it.
  if (req.path.size() > kMaxPath) return Response::text(414, "URI Too Long");
  bool path_known = false;
  for (const auto& r : routes_) {
    std::smatch m;
    if (!std::regex_match(req.path, m, r.pattern)) continue;
    path_known = true;
    if (r.method != req.method) continue;
    req.captures.clear();
    for (std::size_t i = 1; i < m.size(); ++i) req.captures.push_back(m[i].str());
    return r.handler(req);
  }
  if (path_known) return Response::text(405, "Method Not Allowed");
  return Response::text(
      404, "Not Found: the simulator has no route for this path (see tests/simulator/README.md)");
}

Response Router::dispatch(Request& req) const {
  Response res;
  try {
    res = route(req);
  } catch (const std::exception& e) {
    std::cerr << "roi-platform-sim: handler failed on " << req.method << ' ' << req.path << ": "
              << e.what() << '\n';
    res = Response::json(500, R"({"simulator_error":"internal error in the simulator itself"})");
  }
  for (const auto& observe : observers_) observe(req, res);
  return res;
}

}  // namespace roi::sim
