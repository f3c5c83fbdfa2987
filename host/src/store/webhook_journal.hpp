// The record of webhook deliveries over Postgres (the webhook_events table; app/ puts it behind
// webhooks::Journal), and the claim every repository that applies a webhook event runs inside
// its own transaction.
#pragma once

#include <soci/session.h>

#include <roi/sdk/connector.hpp>
#include <string_view>

#include "store/pool.hpp"

namespace roi::store {

class WebhookJournal {
 public:
  explicit WebhookJournal(Pool& pool) : pool_(pool) {}

  // Records a delivery (committed at once); true when the event was processed already.
  bool record(std::string_view connector, const sdk::WebhookEvent& event);
  // Marks an event no handler acts on as processed.
  void mark_ignored(std::string_view connector, const sdk::WebhookEvent& event);

 private:
  Pool& pool_;
};

// Locks the event's row until the caller's transaction ends; false when it was processed
// already (by an earlier delivery, or a concurrent one that committed first).
bool lock_unprocessed_event(soci::session& session, std::string_view provider,
                            std::string_view event_id);
// Marks a locked event processed with `outcome` ("applied", "ignored", "stale", "sync_queued").
void mark_event_processed(soci::session& session, std::string_view provider,
                          std::string_view event_id, std::string_view outcome);

}  // namespace roi::store
