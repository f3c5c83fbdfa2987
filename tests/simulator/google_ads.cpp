// Google Ads REST: customers:listAccessibleCustomers, googleAds:search (paged) and
// googleAds:searchStream (a JSON array of batches), with the header checks of the real API.
// Served under /googleads.googleapis.com/v{N}/...; any version number is accepted.
#include <algorithm>
#include <memory>
#include <mutex>
#include <roi/sdk/helpers/encoding.hpp>

#include "google_ads_rows.hpp"
#include "google_errors.hpp"
#include "platforms.hpp"

namespace roi::sim {

namespace {

using google::AdsError;
using google::failure;

const std::string kPlatform = "google-ads";
const std::string kMissingAuth =
    "Request is missing required authentication credential. Expected OAuth 2 access token, login "
    "cookie or other "
    "valid authentication credential. See "
    "https://developers.google.com/identity/sign-in/web/devconsole-project.";

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class GoogleAds {
 public:
  explicit GoogleAds(State& state) : state_(state) {}

  Response list_customers(Request& req) {
    const auto& version = req.captures[0];
    const auto draw = state_.faults.draw(kPlatform, scope::kData, req.target);
    if (auto refused = check(req, draw, version, {})) return finish(std::move(*refused), draw);
    const auto data = snapshot();
    return finish(Response::json(200, write_json([&](JsonWriter& w) {
                                   w.StartObject();
                                   std::vector<std::string> ids;
                                   if (!data.manager_id.empty())
                                     ids.push_back(data.manager_id);
                                   else
                                     for (const auto& a : data.accounts) ids.push_back(a.id);
                                   if (!ids.empty()) {  // proto3 JSON leaves an empty list out
                                     key(w, "resourceNames");
                                     w.StartArray();
                                     for (const auto& id : ids) str(w, "customers/" + id);
                                     w.EndArray();
                                   }
                                   w.EndObject();
                                 })),
                  draw);
  }

  Response search(Request& req, bool stream) {
    const auto& version = req.captures[0];
    const auto& customer = req.captures[1];
    const auto draw = state_.faults.draw(kPlatform, scope::kData | scope::kPaged, req.target);
    if (auto refused = check(req, draw, version, customer))
      return finish(std::move(*refused), draw);

    rapidjson::Document body;
    std::string error;
    if (!parse_json(req.body, body, error) || !body.IsObject()) {
      return failure(400, "INVALID_ARGUMENT", "Invalid JSON payload received. " + error, version,
                     {});
    }
    // proto3 JSON accepts the original snake_case names as well as lowerCamelCase.
    const std::vector<std::string> known =
        stream ? std::vector<std::string>{"query", "summaryRowSetting", "summary_row_setting"}
               : std::vector<std::string>{"query",         "pageToken",      "page_token",
                                          "pageSize",      "page_size",      "validateOnly",
                                          "validate_only", "searchSettings", "search_settings"};
    for (const auto& m : body.GetObject()) {
      const std::string name = m.name.GetString();
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        return failure(
            400, "INVALID_ARGUMENT",
            "Invalid JSON payload received. Unknown name \"" + name + "\": Cannot find field.",
            version, {});
      }
    }
    if (body.HasMember("pageSize") || body.HasMember("page_size")) {
      return failure(400, "INVALID_ARGUMENT", version,
                     AdsError{"requestError",
                              "PAGE_SIZE_NOT_SUPPORTED",
                              "Setting the page size is not supported. Search Responses will have "
                              "fixed page size of '10000' rows.",
                              {}});
    }
    const std::string query_text = string_member(body, "query");
    if (query_text.empty()) {
      return failure(400, "INVALID_ARGUMENT", version,
                     AdsError{"requestError",
                              "REQUIRED_FIELD_MISSING",
                              "Required field was not specified: query.",
                              {}});
    }
    const auto data = snapshot();
    gaql::Query query;
    std::shared_ptr<const std::vector<gaql::Row>> rows;
    try {
      query = gaql::parse(query_text);
      rows = evaluate(query, query_text, data, customer);
    } catch (const gaql::QueryError& e) {
      return failure(400, "INVALID_ARGUMENT", version,
                     AdsError{"queryError", e.code, e.message, {}});
    }
    if (stream) return finish(stream_reply(body, query, *rows, draw), draw);
    return finish(page_reply(body, query, *rows, draw, customer, query_text, version), draw);
  }

 private:
  // The last query's rows, kept for its next pages as the real API keeps a result behind its page
  // tokens: evaluating a year of 1,000 campaigns per page would make the simulator the bottleneck
  // of every large sync. Keyed by everything the rows derive from.
  std::shared_ptr<const std::vector<gaql::Row>> evaluate(const gaql::Query& query,
                                                         const std::string& query_text,
                                                         const google::AdsData& data,
                                                         const std::string& customer) {
    const auto& sh = data.shape;
    std::string key = customer + "\n" + query_text + "\n" + data.manager_id + "\n" +
                      std::to_string(data.today.day) + " " + std::to_string(sh.accounts) + " " +
                      std::to_string(sh.campaigns) + " " + std::to_string(sh.first.day) + " " +
                      std::to_string(sh.last.day) + " " + std::to_string(sh.seed);
    // Restated days change the rows too: without them a page after /_sim/restate served old
    // figures.
    for (const auto& [day, times] : sh.restated) {
      key += "\n" + day.first + " " + std::to_string(day.second) + " " + std::to_string(times);
    }
    {
      std::lock_guard lock(cache_mu_);
      if (cache_key_ == key) return cache_rows_;
    }
    auto rows =
        std::make_shared<const std::vector<gaql::Row>>(google::run_query(query, data, customer));
    std::lock_guard lock(cache_mu_);
    cache_key_ = key;
    cache_rows_ = rows;
    return rows;
  }

  google::AdsData snapshot() const {
    google::AdsData d;
    d.shape = state_.shape(kPlatform, Flavor::GoogleAds);
    d.accounts = generate_accounts(d.shape);
    d.manager_id = state_.settings.text(kPlatform, "manager_id");
    d.today = state_.clock.today();
    return d;
  }

  // The checks the real API makes before it looks at the body, plus armed error faults.
  std::optional<Response> check(const Request& req, const Draw& draw, const std::string& version,
                                const std::string& customer) {
    if (draw.error) return fault_reply(*draw.error, version);
    const auto auth = req.header("authorization");
    if (auth.rfind("Bearer ", 0) != 0)
      return failure(401, "UNAUTHENTICATED", kMissingAuth, version, {});
    switch (state_.tokens.check(kPlatform, auth.substr(7), state_.clock.now())) {
      case TokenCheck::Valid:
        break;
      case TokenCheck::Expired:
        return failure(
            401, "UNAUTHENTICATED", version,
            AdsError{"authenticationError",
                     "OAUTH_TOKEN_EXPIRED",
                     "Authentication of the request failed: the OAuth token has expired.",
                     {}});
      case TokenCheck::Revoked:
        return failure(
            401, "UNAUTHENTICATED", version,
            AdsError{"authenticationError",
                     "OAUTH_TOKEN_REVOKED",
                     "Authentication of the request failed: the OAuth token was revoked.",
                     {}});
      default:
        return failure(401, "UNAUTHENTICATED", version,
                       AdsError{"authenticationError",
                                "OAUTH_TOKEN_INVALID",
                                "Oauth token in the header is not valid.",
                                {}});
    }
    const auto dev = req.header("developer-token");
    if (dev.empty()) {
      return failure(400, "INVALID_ARGUMENT", version,
                     AdsError{"requestError",
                              "DEVELOPER_TOKEN_PARAMETER_MISSING",
                              "developer-token parameter is missing.",
                              {}});
    }
    if (dev != state_.settings.text(kPlatform, "developer_token")) {
      return failure(401, "UNAUTHENTICATED", version,
                     AdsError{"authenticationError",
                              "DEVELOPER_TOKEN_INVALID",
                              "The developer token is not valid.",
                              {}});
    }
    if (customer.empty()) return std::nullopt;
    if (!all_digits(customer)) {
      return failure(400, "INVALID_ARGUMENT", version,
                     AdsError{"authenticationError",
                              "CLIENT_CUSTOMER_ID_INVALID",
                              "The customer ID is not a number: write it without dashes.",
                              {}});
    }
    const auto manager = state_.settings.text(kPlatform, "manager_id");
    const auto login = req.header("login-customer-id");
    const auto accounts = generate_accounts(state_.shape(kPlatform, Flavor::GoogleAds));
    const bool known = find_account(accounts, customer) != nullptr;
    bool allowed = false;
    if (!manager.empty())
      allowed =
          customer == manager ? (login.empty() || login == manager) : (known && login == manager);
    else
      allowed = known && (login.empty() || login == customer);
    if (!allowed) {
      return failure(
          403, "PERMISSION_DENIED", version,
          AdsError{"authorizationError",
                   "USER_PERMISSION_DENIED",
                   "User doesn't have permission to access customer. Note: If you're accessing a "
                   "client customer, "
                   "the manager's customer id must be set in the 'login-customer-id' header. See "
                   "https://developers.google.com/google-ads/api/docs/concepts/call-structure#cid",
                   {}});
    }
    return std::nullopt;
  }

  Response fault_reply(const FaultSpec& f, const std::string& version) {
    switch (f.kind) {
      case FaultKind::RateLimit:
        return failure(
            429, "RESOURCE_EXHAUSTED", version,
            AdsError{"quotaError", "RESOURCE_EXHAUSTED",
                     "Too many requests. Retry in " + std::to_string(f.retry_after) + " seconds.",
                     google::QuotaDetails{"DEVELOPER", "Number of operations for basic access",
                                          f.retry_after}});
      case FaultKind::RetryAfter: {
        auto r = failure(429, "RESOURCE_EXHAUSTED", version,
                         AdsError{"quotaError",
                                  "RESOURCE_TEMPORARILY_EXHAUSTED",
                                  "Too many requests in a short time. Retry later.",
                                  {}});
        r.headers.emplace_back("Retry-After", std::to_string(f.retry_after));
        return r;
      }
      case FaultKind::ExpiredToken:
        return failure(
            401, "UNAUTHENTICATED", version,
            AdsError{"authenticationError",
                     "OAUTH_TOKEN_EXPIRED",
                     "Authentication of the request failed: the OAuth token has expired.",
                     {}});
      default:
        if (f.status == 503)
          return failure(503, "UNAVAILABLE", "The service is currently unavailable.", version, {});
        return failure(500, "INTERNAL", version,
                       AdsError{"internalError",
                                "INTERNAL_ERROR",
                                "An internal error has occurred. Please retry your request.",
                                {}});
    }
  }

  // Opaque to clients; bound to the customer and query so a token from another query is refused.
  static std::string query_hash(const std::string& customer, const std::string& query) {
    return std::to_string(hash_text(customer + "\n" + query) % 1000000007);
  }
  static std::string page_token(std::size_t offset, const std::string& customer,
                                const std::string& query) {
    return sdk::helpers::to_base64url("o=" + std::to_string(offset) +
                                      ";h=" + query_hash(customer, query));
  }
  static std::optional<std::size_t> read_page_token(const std::string& token,
                                                    const std::string& customer,
                                                    const std::string& query) {
    const std::string decoded = sdk::helpers::from_base64url(token).value_or("");
    if (decoded.rfind("o=", 0) != 0) return std::nullopt;
    const auto semi = decoded.find(";h=");
    if (semi == std::string::npos || decoded.substr(semi + 3) != query_hash(customer, query))
      return std::nullopt;
    const auto offset = decoded.substr(2, semi - 2);
    if (!all_digits(offset) || offset.size() > 9) return std::nullopt;
    return static_cast<std::size_t>(std::stoul(offset));
  }

  Response page_reply(const rapidjson::Document& body, const gaql::Query& q,
                      const std::vector<gaql::Row>& rows, const Draw& draw,
                      const std::string& customer, const std::string& query_text,
                      const std::string& version) {
    std::size_t offset = 0;
    auto token = string_member(body, "pageToken");
    if (token.empty()) token = string_member(body, "page_token");
    if (!token.empty()) {
      const auto read = read_page_token(token, customer, query_text);
      if (!read)
        return failure(
            400, "INVALID_ARGUMENT", version,
            AdsError{"requestError", "INVALID_PAGE_TOKEN", "Page token is invalid.", {}});
      offset = std::min(*read, rows.size());
    }
    const auto limit = static_cast<std::size_t>(
        std::max<std::int64_t>(1, state_.settings.integer(kPlatform, "page_size")));
    const auto count = std::min(page_size(draw, limit, offset), rows.size() - offset);
    const auto& settings = body.HasMember("searchSettings") ? body["searchSettings"] : body;
    const bool validate_only = body.HasMember("validateOnly") && body["validateOnly"].IsBool() &&
                               body["validateOnly"].GetBool();
    return Response::json(
        200, write_json([&](JsonWriter& w) {
          w.StartObject();
          const google::RowWriter row_writer(q.select);
          if (!validate_only && count > 0) {
            key(w, "results");
            w.StartArray();
            for (std::size_t i = offset; i < offset + count; ++i) row_writer.write(w, rows[i]);
            w.EndArray();
          }
          const bool last =
              offset + count >= rows.size() && !(draw.empty_page && offset < rows.size());
          if (!validate_only && !last)
            put(w, "nextPageToken", page_token(offset + count, customer, query_text));
          if (settings.IsObject() && settings.HasMember("returnTotalResultsCount") &&
              settings["returnTotalResultsCount"].IsBool() &&
              settings["returnTotalResultsCount"].GetBool()) {
            put(w, "totalResultsCount", std::to_string(rows.size()));
          }
          put(w, "fieldMask", google::field_mask(q.select));
          if (last && settings.IsObject() && settings.HasMember("returnSummaryRow") &&
              settings["returnSummaryRow"].IsBool() && settings["returnSummaryRow"].GetBool()) {
            key(w, "summaryRow");
            row_writer.write(w, google::summary_row(rows, q.select));
          }
          put(w, "requestId", random_id());
          put(w, "queryResourceConsumption", std::to_string(10 + rows.size() / 100));
          w.EndObject();
        }));
  }

  Response stream_reply(const rapidjson::Document& body, const gaql::Query& q,
                        const std::vector<gaql::Row>& rows, const Draw& draw) {
    const auto setting = string_member(
        body, body.HasMember("summaryRowSetting") ? "summaryRowSetting" : "summary_row_setting");
    const bool with_summary =
        setting == "SUMMARY_ROW_WITH_RESULTS" || setting == "SUMMARY_ROW_ONLY";
    const bool results = setting != "SUMMARY_ROW_ONLY";
    const auto limit = static_cast<std::size_t>(
        std::max<std::int64_t>(1, state_.settings.integer(kPlatform, "stream_batch_size")));
    Draw shaped = draw;
    shaped.empty_page = false;
    const auto mask = google::field_mask(q.select);
    const google::RowWriter row_writer(q.select);
    const auto request_id = random_id();
    return Response::json(
        200, write_json([&](JsonWriter& w) {
          const auto batch = [&](std::size_t from, std::size_t n, bool final_batch) {
            w.StartObject();
            if (n > 0) {
              key(w, "results");
              w.StartArray();
              for (std::size_t i = from; i < from + n; ++i) row_writer.write(w, rows[i]);
              w.EndArray();
            }
            put(w, "fieldMask", mask);
            if (final_batch && with_summary) {
              key(w, "summaryRow");
              row_writer.write(w, google::summary_row(rows, q.select));
            }
            put(w, "requestId", request_id);
            if (final_batch)
              put(w, "queryResourceConsumption", std::to_string(10 + rows.size() / 100));
            w.EndObject();
          };
          w.StartArray();
          if (draw.empty_page) batch(0, 0, false);
          std::size_t offset = 0;
          for (std::size_t index = 0; results && offset < rows.size(); ++index) {
            const auto n = std::min(page_size(shaped, limit, index), rows.size() - offset);
            batch(offset, n, !with_summary && offset + n >= rows.size());
            offset += n;
          }
          // The summary row comes by itself after all other results, as documented.
          if (with_summary || rows.empty() || !results) batch(0, 0, true);
          w.EndArray();
        }));
  }

  State& state_;
  std::mutex cache_mu_;
  std::string cache_key_;
  std::shared_ptr<const std::vector<gaql::Row>> cache_rows_;
};

}  // namespace

void install_google_ads(Router& router, State& state) {
  auto& s = state.settings;
  declare_shape_knobs(s, kPlatform, 2);
  s.declare(kPlatform, "page_size", std::int64_t{10000},
            "rows per googleAds:search page (the real API: 10000)", 1, 10000);
  s.declare(kPlatform, "stream_batch_size", std::int64_t{10000},
            "rows per googleAds:searchStream batch", 1, 100000);
  s.declare(kPlatform, "manager_id", std::string{},
            "a manager (MCC) customer id: clients then need login-customer-id set to it");
  s.declare(kPlatform, "developer_token", std::string{"sim-developer-token"},
            "the developer-token header every call must carry");
  state.claim("/googleads.googleapis.com/", kPlatform);
  auto ads = std::make_shared<GoogleAds>(state);
  router.add("GET", R"(/googleads\.googleapis\.com/(v\d+)/customers:listAccessibleCustomers)",
             [ads](Request& r) { return ads->list_customers(r); });
  router.add("POST", R"(/googleads\.googleapis\.com/(v\d+)/customers/([^/:]*)/googleAds:search)",
             [ads](Request& r) { return ads->search(r, false); });
  router.add("POST",
             R"(/googleads\.googleapis\.com/(v\d+)/customers/([^/:]*)/googleAds:searchStream)",
             [ads](Request& r) { return ads->search(r, true); });
}

}  // namespace roi::sim
