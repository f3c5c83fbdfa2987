#include "net/curl_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <roi/sdk/helpers/http.hpp>

namespace roi::net {
namespace {

struct Transfer {
  sdk::HttpResponse response;
  std::size_t limit;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (t->response.body.size() + n > t->limit) {
    t->too_large = true;
    return 0;  // aborts the transfer
  }
  t->response.body.append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  std::string_view line(data, n);
  if (auto field = sdk::helpers::header_field(line)) {
    t->response.headers.push_back(std::move(*field));
  } else if (line.starts_with("HTTP/")) {
    t->response.headers.clear();  // a new response (100-continue)
  }
  return n;
}

bool header_is_safe(const std::string& text) {
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

}  // namespace

CurlClient::CurlClient(std::size_t max_response_bytes) : max_response_bytes_(max_response_bytes) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

CurlClient::~CurlClient() { curl_global_cleanup(); }

sdk::HttpResponse CurlClient::send(const sdk::HttpRequest& request,
                                   std::chrono::milliseconds max_timeout) {
  Transfer t{{}, max_response_bytes_};
  const std::string_view url = request.url;
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
    t.response.error = "only http and https URLs are allowed";
    return t.response;
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, curl_slist_free_all);
  if (!curl) {
    t.response.error = "the HTTP client could not start";
    return t.response;
  }
  for (const auto& [name, value] : request.headers) {
    if (!header_is_safe(name) || !header_is_safe(value) || name.find(':') != std::string::npos) {
      t.response.error = "a request header holds a line break or colon";
      return t.response;
    }
    curl_slist* next = curl_slist_append(headers.get(), (name + ": " + value).c_str());
    if (!next) {
      t.response.error = "out of memory building headers";
      return t.response;
    }
    headers.release();
    headers.reset(next);
  }
  const auto timeout = std::max<long long>(1, std::min(request.timeout, max_timeout).count());
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout));
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);

  const CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    sdk::HttpResponse failed;
    failed.error = t.too_large ? "the answer exceeded the size limit" : curl_easy_strerror(rc);
    return failed;
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  t.response.status = static_cast<int>(status);
  return t.response;
}

}  // namespace roi::net
