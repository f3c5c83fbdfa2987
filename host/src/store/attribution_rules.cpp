#include "store/attribution_rules.hpp"

#include <soci/soci.h>

#include "store/array_text.hpp"

namespace roi::store {

void configure_attribution(soci::session& session, const AttributionSettings& settings,
                           observability::Logger& log) {
  ArrayText aliases, platforms;
  for (const auto& [alias, platform] : settings.aliases) {
    aliases.text(alias);
    platforms.text(platform);
  }
  const std::string a = aliases.done(), p = platforms.done();
  const int window = settings.window_days;
  long long changed = 0;
  soci::transaction tx(session);
  session << "SELECT attribution_configure(:a::text[], :p::text[], :w)", soci::use(a), soci::use(p),
      soci::use(window), soci::into(changed);
  tx.commit();
  log.info("attribution_configured")
      .num("aliases", static_cast<std::int64_t>(settings.aliases.size()))
      .num("window_days", window)
      .num("orders_rematched", changed);
}

}  // namespace roi::store
