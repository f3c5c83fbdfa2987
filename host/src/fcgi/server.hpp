// The FastCGI front door: a fixed set of libfcgi accept threads, each turning one request at a
// time into an http::Request, calling the application, and writing its http::Response back.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config/settings.hpp"
#include "http/client_address.hpp"
#include "http/message.hpp"
#include "observability/log.hpp"

namespace roi::fcgi {

// The CGI response head: "Status:", the headers, "Content-Length:" and the blank line. A header
// whose name or value holds CR, LF or NUL would split the head, so it is left out and its name
// added to `dropped`.
std::string response_head(const http::Response& response, std::vector<std::string>& dropped);

class Server {
 public:
  using Handler = std::function<http::Response(http::Request&)>;

  // Opens the listen socket (a stale Unix socket file is replaced): a Unix socket is mode 0660,
  // given settings.socket_group when set, so only nginx's group can speak FastCGI to the host
  // (and set REMOTE_ADDR). Throws std::runtime_error.
  Server(const config::ServerSettings& settings, Handler handler, observability::Logger& log);
  ~Server();

  void start();
  // Stops accepting, lets in-flight requests finish (up to the grace period), joins threads.
  void stop();

 private:
  struct Worker;
  void run(Worker& worker);
  http::Request read_request(void* fcgx_request);

  config::ServerSettings settings_;
  Handler handler_;
  observability::Logger& log_;
  http::TrustedProxies proxies_;
  int listen_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace roi::fcgi
