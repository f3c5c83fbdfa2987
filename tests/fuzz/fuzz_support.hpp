// What the fuzz targets share: one input cut into fields, and a HostServices whose HTTP answers
// are read from the input, so a connector's client code parses hostile platform replies exactly
// as it parses real ones. Seeds are plain text: fields are separated by a line "==".
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <roi/sdk/connector.hpp>
#include <roi/sdk/host_services.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace roi::fuzz {

inline constexpr std::string_view kSeparator = "\n==\n";

// The input's fields; missing ones are empty.
inline std::vector<std::string_view> fields(const std::uint8_t* data, std::size_t size,
                                            std::size_t count) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> out;
  while (out.size() + 1 < count) {
    const auto at = rest.find(kSeparator);
    if (at == std::string_view::npos) break;
    out.push_back(rest.substr(0, at));
    rest.remove_prefix(at + kSeparator.size());
  }
  out.push_back(rest);
  out.resize(count);
  return out;
}

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

// Answers each HTTP call with the next scripted response; once they run out, with no answer at
// all (status 0), which every client turns into an error, so paging loops end. The SDK's retry
// helper logs before it waits and waits only while the call is not cancelled: here the call
// counts as cancelled from that log line to the next request, so retries cost no sleep.
class ScriptedHost final : public sdk::HostServices {
 public:
  ScriptedHost(std::vector<std::string_view> responses, std::map<std::string, std::string> settings)
      : settings_(std::move(settings)) {
    for (auto r : responses) responses_.push_back(response_of(r));
  }

  sdk::HttpResponse http(const sdk::HttpRequest&) noexcept override {
    waiting_ = false;
    if (responses_.empty()) return {.status = 0, .error = "no more answers"};
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

 private:
  std::deque<sdk::HttpResponse> responses_;
  std::map<std::string, std::string> settings_;
  bool waiting_ = false;
};

}  // namespace roi::fuzz
