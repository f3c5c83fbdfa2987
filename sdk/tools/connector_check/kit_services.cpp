#include "kit_services.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>

namespace roi::connector_check {
namespace {

// The host refuses answers past its size limit too; a connector must not rely on more.
constexpr std::size_t kMaxBodyBytes = 64u << 20;

// Set, even to "": as the host reads the environment, an empty value stops the search and the
// declared default applies.
std::optional<std::string> environment(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  return v ? std::optional<std::string>(v) : std::nullopt;
}

struct Received {
  sdk::HttpResponse response;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& r = *static_cast<Received*>(user);
  const std::size_t n = size * count;
  if (r.response.body.size() + n > kMaxBodyBytes) {
    r.too_large = true;
    return 0;  // curl aborts the transfer
  }
  r.response.body.append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& headers = static_cast<Received*>(user)->response.headers;
  const std::size_t n = size * count;
  std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    headers.clear();  // a new status line (after 100 Continue): only the last answer's headers
    return n;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  headers.emplace_back(std::move(name), std::string(value));
  return n;
}

sdk::HttpResponse perform(const sdk::HttpRequest& request) {
  Received received;
  if (!request.url.starts_with("http://") && !request.url.starts_with("https://")) {
    received.response.error = "only http:// and https:// URLs are allowed";
    return received.response;
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) {
    received.response.error = "cannot create a curl handle";
    return received.response;
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr,
                                                                      &curl_slist_free_all);
  for (const auto& [name, value] : request.headers) {
    const std::string line = name + ": " + value;
    curl_slist* appended = curl_slist_append(headers.get(), line.c_str());
    if (!appended) {
      received.response.error = "cannot build the request headers";
      return received.response;
    }
    if (!headers) headers.reset(appended);  // later appends return the same head
  }
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);  // the host follows no redirects either
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &received);
  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
      request.method == "PATCH") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  const CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK) {
    sdk::HttpResponse failed;
    failed.error = received.too_large ? "the answer is larger than the host's limit"
                                      : curl_easy_strerror(code);
    return failed;
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  received.response.status = static_cast<int>(status);
  return received.response;
}

}  // namespace

Settings::Settings(const sdk::Description& description, std::map<std::string, std::string> file) {
  const plugins::SettingValues section(file.begin(), file.end());
  auto resolved = plugins::resolve_settings(description, environment, &section);
  for (const auto& spec : description.settings) {
    ResolvedSetting setting{spec.key, "unset", false};
    if (auto it = resolved.origin.find(spec.key); it != resolved.origin.end()) {
      // The settings file is this tool's stand-in for the host's configuration file.
      setting.source = it->second == "configuration file" ? "settings file" : it->second;
      setting.set = true;
    }
    declared_.push_back(std::move(setting));
  }
  values_ = std::move(resolved.values);
  undeclared_ = std::move(resolved.unknown);
}

std::optional<std::string> Settings::value(std::string_view key) const {
  if (auto it = values_.find(key); it != values_.end()) return it->second;
  return std::nullopt;
}

KitServices::KitServices(const Settings& settings, bool verbose)
    : settings_(settings), verbose_(verbose) {}

sdk::HttpResponse KitServices::http(const sdk::HttpRequest& request) noexcept {
  try {
    ++requests_;
    auto response = perform(request);
    if (verbose_) {
      // The URL without its query, which may carry a token.
      const std::string shown = request.url.substr(0, request.url.find('?'));
      std::cerr << "  http " << request.method << " " << shown << " -> " << response.status
                << (response.error.empty() ? "" : " (" + response.error + ")") << "\n";
    }
    return response;
  } catch (const std::exception& e) {
    sdk::HttpResponse failed;
    failed.error = e.what();
    return failed;
  }
}

void KitServices::log(sdk::LogLevel level, std::string_view message) noexcept {
  if (!verbose_ && level == sdk::LogLevel::Debug) return;
  static constexpr const char* kNames[] = {"debug", "info", "warn", "error"};
  std::cerr << "  log " << kNames[static_cast<int>(level)] << ": " << message << "\n";
}

std::chrono::system_clock::time_point KitServices::now() const noexcept {
  return std::chrono::system_clock::now();
}

std::optional<std::string> KitServices::setting(std::string_view name) const noexcept {
  try {
    return settings_.value(name);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace roi::connector_check
