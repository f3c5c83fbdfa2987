#include "roi/sdk/helpers/visit.hpp"

#include <cctype>

#include "roi/sdk/helpers/encoding.hpp"

namespace roi::sdk::helpers {
namespace {

// Well-formed UTF-8 without control characters (no overlong forms or surrogates).
bool is_text(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7F) return false;
      ++i;
      continue;
    } else if ((c >> 5) == 0x6) {
      n = 2, cp = c & 0x1F;
    } else if ((c >> 4) == 0xE) {
      n = 3, cp = c & 0x0F;
    } else if ((c >> 3) == 0x1E) {
      n = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    const bool overlong =
        (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp < 0xA0))
      return false;
    i += n;
  }
  return true;
}

}  // namespace

std::optional<std::string> query_parameter(std::string_view url, std::string_view name) {
  const auto q = url.find('?');
  if (q == std::string_view::npos || name.empty()) return std::nullopt;
  std::string_view query = url.substr(q + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    const auto end = query.find('&');
    const auto pair = query.substr(0, end);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=') {
      auto value = percent_decode(pair.substr(name.size() + 1));
      if (!value || value->empty() || !is_text(*value)) return std::nullopt;
      return value;
    }
    if (end == std::string_view::npos) break;
    query.remove_prefix(end + 1);
  }
  return std::nullopt;
}

std::optional<std::string> utm_value(std::string value) {
  if (value.empty() || !is_text(value)) return std::nullopt;
  if (value.size() > kMaxUtmValue) {
    std::size_t end = kMaxUtmValue;
    while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
    value.resize(end);
  }
  return value;
}

std::optional<std::string> url_host(std::string_view url) {
  std::string lower;
  for (const char c : url.substr(0, 8))
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  std::size_t at = 0;
  if (lower.rfind("https://", 0) == 0) {
    at = 8;
  } else if (lower.rfind("http://", 0) == 0) {
    at = 7;
  } else {
    return std::nullopt;
  }
  const auto authority = url.substr(at, url.find_first_of("/?#", at) - at);
  if (authority.find('@') != std::string_view::npos) return std::nullopt;  // userinfo: not a site
  std::string host;
  for (const char raw : authority.substr(0, authority.find(':'))) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(raw)));
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
      return std::nullopt;  // IPv6 literals, non-ASCII: not a site name
    }
    host.push_back(c);
    if (host.size() > 253) return std::nullopt;
  }
  if (host.empty() || host.front() == '.' || host.back() == '.') return std::nullopt;
  return host;
}

Visit read_visit(std::string_view landing_page, std::string_view referring_url) {
  Visit v;
  if (landing_page.size() <= kMaxLandingPage) {
    for (auto [field, name] :
         {std::pair{&v.utm_source, "utm_source"}, std::pair{&v.utm_medium, "utm_medium"},
          std::pair{&v.utm_campaign, "utm_campaign"}}) {
      if (auto value = query_parameter(landing_page, name)) *field = utm_value(std::move(*value));
    }
    for (const auto name : kClickIds) {
      if (query_parameter(landing_page, name)) {
        v.click_id = std::string(name);
        break;
      }
    }
  }
  if (referring_url.size() <= kMaxLandingPage) v.referrer = url_host(referring_url);
  return v;
}

void set_visit(Order& order, Visit v) {
  order.utm_source = std::move(v.utm_source);
  order.utm_medium = std::move(v.utm_medium);
  order.utm_campaign = std::move(v.utm_campaign);
  order.click_id = std::move(v.click_id);
  order.referrer = std::move(v.referrer);
}

}  // namespace roi::sdk::helpers
