// /api/webhooks/<provider>: verify the signature over the raw body, parse, record the delivery,
// skip what was processed already, hand the rest to the provider's handler. Not tRPC: plain JSON
// answers with the statuses providers act on (401 bad signature, 400 bad payload, 5xx: retry).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "http/message.hpp"
#include "observability/log.hpp"
#include "webhooks/provider.hpp"

namespace roi::webhooks {

class Endpoint {
 public:
  Endpoint(Journal& journal, observability::Logger& log) : journal_(journal), log_(log) {}

  // Adds /api/webhooks/<name>. `handler` may be null: every event is then recorded and ignored.
  void add(std::string name, std::unique_ptr<Provider> provider, Handler* handler);

  // `name` is the path segment after /api/webhooks/.
  http::Response handle(const http::Request& request, std::string_view name);

 private:
  struct Route {
    std::unique_ptr<Provider> provider;
    Handler* handler = nullptr;
  };
  http::Response deliver(const Route& route, const std::string& name, const http::Request& request);

  Journal& journal_;
  observability::Logger& log_;
  std::map<std::string, Route, std::less<>> routes_;
};

}  // namespace roi::webhooks
