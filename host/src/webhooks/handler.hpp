// What acts on the typed events a connector reads from its webhook deliveries, and the record of
// deliveries kept before anything acts on them.
#pragma once

#include <roi/sdk/connector.hpp>
#include <string_view>

namespace roi::webhooks {

// Acts on events seen for the first time. Throws on failure, so the delivery is answered 5xx and
// the provider retries.
class Handler {
 public:
  virtual ~Handler() = default;
  // False when the event is none of this handler's business (for instance an order event from a
  // connector without the Orders capability). When it changes state, the handler marks the event
  // processed in the same transaction (store::lock_unprocessed_event), so a retry that races it
  // or follows it never applies it twice.
  virtual bool handle(const sdk::Description& connector, const sdk::WebhookEvent& event) = 0;
};

// The record of deliveries (deduplicated by connector id and event id).
class Journal {
 public:
  virtual ~Journal() = default;
  // Records a delivery (committed at once); true when the event was processed already.
  virtual bool record(std::string_view connector, const sdk::WebhookEvent& event) = 0;
  // Marks an event no handler acts on as processed.
  virtual void mark_ignored(std::string_view connector, const sdk::WebhookEvent& event) = 0;
};

}  // namespace roi::webhooks
