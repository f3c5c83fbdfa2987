// The FastCGI server's settings (server.*) and their declarations: what roi-host accepts, with
// types, ranges, defaults and environment names.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "config/key.hpp"

namespace roi::fcgi {

struct ServerSettings {
  std::string socket;  // FastCGI listen socket: a Unix socket path or ":port"
  int threads = 0;     // accept threads; must exceed nginx's upstream keepalive count
  int backlog = 0;     // listen backlog
  std::size_t max_body_bytes = 0;
  int shutdown_grace_ms = 0;  // how long SIGTERM waits for in-flight requests
  int max_batch_calls = 0;    // tRPC calls allowed in one batch request
  // Comma-separated CIDRs of proxies in front of nginx whose X-Forwarded-For is believed; a
  // request from elsewhere is its REMOTE_ADDR. Empty: nginx is the edge.
  std::string trusted_proxies;
  std::string socket_group;  // group the Unix socket is given (nginx's); empty: the host's own
};

std::vector<config::Key<ServerSettings>> server_keys();

}  // namespace roi::fcgi
