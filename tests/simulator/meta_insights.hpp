// Meta ad-account insights: reading level / time_increment / time_range / date_preset / fields,
// and building the rows with numbers as strings and the duplicated purchase action types.
#pragma once

#include <string>
#include <vector>

#include "data.hpp"
#include "http.hpp"

namespace roi::sim::meta {

struct InsightsQuery {
  std::string level;      // "campaign" or "account"
  std::string increment;  // "1".."90", "all_days" or "monthly"
  Date since;
  Date until;
  std::vector<std::string> fields;
};

// Reads the query parameters; returns a Graph-style "(#100) ..." message, or "" when valid.
std::string parse_insights(const Request& req, Date today, const Shape& shape, InsightsQuery& out);

// Each row as a finished JSON object, so the caller can page through them.
std::vector<std::string> insights_rows(const InsightsQuery& query, const Shape& shape,
                                       const Account& account);

// `micros` as a decimal string with at most `places` decimals; `trim` drops trailing zeros.
std::string decimal(std::int64_t micros, int places, bool trim);

// Splits a Graph `fields` parameter ("a,b,c") and checks each against `allowed`; returns the
// first unknown field in `unknown`.
std::vector<std::string> split_fields(const std::string& text,
                                      const std::vector<std::string>& allowed,
                                      std::string& unknown);

}  // namespace roi::sim::meta
