// The AI service's side of a report (contract: docs/AI_SERVICE.md): POST {base}/insights with
// the period's summary, under a timeout per attempt and a bounded number of retries.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <roi/sdk/host_services.hpp>
#include <string>
#include <vector>

#include "modules/reports/insights.hpp"

namespace roi::modules::reports {

// Sends one HTTP request and never throws (app binds net::CurlClient::send).
using HttpSend = std::function<sdk::HttpResponse(const sdk::HttpRequest&)>;

struct AiSettings {
  std::string base_url;  // empty: the service is not configured, the host writes insights
  std::chrono::milliseconds timeout{10000};
  int retries = 2;
  std::chrono::milliseconds backoff{200};  // doubled before each further retry
  // Every attempt and pause in all: an attempt gets what is left of it, and none starts after it.
  std::chrono::milliseconds deadline{15000};
};

// Why the AI service gave no insights; recorded in the log, never shown to users.
enum class AiFailure { NotConfigured, Unreachable, ServerError, Refused, Garbage };
const char* failure_name(AiFailure f);

struct AiAnswer {
  std::vector<Insight> insights;     // non-empty on success
  std::optional<AiFailure> failure;  // set when insights is empty
  int attempts = 0;
};

class AiInsightsClient {
 public:
  AiInsightsClient(AiSettings settings, HttpSend send)
      : settings_(std::move(settings)), send_(std::move(send)) {}

  // Timeouts, connection failures and 5xx are retried within the deadline; 4xx and malformed
  // answers are not (asking again would get the same answer).
  AiAnswer ask(const std::string& summary_json) const;
  bool configured() const { return !settings_.base_url.empty(); }
  // The longest ask() takes, every attempt and pause included.
  std::chrono::milliseconds deadline() const { return settings_.deadline; }

 private:
  AiSettings settings_;
  HttpSend send_;
};

// The service's answer body, checked like any hostile input: {"insights":[{"kind","text"}]}
// with 1..20 items, kind 1..64 and text 1..2000 bytes of valid UTF-8. nullopt otherwise.
std::optional<std::vector<Insight>> parse_ai_answer(const std::string& body);

}  // namespace roi::modules::reports
