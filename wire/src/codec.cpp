#include "roi/wire/codec.hpp"

#include <cstring>

namespace roi::wire {

// Both ends run on one machine, so integers travel in its byte order.
void Writer::u32(std::uint32_t value) {
  char raw[sizeof value];
  std::memcpy(raw, &value, sizeof value);
  out_.append(raw, sizeof raw);
}

void Writer::i64(std::int64_t value) {
  char raw[sizeof value];
  std::memcpy(raw, &value, sizeof value);
  out_.append(raw, sizeof raw);
}

void Writer::bytes(std::string_view value) {
  u32(static_cast<std::uint32_t>(value.size()));
  out_.append(value);
}

std::string_view Reader::take(std::size_t n) {
  if (in_.size() - at_ < n) throw Malformed("the message is truncated");
  const auto out = in_.substr(at_, n);
  at_ += n;
  return out;
}

std::uint8_t Reader::u8() { return static_cast<std::uint8_t>(take(1)[0]); }

std::uint32_t Reader::u32() {
  std::uint32_t value;
  std::memcpy(&value, take(sizeof value).data(), sizeof value);
  return value;
}

std::int64_t Reader::i64() {
  std::int64_t value;
  std::memcpy(&value, take(sizeof value).data(), sizeof value);
  return value;
}

std::string Reader::bytes() {
  const std::uint32_t n = u32();
  return std::string(take(n));
}

std::size_t Reader::count(std::size_t min_bytes) {
  const std::uint32_t n = u32();
  if (n > (in_.size() - at_) / min_bytes) throw Malformed("a count is larger than the message");
  return n;
}

void Reader::expect_end() const {
  if (!done()) throw Malformed("the message has bytes left over");
}

}  // namespace roi::wire
