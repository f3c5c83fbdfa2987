// Clock, token store and request log of the simulator.
#include "state.hpp"

#include <chrono>
#include <initializer_list>
#include <random>

namespace roi::sim {

std::int64_t Clock::now() const {
  const auto wall = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return wall.count() + offset_.load();
}

std::string random_id(std::size_t length) {
  static constexpr std::string_view kChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string out;
  for (std::size_t i = 0; i < length; ++i) out.push_back(kChars[rng() % kChars.size()]);
  return out;
}

std::string Tokens::issue(Grant grant, const std::string& prefix) {
  std::lock_guard lock(mu_);
  grant.value = prefix + std::to_string(++counter_) + "-" + random_id(32);
  const auto value = grant.value;
  grants_.emplace(value, std::move(grant));
  return value;
}

std::optional<Grant> Tokens::find(const std::string& value) const {
  std::lock_guard lock(mu_);
  const auto it = grants_.find(value);
  if (it == grants_.end()) return std::nullopt;
  return it->second;
}

bool Tokens::redeem(const std::string& value) {
  std::lock_guard lock(mu_);
  const auto it = grants_.find(value);
  if (it == grants_.end() || it->second.used) return false;
  it->second.used = true;
  return true;
}

bool Tokens::revoke(const std::string& value) {
  std::lock_guard lock(mu_);
  const auto it = grants_.find(value);
  if (it == grants_.end()) return false;
  it->second.revoked = true;
  return true;
}

TokenCheck Tokens::check(const std::string& platform, const std::string& value,
                         std::int64_t now) const {
  if (value.empty()) return TokenCheck::Missing;
  std::lock_guard lock(mu_);
  const auto it = grants_.find(value);
  if (it == grants_.end() || it->second.platform != platform || it->second.kind != "access")
    return TokenCheck::Unknown;
  if (it->second.revoked) return TokenCheck::Revoked;
  if (it->second.expires_at != 0 && now >= it->second.expires_at) return TokenCheck::Expired;
  return TokenCheck::Valid;
}

std::vector<Grant> Tokens::list(const std::string& platform) const {
  std::lock_guard lock(mu_);
  std::vector<Grant> out;
  for (const auto& [value, g] : grants_)
    if (platform.empty() || g.platform == platform) out.push_back(g);
  return out;
}

bool Tokens::consent(const std::string& platform, const std::string& client_id) {
  std::lock_guard lock(mu_);
  return consented_.insert(platform + "\n" + client_id).second;
}

void Tokens::save(JsonWriter& w) const {
  std::lock_guard lock(mu_);
  w.StartObject();
  put_int(w, "counter", static_cast<std::int64_t>(counter_));
  key(w, "consented");
  w.StartArray();
  for (const auto& c : consented_) str(w, c);
  w.EndArray();
  key(w, "grants");
  w.StartArray();
  for (const auto& [value, g] : grants_) {
    w.StartObject();
    using Text = std::pair<const char*, const std::string*>;
    for (const auto& [k, v] :
         std::initializer_list<Text>{{"platform", &g.platform},
                                     {"kind", &g.kind},
                                     {"value", &g.value},
                                     {"client_id", &g.client_id},
                                     {"redirect_uri", &g.redirect_uri},
                                     {"scope", &g.scope},
                                     {"code_challenge", &g.code_challenge},
                                     {"shop", &g.shop},
                                     {"code_challenge_method", &g.code_challenge_method}}) {
      put(w, k, *v);
    }
    put_int(w, "issued_at", g.issued_at);
    put_int(w, "expires_at", g.expires_at);
    using Flag = std::pair<const char*, bool>;
    for (const auto& [k, v] : std::initializer_list<Flag>{
             {"used", g.used}, {"revoked", g.revoked}, {"with_refresh", g.with_refresh}}) {
      key(w, k);
      w.Bool(v);
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void Tokens::load(const rapidjson::Value& saved) {
  if (!saved.IsObject()) return;
  std::lock_guard lock(mu_);
  const auto integer = [](const rapidjson::Value& o, const char* name) -> std::int64_t {
    const auto it = o.FindMember(name);
    return it != o.MemberEnd() && it->value.IsInt64() ? it->value.GetInt64() : 0;
  };
  const auto flag = [](const rapidjson::Value& o, const char* name) {
    const auto it = o.FindMember(name);
    return it != o.MemberEnd() && it->value.IsBool() && it->value.GetBool();
  };
  counter_ = static_cast<std::uint64_t>(integer(saved, "counter"));
  if (const auto c = saved.FindMember("consented"); c != saved.MemberEnd() && c->value.IsArray()) {
    for (const auto& v : c->value.GetArray()) {
      if (v.IsString()) consented_.insert(v.GetString());
    }
  }
  const auto list = saved.FindMember("grants");
  if (list == saved.MemberEnd() || !list->value.IsArray()) return;
  for (const auto& o : list->value.GetArray()) {
    Grant g;
    g.platform = string_member(o, "platform");
    g.kind = string_member(o, "kind");
    g.value = string_member(o, "value");
    g.client_id = string_member(o, "client_id");
    g.redirect_uri = string_member(o, "redirect_uri");
    g.scope = string_member(o, "scope");
    g.code_challenge = string_member(o, "code_challenge");
    g.shop = string_member(o, "shop");
    g.code_challenge_method = string_member(o, "code_challenge_method");
    g.issued_at = integer(o, "issued_at");
    g.expires_at = integer(o, "expires_at");
    g.used = flag(o, "used");
    g.revoked = flag(o, "revoked");
    g.with_refresh = flag(o, "with_refresh");
    const std::string value = g.value;
    if (!value.empty()) grants_[value] = std::move(g);
  }
}

void Tokens::clear() {
  std::lock_guard lock(mu_);
  grants_.clear();
  consented_.clear();
}

void RequestLog::add(LoggedRequest entry) {
  std::lock_guard lock(mu_);
  entries_.push_back(std::move(entry));
  // Bounded so a long `make run` session cannot grow without limit.
  while (entries_.size() > 5000) entries_.pop_front();
}

std::vector<LoggedRequest> RequestLog::list(const std::string& platform) const {
  std::lock_guard lock(mu_);
  std::vector<LoggedRequest> out;
  for (const auto& e : entries_)
    if (platform.empty() || e.platform == platform) out.push_back(e);
  return out;
}

void RequestLog::clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
}

std::uint64_t Restated::add(const std::string& platform, const std::string& account, Date day) {
  std::lock_guard lock(mu_);
  return ++by_platform_[platform][{account, day.day}];
}

Restatements Restated::of(const std::string& platform) const {
  std::lock_guard lock(mu_);
  const auto it = by_platform_.find(platform);
  return it == by_platform_.end() ? Restatements{} : it->second;
}

void Restated::clear() {
  std::lock_guard lock(mu_);
  by_platform_.clear();
}

Shape State::shape(const std::string& platform, Flavor flavor) const {
  Shape s = read_shape(settings, platform, flavor, clock.today());
  s.restated = restated.of(platform);
  return s;
}

std::string State::platform_of(const std::string& path) const {
  for (const auto& [prefix, platform] : prefixes)
    if (path.rfind(prefix, 0) == 0) return platform;
  return {};
}

void State::reset() {
  settings.reset();
  clock.reset();
  tokens.clear();
  faults.clear({});
  log.clear();
  restated.clear();
}

}  // namespace roi::sim
