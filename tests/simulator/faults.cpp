// Fault arming, drawing and the transport-level faults.
#include "faults.hpp"

#include <array>
#include <utility>

namespace roi::sim {

namespace {

constexpr std::array<std::pair<FaultKind, std::string_view>, 9> kNames = {{
    {FaultKind::RateLimit, "rate_limit"},
    {FaultKind::RetryAfter, "retry_after"},
    {FaultKind::ExpiredToken, "expired_token"},
    {FaultKind::InvalidGrant, "invalid_grant"},
    {FaultKind::ServerError, "server_error"},
    {FaultKind::Slow, "slow"},
    {FaultKind::MalformedJson, "malformed_json"},
    {FaultKind::EmptyPage, "empty_page"},
    {FaultKind::RaggedPages, "ragged_pages"},
}};

unsigned applies_to(FaultKind kind) {
  using namespace scope;
  switch (kind) {
    case FaultKind::RateLimit:
    case FaultKind::ExpiredToken:
      return kData;
    case FaultKind::InvalidGrant:
      return kRefresh;
    case FaultKind::EmptyPage:
    case FaultKind::RaggedPages:
      return kPaged;
    case FaultKind::Slow:
      return kToken | kRefresh | kData | kPaged;
    case FaultKind::RetryAfter:
    case FaultKind::ServerError:
    case FaultKind::MalformedJson:
      return kToken | kRefresh | kData;
  }
  return 0;
}

bool read_int(const rapidjson::Value& json, const char* name, std::int64_t& out, std::int64_t min,
              std::int64_t max, std::string& error) {
  const auto it = json.FindMember(name);
  if (it == json.MemberEnd()) return true;
  if (!it->value.IsInt64() || it->value.GetInt64() < min || it->value.GetInt64() > max) {
    error = std::string(name) + " must be an integer between " + std::to_string(min) + " and " +
            std::to_string(max);
    return false;
  }
  out = it->value.GetInt64();
  return true;
}

}  // namespace

std::optional<FaultKind> Faults::kind_from(std::string_view name) {
  for (const auto& [kind, n] : kNames)
    if (n == name) return kind;
  return std::nullopt;
}

std::string_view Faults::name(FaultKind kind) {
  for (const auto& [k, n] : kNames)
    if (k == kind) return n;
  return "unknown";
}

std::string Faults::parse(const rapidjson::Value& json, FaultSpec& spec) {
  if (!json.IsObject()) return "a fault is a JSON object";
  spec.platform = string_member(json, "platform");
  if (spec.platform.empty()) return "platform is required";
  const auto kind = kind_from(string_member(json, "kind"));
  if (!kind) {
    std::string names;
    for (const auto& [k, n] : kNames) names += (names.empty() ? "" : ", ") + std::string(n);
    return "kind must be one of: " + names;
  }
  spec.kind = *kind;
  spec.match = string_member(json, "match");
  std::string error;
  std::int64_t seed = 1;
  if (!read_int(json, "count", spec.count, -1, 1000000, error) ||
      !read_int(json, "skip", spec.skip, 0, 1000000, error) ||
      !read_int(json, "seed", seed, 0, INT64_MAX, error) ||
      !read_int(json, "code", spec.code, 0, 99999, error) ||
      !read_int(json, "retry_after", spec.retry_after, 0, 100000000, error) ||
      !read_int(json, "delay_ms", spec.delay_ms, 0, 600000, error) ||
      !read_int(json, "status", spec.status, 500, 599, error)) {
    return error;
  }
  spec.seed = static_cast<std::uint64_t>(seed);
  if (const auto it = json.FindMember("probability"); it != json.MemberEnd()) {
    if (!it->value.IsNumber() || it->value.GetDouble() < 0 || it->value.GetDouble() > 1)
      return "probability must be in [0, 1]";
    spec.probability = it->value.GetDouble();
    // A probability with no explicit count means "every eligible request may fire".
    if (json.FindMember("count") == json.MemberEnd()) spec.count = -1;
  }
  return {};
}

int Faults::add(FaultSpec spec) {
  std::lock_guard lock(mu_);
  Armed a;
  a.id = next_id_++;
  a.rng.seed(spec.seed);
  a.spec = std::move(spec);
  armed_.push_back(std::move(a));
  return armed_.back().id;
}

void Faults::clear(const std::string& platform) {
  std::lock_guard lock(mu_);
  std::erase_if(armed_,
                [&](const Armed& a) { return platform.empty() || a.spec.platform == platform; });
}

Draw Faults::draw(const std::string& platform, unsigned endpoint_scope, const std::string& target) {
  std::lock_guard lock(mu_);
  Draw d;
  for (auto& a : armed_) {
    const auto& s = a.spec;
    if (s.platform != platform || (applies_to(s.kind) & endpoint_scope) == 0) continue;
    if (s.count == 0 || (!s.match.empty() && target.find(s.match) == std::string::npos)) continue;
    const bool is_error = s.kind == FaultKind::RateLimit || s.kind == FaultKind::RetryAfter ||
                          s.kind == FaultKind::ExpiredToken || s.kind == FaultKind::InvalidGrant ||
                          s.kind == FaultKind::ServerError;
    if (is_error && d.error) continue;  // one error per reply; the next armed one waits its turn
    if (a.eligible++ < s.skip) continue;
    if (s.probability < 1.0 && std::uniform_real_distribution<double>(0, 1)(a.rng) >= s.probability)
      continue;
    ++a.fired;
    if (s.count > 0) --a.spec.count;
    switch (s.kind) {
      case FaultKind::Slow:
        d.delay += std::chrono::milliseconds(s.delay_ms);
        break;
      case FaultKind::MalformedJson:
        d.malformed = true;
        break;
      case FaultKind::EmptyPage:
        d.empty_page = true;
        break;
      case FaultKind::RaggedPages:
        d.ragged = a.rng();
        break;
      default:
        d.error = s;
        break;
    }
  }
  return d;
}

void Faults::write(JsonWriter& w) const {
  std::lock_guard lock(mu_);
  w.StartArray();
  for (const auto& a : armed_) {
    w.StartObject();
    put_int(w, "id", a.id);
    put(w, "platform", a.spec.platform);
    put(w, "kind", name(a.spec.kind));
    put_int(w, "remaining", a.spec.count);
    put_int(w, "fired", a.fired);
    put_int(w, "eligible", a.eligible);
    if (!a.spec.match.empty()) put(w, "match", a.spec.match);
    w.EndObject();
  }
  w.EndArray();
}

Response finish(Response res, const Draw& draw) {
  res.delay += draw.delay;
  if (draw.malformed) {
    // Cut mid-document: the status and headers still claim a good JSON reply.
    res.body = res.body.size() < 4 ? std::string("{\"") : res.body.substr(0, res.body.size() / 2);
  }
  return res;
}

std::size_t page_size(const Draw& draw, std::size_t limit, std::size_t index) {
  if (draw.empty_page) return 0;
  if (draw.ragged && limit > 1)
    return 1 + static_cast<std::size_t>((*draw.ragged + index * 7919) % limit);
  return limit;
}

}  // namespace roi::sim
