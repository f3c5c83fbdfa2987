#include "store/shopify_events.hpp"

#include <soci/soci.h>

#include "store/query_guard.hpp"
#include "store/webhook_journal.hpp"
#include "webhooks/json_body.hpp"

namespace roi::store {

bool ShopifyEvents::handle(std::string_view provider, const webhooks::Event& event) {
  if (event.type != "app/uninstalled") return false;
  rapidjson::Document doc;
  if (!webhooks::parse_json_object(event.body, doc)) return false;
  const auto domain = doc.FindMember("myshopify_domain");
  if (domain == doc.MemberEnd() || !domain->value.IsString()) return false;
  const std::string shop = domain->value.GetString();
  return guarded("integrations.shopify_uninstalled", [&] {
    auto session = pool_.lease();
    soci::transaction tx(*session);
    if (!lock_unprocessed_event(*session, provider, event.id)) return true;
    // The shop revoked our token: nothing may use it again, and a reconnect starts over.
    *session << "UPDATE integrations SET is_active = false, status = 'disconnected', "
                "access_token = NULL, refresh_token = NULL, token_key_id = NULL, token_expiry = NULL, "
                "updated_at = now() WHERE platform = 'shopify' AND account_id = :shop",
        soci::use(shop);
    mark_event_processed(*session, provider, event.id, "applied");
    tx.commit();
    return true;
  });
}

}  // namespace roi::store
