#include "meta_graph.hpp"

#include <algorithm>
#include <roi/sdk/helpers/http.hpp>
#include <roi/sdk/helpers/numbers.hpp>
#include <roi/sdk/helpers/paging.hpp>
#include <roi/sdk/helpers/retry.hpp>
#include <roi/sdk/helpers/settings.hpp>

namespace roi::meta {
namespace {

using namespace roi::sdk;

constexpr std::chrono::seconds kDefaultBackoff{60};
constexpr std::chrono::seconds kMaxBackoff{86400};
// Usage percentage at which we stop before Meta starts refusing (it throttles at 100).
constexpr std::int64_t kUsageCeiling = 95;

// A whole number from a JSON number (kept as text); fractions are cut, garbage is 0.
std::int64_t int_member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return 0;
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return 0;
  return helpers::parse_number_micros(it->value.GetString()).value_or(0) / 1'000'000;
}

std::optional<rapidjson::Document> header_json(const HttpResponse& response,
                                               std::string_view name) {
  auto text = response.header(name);
  if (!text) return std::nullopt;
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseNumbersAsStringsFlag>(text->data(), text->size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  return doc;
}

bool over_ceiling(const rapidjson::Value& usage) {
  for (const char* field : {"call_count", "total_cputime", "total_time", "acc_id_util_pct"}) {
    if (int_member(usage, field) >= kUsageCeiling) return true;
  }
  return int_member(usage, "estimated_time_to_regain_access") > 0;
}

// True when any usage header (app, ad account, business use case) is at the ceiling: the next
// call would likely be refused, so a sync stops after a complete page instead.
bool usage_at_ceiling(const HttpResponse& response) {
  for (const char* name : {"x-app-usage", "x-ad-account-usage"}) {
    if (auto doc = header_json(response, name); doc && over_ceiling(*doc)) return true;
  }
  if (auto buc = header_json(response, "x-business-use-case-usage")) {
    for (const auto& account : buc->GetObject()) {
      if (!account.value.IsArray()) continue;
      for (const auto& usage : account.value.GetArray()) {
        if (over_ceiling(usage)) return true;
      }
    }
  }
  return false;
}

bool is_rate_limit(std::int64_t code) {
  return code == 4 || code == 17 || code == 341 || code == 613 || (code >= 80000 && code <= 80014);
}

// The longest wait any usage header asks for: X-Business-Use-Case-Usage gives
// estimated_time_to_regain_access in minutes per ad account; Retry-After in seconds.
std::chrono::seconds backoff(const HttpResponse& response) {
  std::int64_t seconds = 0;
  if (auto buc = header_json(response, "x-business-use-case-usage")) {
    for (const auto& account : buc->GetObject()) {
      if (!account.value.IsArray()) continue;
      for (const auto& usage : account.value.GetArray()) {
        seconds = std::max(seconds, int_member(usage, "estimated_time_to_regain_access") * 60);
      }
    }
  }
  if (auto after = response.header("retry-after")) {
    seconds = std::max(seconds, helpers::parse_int64(*after).value_or(0));
  }
  if (seconds <= 0) return kDefaultBackoff;
  return std::min(std::chrono::seconds{seconds}, kMaxBackoff);
}

}  // namespace

GraphSettings graph_settings(const HostServices& host) {
  return {helpers::setting(host, "graph_base_url"), helpers::setting(host, "api_version")};
}

void classify_graph_error(const HttpResponse& response, std::string_view what) {
  if (response.status >= 200 && response.status < 300) return;
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseNumbersAsStringsFlag>(response.body.data(), response.body.size());
  auto error = doc.HasParseError() || !doc.IsObject() ? doc.MemberEnd() : doc.FindMember("error");
  if (response.status != 0 && error != doc.MemberEnd() && error->value.IsObject()) {
    const std::string context(what);
    const auto code = int_member(error->value, "code");
    auto transient_flag = error->value.FindMember("is_transient");
    if (code == 190 || code == 102) throw needs_reauth(context + ": Meta refused the access token");
    if (is_rate_limit(code)) {
      throw rate_limited(context + ": Meta rate limit (code " + std::to_string(code) + ")",
                         backoff(response));
    }
    if (code == 1 || code == 2 ||
        (transient_flag != error->value.MemberEnd() && transient_flag->value.IsBool() &&
         transient_flag->value.GetBool())) {
      throw transient(context + ": Meta reported a temporary error");
    }
    if (response.status < 500) {
      throw permanent(context + ": Meta refused the request (code " + std::to_string(code) + ")");
    }
  }
}

void check_response(const HttpResponse& response, std::string_view what) {
  classify_graph_error(response, what);
  helpers::expect_success(response, what);
}

Graph::Graph(HostServices& host, GraphSettings settings, std::string access_token)
    : host_(host), settings_(std::move(settings)), access_token_(std::move(access_token)) {
  if (access_token_.empty()) throw needs_reauth("there is no access token");
}

void Graph::each(const std::string& edge, const Headers& params,
                 const std::function<void(const rapidjson::Value& item)>& on_item,
                 const std::function<void()>& on_page) {
  const std::string what = "read " + edge;
  // Cursors rather than paging.next: the token never goes to a host taken from a response.
  helpers::for_each_page(host_, std::nullopt, [&](const std::optional<std::string>& after) {
    Headers query = params;
    if (after) query.emplace_back("after", *after);
    HttpRequest request;
    request.url =
        helpers::with_query(settings_.base_url + "/" + settings_.version + "/" + edge, query);
    request.headers = {{"authorization", "Bearer " + access_token_},
                       {"accept", "application/json"}};
    rapidjson::Document page;
    std::optional<std::chrono::seconds> pause;
    helpers::retry_transient(host_, [&] {
      const HttpResponse response = host_.http(request);
      check_response(response, what);
      pause = usage_at_ceiling(response) ? std::optional(backoff(response)) : std::nullopt;
      page = rapidjson::Document{};
      page.Parse<rapidjson::kParseNumbersAsStringsFlag>(response.body.data(), response.body.size());
      if (page.HasParseError() || !page.IsObject())
        throw transient(what + ": Meta answered malformed JSON");
    });
    auto data = page.FindMember("data");
    if (data == page.MemberEnd() || !data->value.IsArray())
      throw permanent(what + ": no data list");
    for (const auto& item : data->value.GetArray()) on_item(item);
    if (on_page) on_page();
    // paging.next present means more; its cursor is paging.cursors.after.
    auto paging = page.FindMember("paging");
    if (paging == page.MemberEnd() || !paging->value.IsObject() ||
        !paging->value.HasMember("next")) {
      return std::optional<std::string>();
    }
    auto cursors = paging->value.FindMember("cursors");
    if (cursors == paging->value.MemberEnd() || !cursors->value.IsObject() ||
        !cursors->value.HasMember("after") || !cursors->value["after"].IsString()) {
      throw permanent(what + ": a next page without an after cursor");
    }
    // Read on every answer, not only errors: stopping here keeps the page just checkpointed.
    if (pause) throw rate_limited(what + ": Meta usage is at its limit", *pause);
    return std::optional<std::string>(cursors->value["after"].GetString());
  });
}

}  // namespace roi::meta
