// The simulator's HTTP/1.1 server: Boost.Beast on a small Asio thread pool, keep-alive, slow
// replies without blocking a thread, and a hard cap on request size so hostile input cannot hurt.
#pragma once

#include <memory>
#include <string>

#include "http.hpp"

namespace roi::sim {

class Server {
 public:
  // Binds immediately so port() is known before run(); port 0 picks a free one.
  Server(const Router& router, const std::string& address, unsigned short port, int threads);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  unsigned short port() const;
  // Serves until SIGINT or SIGTERM.
  void run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace roi::sim
