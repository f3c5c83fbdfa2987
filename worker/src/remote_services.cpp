#include "remote_services.hpp"

#include <unistd.h>

#include <roi/wire/frame.hpp>

namespace roi::worker {
namespace {

// A reply of the expected type, or the end of this worker: the host answers nothing else.
wire::Frame reply(HostLink& link, wire::Message expected) {
  wire::Frame frame = link.receive();
  if (frame.type != expected) ::_exit(3);
  return frame;
}

}  // namespace

template <typename Record>
void BatchingSink::add(wire::RecordKind kind, const Record& record, bool send_now) {
  std::lock_guard lock(mutex_);
  if (!batch_) batch_ = wire::begin_frame(wire::Message::Records);
  wire::encode(*batch_, kind);
  wire::encode(*batch_, record);
  if (send_now || batch_->size() >= kBatchBytes) flush();
}

void BatchingSink::flush() {
  if (!batch_) return;
  link_.send(wire::finish_frame(*batch_));
  batch_.reset();
}

void BatchingSink::campaign(const sdk::Campaign& c) noexcept {
  add(wire::RecordKind::Campaign, c, false);
}
void BatchingSink::daily_metric(const sdk::DailyMetric& m) noexcept {
  add(wire::RecordKind::DailyMetric, m, false);
}
void BatchingSink::order(const sdk::Order& o) noexcept { add(wire::RecordKind::Order, o, false); }
void BatchingSink::checkpoint(std::string_view cursor) noexcept {
  add(wire::RecordKind::Checkpoint, std::string(cursor), true);
}
void BatchingSink::progress(const sdk::Progress& p) noexcept {
  add(wire::RecordKind::Progress, p, true);
}

sdk::HttpResponse RemoteServices::http(const sdk::HttpRequest& request) noexcept {
  auto lock = sink_.lock();
  sink_.flush();
  link_.send(wire::make_frame(wire::Message::HttpRequest, request));
  const wire::Frame frame = reply(link_, wire::Message::HttpReply);
  try {
    return wire::decode_all<sdk::HttpResponse>(frame.payload);
  } catch (const wire::Malformed&) {
    ::_exit(3);
  }
}

void RemoteServices::log(sdk::LogLevel level, std::string_view message) noexcept {
  auto lock = sink_.lock();
  sink_.flush();
  wire::Writer w = wire::begin_frame(wire::Message::Log);
  wire::encode(w, level);
  // The host keeps 2,000 bytes of a line; more would only travel to be cut.
  w.bytes(message.substr(0, 4096));
  link_.send(wire::finish_frame(w));
}

std::chrono::system_clock::time_point RemoteServices::now() const noexcept {
  return std::chrono::system_clock::now();
}

std::optional<std::string> RemoteServices::setting(std::string_view name) const noexcept {
  auto lock = sink_.lock();
  sink_.flush();
  link_.send(wire::make_frame(wire::Message::SettingRequest, std::string(name)));
  const wire::Frame frame = reply(link_, wire::Message::SettingReply);
  try {
    return wire::decode_all<std::optional<std::string>>(frame.payload);
  } catch (const wire::Malformed&) {
    ::_exit(3);
  }
}

bool RemoteServices::cancelled() const noexcept {
  const auto now = std::chrono::steady_clock::now();
  if (now >= deadline_) return true;
  // A connector may ask once per record, from several threads: look at the socket at most once a
  // millisecond, and not while another thread uses it (that thread reads any Cancel notice).
  if (auto lock = sink_.try_lock(); lock && now - last_poll_ >= std::chrono::milliseconds(1)) {
    last_poll_ = now;
    link_.poll_cancel();
  }
  return link_.cancelled();
}

}  // namespace roi::worker
