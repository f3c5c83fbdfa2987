#include "roi/wire/frame.hpp"

#include <cstring>

namespace roi::wire {

Writer begin_frame(Message type) {
  Writer w;
  w.u32(0);  // the length, written by finish_frame
  w.u8(static_cast<std::uint8_t>(type));
  return w;
}

std::string finish_frame(Writer& frame) {
  std::string& bytes = frame.buffer();
  const auto length = static_cast<std::uint32_t>(bytes.size() - kFrameHeaderBytes);
  std::memcpy(bytes.data(), &length, sizeof length);
  return std::move(bytes);
}

char* FrameBuffer::prepare(std::size_t n) {
  if (start_ == end_) {
    start_ = end_ = 0;
    // A large frame (up to kMaxFrameBytes) is not kept in memory once it has been taken: an idle
    // worker's buffer goes back to its usual size.
    if (bytes_.size() > kKeptBytes) std::string().swap(bytes_);
  }
  if (bytes_.size() - end_ < n) {
    // Move what is left to the front before growing, so the buffer stays the size of a frame.
    if (start_ > 0) {
      std::memmove(bytes_.data(), bytes_.data() + start_, end_ - start_);
      end_ -= start_;
      start_ = 0;
    }
    if (bytes_.size() - end_ < n) bytes_.resize(end_ + n);
  }
  return bytes_.data() + end_;
}

void FrameBuffer::commit(std::size_t n) { end_ += n; }

std::optional<Frame> FrameBuffer::next() {
  if (end_ - start_ < kFrameHeaderBytes) return std::nullopt;
  std::uint32_t length;
  std::memcpy(&length, bytes_.data() + start_, sizeof length);
  if (length == 0) throw Malformed("a frame is empty");
  if (length > kMaxFrameBytes) throw Malformed("a frame is larger than allowed");
  if (end_ - start_ - kFrameHeaderBytes < length) return std::nullopt;
  const char* body = bytes_.data() + start_ + kFrameHeaderBytes;
  const auto type = static_cast<std::uint8_t>(body[0]);
  if (type < static_cast<std::uint8_t>(Message::Call) ||
      type > static_cast<std::uint8_t>(kLast<Message>)) {
    throw Malformed("a frame has an unknown type");
  }
  Frame frame{static_cast<Message>(type), std::string(body + 1, length - 1)};
  start_ += kFrameHeaderBytes + length;
  return frame;
}

}  // namespace roi::wire
