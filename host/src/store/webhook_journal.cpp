#include "store/webhook_journal.hpp"

#include <soci/soci.h>

#include "store/query_guard.hpp"

namespace roi::store {

bool WebhookJournal::record(std::string_view connector, const sdk::WebhookEvent& event) {
  return guarded("webhook_events.record", [&] {
    auto session = pool_.lease();
    const std::string p(connector);
    int processed = 0;
    *session << "INSERT INTO webhook_events (provider, event_id, type) "
                "VALUES (:provider, :id, :type) "
                "ON CONFLICT (provider, event_id) DO UPDATE "
                "SET deliveries = webhook_events.deliveries + 1, last_delivery = now() "
                "RETURNING (processed_at IS NOT NULL)::int",
        soci::use(p), soci::use(event.id), soci::use(event.type), soci::into(processed);
    return processed != 0;
  });
}

void WebhookJournal::mark_ignored(std::string_view connector, const sdk::WebhookEvent& event) {
  guarded("webhook_events.mark_ignored", [&] {
    auto session = pool_.lease();
    soci::transaction tx(*session);
    if (lock_unprocessed_event(*session, connector, event.id)) {
      mark_event_processed(*session, connector, event.id, "ignored");
    }
    tx.commit();
  });
}

bool lock_unprocessed_event(soci::session& session, std::string_view provider,
                            std::string_view event_id) {
  const std::string p(provider), id(event_id);
  int processed = 1;
  session << "SELECT (processed_at IS NOT NULL)::int FROM webhook_events "
             "WHERE provider = :provider AND event_id = :id FOR UPDATE",
      soci::use(p), soci::use(id), soci::into(processed);
  return session.got_data() && processed == 0;
}

void mark_event_processed(soci::session& session, std::string_view provider,
                          std::string_view event_id, std::string_view outcome) {
  const std::string p(provider), id(event_id), o(outcome);
  session << "UPDATE webhook_events SET processed_at = now(), outcome = :outcome "
             "WHERE provider = :provider AND event_id = :id",
      soci::use(o), soci::use(p), soci::use(id);
}

}  // namespace roi::store
