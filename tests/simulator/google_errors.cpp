// Google error envelopes as the REST interface sends them.
#include "google_errors.hpp"

#include "json.hpp"
#include "state.hpp"

namespace roi::sim::google {

Response failure(unsigned http, const std::string& status, const std::string& message,
                 const std::string& version, const std::vector<AdsError>& errors) {
  return Response::json(
      http, write_json([&](JsonWriter& w) {
        w.StartObject();
        key(w, "error");
        w.StartObject();
        put_int(w, "code", http);
        put(w, "message", message);
        put(w, "status", status);
        if (!errors.empty()) {
          key(w, "details");
          w.StartArray();
          w.StartObject();
          put(w, "@type",
              "type.googleapis.com/google.ads.googleads." + version + ".errors.GoogleAdsFailure");
          key(w, "errors");
          w.StartArray();
          for (const auto& e : errors) {
            w.StartObject();
            key(w, "errorCode");
            w.StartObject();
            put(w, e.category, e.code);
            w.EndObject();
            put(w, "message", e.message);
            if (e.quota) {
              key(w, "details");
              w.StartObject();
              key(w, "quotaErrorDetails");
              w.StartObject();
              put(w, "rateScope", e.quota->rate_scope);
              put(w, "rateName", e.quota->rate_name);
              put(w, "retryDelay", std::to_string(e.quota->retry_delay_s) + "s");
              w.EndObject();
              w.EndObject();
            }
            w.EndObject();
          }
          w.EndArray();
          put(w, "requestId", random_id());
          w.EndObject();
          w.EndArray();
        }
        w.EndObject();
        w.EndObject();
      }));
}

Response failure(unsigned http, const std::string& status, const std::string& version,
                 AdsError error) {
  const std::string message = http == 401   ? "Request had invalid authentication credentials."
                              : http == 403 ? "The caller does not have permission"
                              : http == 429 ? "Resource has been exhausted (e.g. check quota)."
                              : http >= 500 ? "Internal error encountered."
                                            : "Request contains an invalid argument.";
  return failure(http, status, message, version, {std::move(error)});
}

}  // namespace roi::sim::google
