// Google API error bodies: the google.rpc.Status envelope, with a GoogleAdsFailure in `details`
// when the Google Ads backend (not Google's front end) refused the call.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http.hpp"

namespace roi::sim::google {

struct QuotaDetails {
  std::string rate_scope;  // ACCOUNT or DEVELOPER
  std::string rate_name;
  std::int64_t retry_delay_s = 0;
};

struct AdsError {
  std::string category;  // "quotaError", "authenticationError", ...
  std::string code;      // the enum name
  std::string message;
  std::optional<QuotaDetails> quota;
};

// {"error":{"code","message","status","details":[GoogleAdsFailure]}}; no details when `errors`
// is empty. `version` ("v26") goes into the failure's @type.
Response failure(unsigned http, const std::string& status, const std::string& message,
                 const std::string& version, const std::vector<AdsError>& errors);

// One error of one category, the common case.
Response failure(unsigned http, const std::string& status, const std::string& version,
                 AdsError error);

}  // namespace roi::sim::google
