// A HostServices whose HTTP answers are scripted, so a connector's own client code reads recorded
// (or hostile) platform replies exactly as it reads real ones: the fuzz targets and the
// connectors' unit tests share it.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <roi/sdk/host_services.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace roi::testing {

// "name: value" lines (names lower-cased as the host hands them over); others are skipped.
inline sdk::Headers header_lines(std::string_view text) {
  sdk::Headers out;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    const auto colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    std::string name(line.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    out.emplace_back(std::move(name), std::string(line.substr(colon + 2)));
  }
  return out;
}

// An HTTP answer written as "<status>\n<name>: <value>\n...\n\n<body>".
inline sdk::HttpResponse response_of(std::string_view text) {
  sdk::HttpResponse r;
  const auto head_end = text.find("\n\n");
  const auto head = text.substr(0, head_end);
  r.body = head_end == std::string_view::npos ? "" : std::string(text.substr(head_end + 2));
  const auto nl = head.find('\n');
  int status = 0;
  for (char c : head.substr(0, nl)) {
    if (c < '0' || c > '9' || status > 999) break;
    status = status * 10 + (c - '0');
  }
  r.status = status;
  if (status == 0) r.error = "connection refused";
  if (nl != std::string_view::npos) r.headers = header_lines(head.substr(nl + 1));
  return r;
}

// `body` answered with `status` and "name: value" `headers` lines, as response_of reads it.
inline std::string answer(int status, std::string_view body, std::string_view headers = {}) {
  std::string out = std::to_string(status) + "\n";
  if (!headers.empty()) out.append(headers).append("\n");
  return out.append("\n").append(body);
}

// Answers each HTTP call with the next scripted response; once they run out, with no answer at
// all (status 0), which every client turns into an error, so paging loops end. The SDK's retry
// helper logs before it waits and waits only while the call is not cancelled: here the call
// counts as cancelled from that log line to the next request, so retries cost no sleep.
class ScriptedHost final : public sdk::HostServices {
 public:
  // Whether requests() keeps each request: the fuzz targets never look, and copying every
  // request costs them executions.
  enum class Keep { Requests, Nothing };

  ScriptedHost(std::vector<std::string_view> responses, std::map<std::string, std::string> settings,
               Keep keep = Keep::Requests)
      : settings_(std::move(settings)), keep_(keep) {
    for (auto r : responses) responses_.push_back(response_of(r));
  }

  sdk::HttpResponse http(const sdk::HttpRequest& request) noexcept override {
    waiting_ = false;
    if (keep_ == Keep::Requests) requests_.push_back(request);
    if (responses_.empty())
      return {.status = 0, .headers = {}, .body = {}, .error = "no more answers"};
    auto r = std::move(responses_.front());
    responses_.pop_front();
    return r;
  }
  void log(sdk::LogLevel, std::string_view message) noexcept override {
    if (message.starts_with("retrying")) waiting_ = true;
  }
  std::chrono::system_clock::time_point now() const noexcept override {
    return std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));  // 2026-01-01
  }
  std::optional<std::string> setting(std::string_view name) const noexcept override {
    const auto it = settings_.find(std::string(name));
    if (it == settings_.end()) return std::nullopt;
    return it->second;
  }
  bool cancelled() const noexcept override { return waiting_; }

  // Every request made so far, in order (none with Keep::Nothing).
  const std::vector<sdk::HttpRequest>& requests() const { return requests_; }

 private:
  std::deque<sdk::HttpResponse> responses_;
  std::map<std::string, std::string> settings_;
  Keep keep_;
  std::vector<sdk::HttpRequest> requests_;
  bool waiting_ = false;
};

}  // namespace roi::testing
