// A stand-in for the AI insights service (docs/AI_SERVICE.md): POST /ai.service/insights answers
// by the `ai.mode` knob — insights that echo the request's period and its number of facts, a reply
// slower than any client waits, garbage, or a 503 — so tests can drive every fallback path of the
// report job.
#include "platforms.hpp"

namespace roi::sim {
namespace {

const std::string kPlatform = "ai";

// "the period <start> to <end> was reviewed with <n> facts" from the request, or "" when the
// body is not the documented shape.
std::string reading_of(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("period") ||
      !doc["period"].IsObject() || !doc.HasMember("facts") || !doc["facts"].IsArray()) {
    return "";
  }
  const auto& p = doc["period"];
  if (!p.HasMember("start") || !p["start"].IsString() || !p.HasMember("end") ||
      !p["end"].IsString()) {
    return "";
  }
  return std::string("the period ") + p["start"].GetString() + " to " + p["end"].GetString() +
         " was reviewed with " + std::to_string(doc["facts"].Size()) + " facts";
}

}  // namespace

void install_ai_service(Router& router, State& state) {
  auto& s = state.settings;
  s.declare(kPlatform, "mode", std::string("success"),
            "success | timeout (answers after delay_ms) | garbage (200, not JSON) | error (503)");
  s.declare(kPlatform, "delay_ms", std::int64_t{30000}, "how late a `timeout` reply comes", 0,
            600000);
  state.claim("/ai.service/", kPlatform);
  router.add("POST", R"(/ai\.service/insights)", [&state](Request& r) {
    const std::string mode = state.settings.text(kPlatform, "mode");
    if (mode == "garbage") return Response::json(200, "<html>Sorry, something went wrong</html>");
    if (mode == "error") return Response::json(503, R"({"error":"overloaded"})");
    const std::string reading = reading_of(r.body);
    if (reading.empty()) return Response::json(400, R"({"error":"expected the report summary"})");
    Response res = Response::json(
        200, R"({"insights":[{"kind":"ai_summary","text":"AI stand-in: )" + reading +
                 R"(."},{"kind":"ai_tip","text":"AI stand-in: keep testing creatives."}]})");
    if (mode == "timeout")
      res.delay = std::chrono::milliseconds(state.settings.integer(kPlatform, "delay_ms"));
    return res;
  });
}

}  // namespace roi::sim
