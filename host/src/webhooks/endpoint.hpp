// /api/webhooks/<connector>: for any loaded connector that takes webhooks, the connector checks
// the signature over the raw body and reads the delivery into typed events; the host records
// each event, skips what was processed already and hands the rest to its handlers. Not tRPC:
// plain answers with the statuses providers act on (401 bad signature, 400 bad payload, 5xx:
// retry).
#pragma once

#include <string_view>
#include <vector>

#include "http/message.hpp"
#include "observability/log.hpp"
#include "plugins/plugin_host.hpp"
#include "webhooks/handler.hpp"

namespace roi::webhooks {

class Endpoint {
 public:
  // `handlers` are asked in order; the first that takes an event acts on it.
  Endpoint(const plugins::PluginHost& connectors, Journal& journal, std::vector<Handler*> handlers,
           observability::Logger& log)
      : connectors_(connectors), journal_(journal), handlers_(std::move(handlers)), log_(log) {}

  // `connector` is the path segment after /api/webhooks/.
  http::Response handle(const http::Request& request, std::string_view connector);

 private:
  http::Response handshake(plugins::ConnectorClient& client, const sdk::WebhookRequest& request);
  http::Response deliver(plugins::ConnectorClient& client, const sdk::WebhookRequest& request,
                         const http::Request& raw);
  // True when the event was processed before (a duplicate).
  bool process(const sdk::Description& connector, const sdk::WebhookEvent& event);

  const plugins::PluginHost& connectors_;
  Journal& journal_;
  std::vector<Handler*> handlers_;
  observability::Logger& log_;
};

}  // namespace roi::webhooks
