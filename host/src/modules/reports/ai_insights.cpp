#include "modules/reports/ai_insights.hpp"

#include <algorithm>
#include <thread>

#include "api/error.hpp"
#include "api/json.hpp"

namespace roi::modules::reports {
namespace {

constexpr std::size_t kMaxInsights = 20;
constexpr std::size_t kMaxKind = 64;
constexpr std::size_t kMaxText = 2000;

bool valid_string(const rapidjson::Value& v, std::size_t max) {
  return v.IsString() && v.GetStringLength() > 0 && v.GetStringLength() <= max;
}

}  // namespace

const char* failure_name(AiFailure f) {
  switch (f) {
    case AiFailure::NotConfigured:
      return "not_configured";
    case AiFailure::Unreachable:
      return "unreachable";
    case AiFailure::ServerError:
      return "server_error";
    case AiFailure::Refused:
      return "refused";
    case AiFailure::Garbage:
      return "garbage";
  }
  return "unknown";
}

std::optional<std::vector<Insight>> parse_ai_answer(const std::string& body) {
  rapidjson::Document doc;
  try {
    api::parse_json(body, doc);
  } catch (const api::Error&) {
    return std::nullopt;
  }
  if (!doc.IsObject() || !doc.HasMember("insights") || !doc["insights"].IsArray()) {
    return std::nullopt;
  }
  const auto& items = doc["insights"].GetArray();
  if (items.Empty() || items.Size() > kMaxInsights) return std::nullopt;
  std::vector<Insight> out;
  for (const auto& item : items) {
    if (!item.IsObject() || !item.HasMember("kind") || !item.HasMember("text") ||
        !valid_string(item["kind"], kMaxKind) || !valid_string(item["text"], kMaxText)) {
      return std::nullopt;
    }
    out.push_back({item["kind"].GetString(), item["text"].GetString(), "", "ai"});
  }
  return out;
}

AiAnswer AiInsightsClient::ask(const std::string& summary_json) const {
  AiAnswer answer;
  if (settings_.base_url.empty()) {
    answer.failure = AiFailure::NotConfigured;
    return answer;
  }
  sdk::HttpRequest request;
  request.method = "POST";
  request.url = settings_.base_url + "/insights";
  request.headers = {{"content-type", "application/json"}, {"accept", "application/json"}};
  request.body = summary_json;
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + settings_.deadline;
  const auto left = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  };
  auto backoff = settings_.backoff;
  for (int attempt = 0; attempt <= settings_.retries; ++attempt) {
    if (attempt > 0) {
      if (left() <= backoff) break;  // no time for a pause and another try
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
    // Under a millisecond left is no attempt at all (curl takes 0 as "no timeout").
    if (left() < std::chrono::milliseconds(1)) break;
    request.timeout = std::min(settings_.timeout, left());
    ++answer.attempts;
    const sdk::HttpResponse r = send_(request);
    if (r.status == 0) {
      answer.failure = AiFailure::Unreachable;
      continue;
    }
    if (r.status >= 500) {
      answer.failure = AiFailure::ServerError;
      continue;
    }
    if (r.status != 200) {
      answer.failure = AiFailure::Refused;
      return answer;
    }
    if (auto insights = parse_ai_answer(r.body)) {
      answer.insights = std::move(*insights);
      answer.failure.reset();
    } else {
      answer.failure = AiFailure::Garbage;
    }
    return answer;
  }
  return answer;
}

}  // namespace roi::modules::reports
