// Everything the simulator remembers between requests: knobs, the clock, issued codes and tokens,
// armed faults and a request log. Each part locks itself; handlers on any thread may use them.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "data.hpp"
#include "faults.hpp"
#include "http.hpp"
#include "json.hpp"
#include "settings.hpp"

namespace roi::sim {

// Wall clock plus an offset a test can push forward to expire tokens without waiting.
class Clock {
 public:
  std::int64_t now() const;  // Unix seconds
  Date today() const { return Date::from_unix(now()); }
  void advance(std::int64_t seconds) { offset_ += seconds; }
  std::int64_t offset() const { return offset_; }
  void reset() { offset_ = 0; }

 private:
  std::atomic<std::int64_t> offset_{0};
};

struct Grant {
  std::string platform;
  std::string kind;  // "code", "access" or "refresh"
  std::string value;
  std::string client_id;
  std::string redirect_uri;
  std::string scope;
  std::int64_t issued_at = 0;
  std::int64_t expires_at = 0;  // 0: never
  bool used = false;            // codes are single-use
  bool revoked = false;
  bool with_refresh = false;   // codes: the exchange also returns a refresh token
  std::string code_challenge;  // PKCE, Google
  std::string shop;            // Shopify: the store a code or token is for
  std::string code_challenge_method;
};

enum class TokenCheck { Missing, Unknown, Expired, Revoked, Valid };

class Tokens {
 public:
  // Stores `grant` under a fresh value starting with `prefix`; returns the value.
  std::string issue(Grant grant, const std::string& prefix);
  std::optional<Grant> find(const std::string& value) const;
  // Marks a code used; false when it already was (the caller answers "already redeemed").
  bool redeem(const std::string& value);
  bool revoke(const std::string& value);
  TokenCheck check(const std::string& platform, const std::string& value, std::int64_t now) const;
  std::vector<Grant> list(const std::string& platform) const;
  // Every grant and consent as JSON, and back (a --state file).
  void save(JsonWriter& w) const;
  void load(const rapidjson::Value& saved);
  // Google returns a refresh token on a client's first consent only (or with prompt=consent).
  bool consent(const std::string& platform, const std::string& client_id);
  void clear();

 private:
  mutable std::mutex mu_;
  std::map<std::string, Grant> grants_;
  std::set<std::string> consented_;
  std::uint64_t counter_ = 0;
};

struct LoggedRequest {
  std::string platform;
  std::string method;
  std::string path;
  Params params;
  std::map<std::string, std::string> headers;  // the ones platforms check
  unsigned status = 0;
};

class RequestLog {
 public:
  void add(LoggedRequest entry);
  std::vector<LoggedRequest> list(const std::string& platform) const;
  void clear();

 private:
  mutable std::mutex mu_;
  std::deque<LoggedRequest> entries_;
};

// The days a test restated through /_sim/restate, per platform.
class Restated {
 public:
  // Restates `day` of `account` once more; returns how many times it now was.
  std::uint64_t add(const std::string& platform, const std::string& account, Date day);
  Restatements of(const std::string& platform) const;
  void clear();

 private:
  mutable std::mutex mu_;
  std::map<std::string, Restatements> by_platform_;
};

// A part of the state that survives a restart when the simulator runs with --state FILE
// (`make run`): it writes its objects as one JSON value and reads them back.
struct Persistent {
  std::string name;
  std::function<void(JsonWriter&)> save;
  std::function<void(const rapidjson::Value&)> load;
};

struct State {
  Settings settings;
  Clock clock;
  Tokens tokens;
  Faults faults;
  RequestLog log;
  Restated restated;
  // Path prefixes ("/oauth2.googleapis.com/") to platform ids, for the log.
  std::map<std::string, std::string> prefixes;
  std::vector<Persistent> persistent;  // tokens, Stripe's objects

  void claim(const std::string& prefix, const std::string& platform) {
    prefixes[prefix] = platform;
  }
  std::string platform_of(const std::string& path) const;
  // The platform's data as of today on the simulator clock, restatements included.
  Shape shape(const std::string& platform, Flavor flavor) const;
  void reset();
};

// A random request id in the style platforms use (22 url-safe characters).
std::string random_id(std::size_t length = 22);

}  // namespace roi::sim
