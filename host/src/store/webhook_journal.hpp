// webhooks::Journal over Postgres (the webhook_events table), and the claim every repository
// that applies a webhook event runs inside its own transaction.
#pragma once

#include <soci/session.h>

#include <string_view>

#include "store/pool.hpp"
#include "webhooks/handler.hpp"

namespace roi::store {

class WebhookJournal final : public webhooks::Journal {
 public:
  explicit WebhookJournal(Pool& pool) : pool_(pool) {}

  bool record(std::string_view connector, const sdk::WebhookEvent& event) override;
  void mark_ignored(std::string_view connector, const sdk::WebhookEvent& event) override;

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
