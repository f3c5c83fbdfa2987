#include "roi/sdk/helpers/http.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace roi::sdk::helpers {
namespace {

std::chrono::seconds retry_after(const HttpResponse& response) {
  // Only the delta-seconds form: platforms that send an HTTP date get a minute.
  const auto value = response.header("retry-after");
  long long seconds = 60;
  if (value) {
    auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), seconds);
    if (ec != std::errc{} || ptr != value->data() + value->size() || seconds < 0) seconds = 60;
  }
  return std::chrono::seconds{std::min(seconds, 86400LL)};
}

}  // namespace

void expect_success(const HttpResponse& response, std::string_view what) {
  const std::string context(what);
  if (response.status >= 200 && response.status < 300) return;
  if (response.status == 0) throw transient(context + ": no answer (" + response.error + ")");
  const std::string status = std::to_string(response.status);
  if (response.status == 401)
    throw needs_reauth(context + ": the platform refused the credentials");
  if (response.status == 429) {
    throw rate_limited(context + ": rate limited by the platform", retry_after(response));
  }
  if (response.status == 408 || response.status >= 500) {
    throw transient(context + ": the platform answered " + status);
  }
  throw permanent(context + ": the platform answered " + status);
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::string form_encode(const Headers& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out.push_back('&');
    out += url_encode(name) + "=" + url_encode(value);
  }
  return out;
}

std::string with_query(std::string_view base, const Headers& fields) {
  std::string out(base);
  if (fields.empty()) return out;
  out.push_back(out.find('?') == std::string::npos ? '?' : '&');
  return out + form_encode(fields);
}

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<std::pair<std::string, std::string>> header_field(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  return std::pair(std::move(name), std::string(value));
}

}  // namespace roi::sdk::helpers
