// One worker's life after start: load the connector library from its descriptor, check its ABI
// number, create and describe it, tell the host (Ready or Refused), then serve calls until the
// host closes the socket.
#pragma once

#include <roi/sdk/plugin_api.hpp>
#include <roi/wire/protocol.hpp>

#include "host_link.hpp"
#include "remote_services.hpp"

namespace roi::worker {

class Session {
 public:
  explicit Session(int socket_fd) : link_(socket_fd), sink_(link_), services_(link_, sink_) {}

  // Loads the library at `library_fd`; returns false after telling the host it is refused.
  bool load(int library_fd);
  [[noreturn]] void serve();

 private:
  void refuse(wire::RefusalCode code, const std::string& message);
  void call(const wire::Frame& frame);
  template <wire::Op op>
  void run(wire::Reader& input);

  HostLink link_;
  BatchingSink sink_;
  RemoteServices services_;
  const sdk::abi::ConnectorApi* api_ = nullptr;
  void* instance_ = nullptr;
};

}  // namespace roi::worker
