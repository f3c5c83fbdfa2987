// Keyset cursors for dashboard.campaigns: the sort value and id of the last row sent, signed
// (HMAC-SHA256) so a cursor the host did not issue, or one for another sort, is refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roi::modules::dashboard {

// The longest cursor decode() reads (and dashboard.campaigns' `cursor` input takes). Every cursor
// encode() makes for a sort name of up to kMaxSortChars and a text value of up to
// sdk::kMaxCampaignNameBytes (the names the host stores) fits, checked at compile time; a longer
// text makes a cursor decode() refuses.
inline constexpr std::size_t kMaxCursorChars = 2048;
inline constexpr std::size_t kMaxSortChars = 32;  // "attributedRevenue desc" is 22

// Where a row sits in a sort: nulls (ratios with a zero denominator) sort last in either
// direction; equal values are ordered by id ascending, so the order is total and stable.
struct SortKey {
  enum class Kind { Null, Integer, Real, Text };
  Kind kind = Kind::Null;
  std::int64_t integer = 0;
  double real = 0;
  std::string text;
  std::int64_t id = 0;
};

// True when `a` comes before `b` in the given direction.
bool sorts_before(const SortKey& a, const SortKey& b, bool descending);

class CursorCodec {
 public:
  // `key` signs cursors; hosts sharing a database must share it.
  explicit CursorCodec(std::string key) : key_(std::move(key)) {}

  // `sort` names the sort (field and direction) the cursor belongs to.
  std::string encode(std::string_view sort, const SortKey& last) const;
  // The key, or nullopt when the cursor is malformed, unsigned, tampered or for another sort.
  std::optional<SortKey> decode(std::string_view sort, std::string_view cursor) const;

 private:
  std::string mac(std::string_view payload) const;
  std::string key_;
};

}  // namespace roi::modules::dashboard
