// Faults a test arms through /_sim/faults: errors a platform really sends (rate limits, expired
// tokens, invalid_grant, 5xx) and transport trouble (slow, malformed JSON, empty or ragged pages).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "http.hpp"
#include "json.hpp"

namespace roi::sim {

enum class FaultKind {
  RateLimit,
  RetryAfter,
  ExpiredToken,
  InvalidGrant,
  ServerError,
  Slow,
  MalformedJson,
  EmptyPage,
  RaggedPages
};

// What an endpoint is; a fault only fires where it means something.
namespace scope {
inline constexpr unsigned kToken = 1;    // OAuth token endpoints
inline constexpr unsigned kRefresh = 2;  // refresh_token / fb_exchange_token grants
inline constexpr unsigned kData = 4;     // API calls that need an access token
inline constexpr unsigned kPaged = 8;    // data calls that page
}  // namespace scope

struct FaultSpec {
  std::string platform;
  FaultKind kind = FaultKind::ServerError;
  std::int64_t count = 1;    // requests that fire; -1: until cleared
  double probability = 1.0;  // per eligible request, from a generator seeded with `seed`
  std::uint64_t seed = 1;
  std::int64_t skip = 0;          // eligible requests let through before the fault arms
  std::string match;              // substring of the request target; empty: any
  std::int64_t code = 0;          // Meta rate-limit code (4, 17, 613, 80000-80014); 0: 17
  std::int64_t retry_after = 30;  // seconds, for rate_limit and retry_after
  std::int64_t delay_ms = 2000;   // slow
  std::int64_t status = 500;      // server_error: 500 or 503
};

struct Draw {
  std::optional<FaultSpec> error;  // answers instead of the endpoint
  std::chrono::milliseconds delay{0};
  bool malformed = false;
  bool empty_page = false;
  std::optional<std::uint64_t> ragged;  // seeds the varying page sizes
};

class Faults {
 public:
  static std::optional<FaultKind> kind_from(std::string_view name);
  static std::string_view name(FaultKind kind);
  // Reads a spec from JSON; returns an error message or "".
  static std::string parse(const rapidjson::Value& json, FaultSpec& spec);

  int add(FaultSpec spec);
  void clear(const std::string& platform);  // empty: all platforms
  Draw draw(const std::string& platform, unsigned endpoint_scope, const std::string& target);
  void write(JsonWriter& w) const;

 private:
  struct Armed {
    int id = 0;
    FaultSpec spec;
    std::mt19937_64 rng;
    std::int64_t eligible = 0;
    std::int64_t fired = 0;
  };
  mutable std::mutex mu_;
  std::vector<Armed> armed_;
  int next_id_ = 1;
};

// Applies the transport faults of `draw` to a finished response: delay and a cut body.
Response finish(Response res, const Draw& draw);

// Page sizes for a paged reply: `limit`, or a varying 1..limit under ragged_pages, or 0 for an
// empty page. `index` is the page's position so successive pages differ.
std::size_t page_size(const Draw& draw, std::size_t limit, std::size_t index);

}  // namespace roi::sim
