// Framing on the host–worker socket: a 4-byte length, then a 1-byte message type and its
// payload. FrameBuffer cuts frames out of a byte stream and refuses any that claim too much.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "roi/wire/codec.hpp"
#include "roi/wire/protocol.hpp"

namespace roi::wire {

// A frame's type byte plus payload. Room for the largest answer the host's HTTP client accepts
// (64 MiB) with its headers.
inline constexpr std::uint32_t kMaxFrameBytes = 72u << 20;
inline constexpr std::size_t kFrameHeaderBytes = 4;

struct Frame {
  Message type;
  std::string payload;
};

// Starts a frame of `type`; encode its payload into the writer, then finish_frame().
Writer begin_frame(Message type);
// Writes the length into the header; returns the bytes to send.
std::string finish_frame(Writer& frame);
// A whole frame of `type` carrying one encoded value.
template <typename T>
std::string make_frame(Message type, const T& value) {
  Writer w = begin_frame(type);
  encode(w, value);
  return finish_frame(w);
}

class FrameBuffer {
 public:
  // Room for `n` more bytes at the end; write into it, then commit() what was written.
  char* prepare(std::size_t n);
  void commit(std::size_t n);
  // The next complete frame, or nullopt while it is still incomplete. Throws Malformed for a
  // length of zero or past kMaxFrameBytes, or an unknown message type.
  std::optional<Frame> next();
  bool empty() const { return start_ == end_; }
  // Bytes held; past kKeptBytes only while a large frame is being received or not yet taken.
  std::size_t held() const { return bytes_.size(); }
  static constexpr std::size_t kKeptBytes = 256 * 1024;

 private:
  std::string bytes_;
  std::size_t start_ = 0;  // first byte not yet taken
  std::size_t end_ = 0;    // one past the last byte received
};

}  // namespace roi::wire
