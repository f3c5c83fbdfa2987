// The worker's end of its socket to roi-host: blocking sends and receives of whole frames, and
// the host's Cancel notices picked up whenever they arrive. Losing the host ends the worker.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <roi/wire/frame.hpp>
#include <string>

namespace roi::worker {

class HostLink {
 public:
  explicit HostLink(int fd) : fd_(fd) {}

  void send(const std::string& frame);
  // The next frame that is not a Cancel notice (those only mark the current call cancelled).
  // Exits the worker when the host closed the socket or sent bytes that are not a frame.
  wire::Frame receive();
  // Reads, without waiting, whatever the host sent: a Cancel notice for the current call.
  void poll_cancel();

  // Cancel notices name the call they cancel; older ones are ignored.
  void begin_call(std::uint32_t id);
  bool cancelled() const { return cancelled_; }

 private:
  bool read_some(bool wait);
  // Takes buffered Cancel notices; returns the first other frame, if one is complete.
  std::optional<wire::Frame> next_frame();

  int fd_;
  wire::FrameBuffer buffer_;
  std::uint32_t call_ = 0;
  std::atomic<bool> cancelled_ = false;  // read by any connector thread, without the sink's lock
};

}  // namespace roi::worker
