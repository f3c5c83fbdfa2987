// The subset of the Google Ads Query Language a reporting connector sends: SELECT fields FROM a
// resource, WHERE conditions joined by AND (=, !=, <, <=, >, >=, IN, NOT IN, BETWEEN, DURING,
// LIKE), ORDER BY and LIMIT. Errors carry the QueryError enum names the real API uses.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data.hpp"

namespace roi::sim::gaql {

enum class Type { Int64, Double, String, Enum, Date, Bool };

struct Value {
  Type type = Type::String;
  std::int64_t i = 0;
  double d = 0;
  std::string s;  // String, Enum and Date
  bool b = false;
};

using Row = std::map<std::string, Value>;

struct Condition {
  std::string field;
  std::string op;  // "=", "!=", "<", "<=", ">", ">=", "IN", "NOT IN", "BETWEEN", "DURING", "LIKE",
                   // "NOT LIKE"
  std::vector<std::string> values;
};

struct Order {
  std::string field;
  bool descending = false;
};

struct Query {
  std::vector<std::string> select;
  std::string from;
  std::vector<Condition> where;
  std::vector<Order> order_by;
  std::optional<std::int64_t> limit;
};

struct QueryError {
  std::string code;  // QueryErrorEnum name, e.g. UNRECOGNIZED_FIELD
  std::string message;
};

// Throws QueryError.
Query parse(std::string_view text);

struct DateRange {
  Date since;
  Date until;
};
// The finite range the conditions on `field` allow, or nullopt when they leave it open. Throws
// QueryError on an invalid date literal or an unknown DURING constant.
std::optional<DateRange> date_range(const Query& query, const std::string& field, Date today);

bool matches(const Row& row, const Condition& condition, Date today);
int compare(const Value& a, const Value& b);

}  // namespace roi::sim::gaql
