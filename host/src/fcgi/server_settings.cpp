#include "fcgi/server_settings.hpp"

#include "http/client_address.hpp"

namespace roi::fcgi {

std::vector<config::Key<ServerSettings>> server_keys() {
  using S = ServerSettings;
  return {
      config::string_key<S>("server.socket", "ROI_FCGI_SOCKET", "run/roi-host.sock", &S::socket,
                            "FastCGI listen socket: a Unix socket path or :port"),
      config::integer_key<S>("server.threads", "ROI_FCGI_THREADS", "64", 2, 4096, &S::threads,
                             "accept threads; must exceed nginx's upstream keepalive count"),
      config::integer_key<S>("server.backlog", "ROI_FCGI_BACKLOG", "1024", 1, 65535, &S::backlog,
                             "listen backlog"),
      config::integer_key<S>("server.max_body_bytes", "ROI_MAX_BODY_BYTES", "1048576", 1024,
                             64LL << 20, &S::max_body_bytes),
      config::integer_key<S>("server.shutdown_grace_ms", "ROI_SHUTDOWN_GRACE_MS", "10000", 0,
                             600000, &S::shutdown_grace_ms,
                             "how long SIGTERM waits for in-flight requests"),
      config::integer_key<S>("server.max_batch_calls", "ROI_MAX_BATCH_CALLS", "50", 1, 1000,
                             &S::max_batch_calls, "tRPC calls allowed in one batch request"),
      config::optional_key<S>(
          "server.trusted_proxies", "ROI_TRUSTED_PROXIES", &S::trusted_proxies,
          "comma-separated CIDRs of proxies whose X-Forwarded-For is believed; empty: nginx is "
          "the edge",
          [](const std::string& v) {
            std::string problem;
            if (!http::TrustedProxies::parse(v, problem)) {
              config::invalid(
                  "server.trusted_proxies", v,
                  "comma-separated addresses or CIDRs like 10.0.0.0/8 (" + problem + ")");
            }
          }),
      config::optional_key<S>("server.socket_group", "ROI_FCGI_SOCKET_GROUP", &S::socket_group,
                              "group the Unix socket is given (nginx's); empty: the host's own"),
  };
}

}  // namespace roi::fcgi
