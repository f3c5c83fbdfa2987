#include "store/integration_repository.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <roi/sdk/helpers/encoding.hpp>

#include "store/query_guard.hpp"
#include "store/row_values.hpp"

namespace roi::store {

std::vector<integrations::IntegrationSummary> IntegrationRepository::list(std::int64_t user_id) {
  return guarded("integrations.list", [&] {
    auto session = pool_.lease();
    const long long user = user_id;
    std::vector<integrations::IntegrationSummary> out;
    soci::rowset<soci::row> rows =
        (session->prepare
             << "SELECT i.id, i.platform, i.account_id, coalesce(i.account_name, ''), "
                "coalesce(i.currency, ''), i.status, "
                "to_char(i.last_sync AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                "i.last_error, j.id, j.status, j.progress_done, j.progress_total, j.rows_read, "
                "j.rows_written, r.outcome, "
                "to_char(r.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                "r.rows_read, r.rows_written, coalesce(r.duration_ms, 0), r.error "
                "FROM integrations i "
                "LEFT JOIN sync_jobs j ON j.integration_id = i.id "
                "AND j.status IN ('queued', 'running') "
                "LEFT JOIN LATERAL (SELECT * FROM sync_runs WHERE integration_id = i.id "
                "AND outcome <> 'running' ORDER BY id DESC LIMIT 1) r ON true "
                "WHERE i.user_id = :user ORDER BY i.platform, i.account_name, i.id",
         soci::use(user));
    for (const auto& r : rows) {
      integrations::IntegrationSummary s;
      s.id = r.get<long long>(0);
      s.platform = r.get<std::string>(1);
      s.account_id = r.get<std::string>(2);
      s.account_name = r.get<std::string>(3);
      s.currency = r.get<std::string>(4);
      s.status = r.get<std::string>(5);
      s.last_sync = optional_text(r, 6);
      s.last_error = optional_text(r, 7);
      if (r.get_indicator(8) != soci::i_null) {
        const auto done = r.get<long long>(10), total = r.get<long long>(11);
        std::optional<double> percent;
        if (total > 0)
          percent = std::min(100.0, 100.0 * static_cast<double>(done) / static_cast<double>(total));
        s.sync = integrations::SyncProgress{r.get<long long>(8), r.get<std::string>(9), percent,
                                            r.get<long long>(12), r.get<long long>(13)};
      }
      if (r.get_indicator(14) != soci::i_null) {
        s.last_run = integrations::LastRun{r.get<std::string>(14), r.get<std::string>(15),
                                           r.get<long long>(16),   r.get<long long>(17),
                                           r.get<long long>(18),   optional_text(r, 19)};
      }
      out.push_back(std::move(s));
    }
    return out;
  });
}

std::int64_t IntegrationRepository::save(const integrations::ConnectedAccount& a) {
  return guarded("integrations.save", [&] {
    auto session = pool_.lease();
    const long long user = a.user_id;
    const std::string access = sdk::helpers::to_hex(a.access_token_sealed);
    const std::string refresh =
        a.refresh_token_sealed ? sdk::helpers::to_hex(*a.refresh_token_sealed) : "";
    soci::indicator refresh_ind = a.refresh_token_sealed ? soci::i_ok : soci::i_null;
    const long long expiry = a.token_expiry.value_or(0);
    long long id = 0;
    soci::indicator expiry_ind = a.token_expiry ? soci::i_ok : soci::i_null;
    std::string currency = a.currency;
    soci::indicator currency_ind = currency.empty() ? soci::i_null : soci::i_ok;
    *session
        << "INSERT INTO integrations (user_id, platform, account_id, account_name, currency, "
           "time_zone, access_token, refresh_token, token_key_id, token_expiry, status, "
           "is_active, last_error) "
           "VALUES (:user, :platform, :account, :name, :currency, :tz, decode(:access, 'hex'), "
           "decode(:refresh, 'hex'), :kid, to_timestamp(:expiry), 'active', true, NULL) "
           "ON CONFLICT (user_id, platform, account_id) DO UPDATE SET "
           "account_name = EXCLUDED.account_name, currency = EXCLUDED.currency, "
           "time_zone = EXCLUDED.time_zone, access_token = EXCLUDED.access_token, "
           "refresh_token = EXCLUDED.refresh_token, token_key_id = EXCLUDED.token_key_id, "
           "token_expiry = EXCLUDED.token_expiry, status = 'active', is_active = true, "
           "last_error = NULL, updated_at = now() RETURNING id",
        soci::use(user), soci::use(a.platform), soci::use(a.account_id), soci::use(a.account_name),
        soci::use(currency, currency_ind), soci::use(a.time_zone), soci::use(access),
        soci::use(refresh, refresh_ind), soci::use(a.token_key_id), soci::use(expiry, expiry_ind),
        soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

bool IntegrationRepository::disconnect(std::int64_t user_id, std::int64_t integration_id,
                                       bool keep_data) {
  return guarded("integrations.disconnect", [&] {
    auto session = pool_.lease();
    const long long user = user_id;
    const long long id = integration_id;
    soci::statement st =
        keep_data ? (session->prepare
                         << "UPDATE integrations SET access_token = NULL, "
                            "refresh_token = NULL, token_key_id = NULL, token_expiry = NULL, "
                            "is_active = false, status = 'disconnected', updated_at = now() "
                            "WHERE id = :id AND user_id = :user",
                     soci::use(id), soci::use(user))
                  : (session->prepare
                         << "DELETE FROM integrations WHERE id = :id AND user_id = :user",
                     soci::use(id), soci::use(user));
    st.execute(true);
    return st.get_affected_rows() == 1;
  });
}

}  // namespace roi::store
