#include "host_link.hpp"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

namespace roi::worker {

void HostLink::send(const std::string& frame) {
  for (std::size_t at = 0; at < frame.size();) {
    const ssize_t n = ::send(fd_, frame.data() + at, frame.size() - at, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ::_exit(0);  // the host is gone or gave up on this worker
    at += static_cast<std::size_t>(n);
  }
}

bool HostLink::read_some(bool wait) {
  constexpr std::size_t kChunk = 64u << 10;
  for (;;) {
    const ssize_t n = ::recv(fd_, buffer_.prepare(kChunk), kChunk, wait ? 0 : MSG_DONTWAIT);
    if (n > 0) {
      buffer_.commit(static_cast<std::size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return false;
    ::_exit(0);  // end of stream: the host closed the socket, nothing more to serve
  }
}

std::optional<wire::Frame> HostLink::next_frame() {
  try {
    while (auto frame = buffer_.next()) {
      if (frame->type != wire::Message::Cancel) return frame;
      if (wire::decode_all<std::uint32_t>(frame->payload) == call_) cancelled_ = true;
    }
  } catch (const wire::Malformed&) {
    ::_exit(3);  // the host never sends this: nothing sensible is left to do
  }
  return std::nullopt;
}

wire::Frame HostLink::receive() {
  for (;;) {
    if (auto frame = next_frame()) return std::move(*frame);
    read_some(true);
  }
}

void HostLink::poll_cancel() {
  while (read_some(false)) {
  }
  if (next_frame()) ::_exit(3);  // only Cancel notices come unasked
}

void HostLink::begin_call(std::uint32_t id) {
  call_ = id;
  cancelled_ = false;
}

}  // namespace roi::worker
