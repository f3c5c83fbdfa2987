// Google Ads report rows: which GAQL fields each resource offers, how a query turns the generated
// data into GoogleAdsRow values, and how a row is written in the REST JSON mapping.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "data.hpp"
#include "gaql.hpp"
#include "json.hpp"

namespace roi::sim::google {

struct AdsData {
  Shape shape;
  std::vector<Account> accounts;
  std::string manager_id;  // empty: the user reaches every account directly
  Date today;
};

// Runs `query` against one customer. Throws gaql::QueryError for fields, resources and date
// ranges the real API refuses.
std::vector<gaql::Row> run_query(const gaql::Query& query, const AdsData& data,
                                 const std::string& customer_id);

// Sums of the selected metrics over `rows`, for the summary row.
gaql::Row summary_row(const std::vector<gaql::Row>& rows, const std::vector<std::string>& select);

// proto3 JSON: lowerCamelCase keys, int64 as strings, doubles as numbers, enums as names,
// resourceName on every resource object, zero metrics left out. Built once per reply: the
// layout of the selected fields does not change from row to row.
class RowWriter {
 public:
  explicit RowWriter(const std::vector<std::string>& select);
  void write(JsonWriter& w, const gaql::Row& row) const;

 private:
  struct Field {
    std::string name;  // campaign.id
    std::string key;   // id
    bool metric = false;
  };
  struct Object {
    std::string key;                      // campaignBudget
    std::optional<std::string> resource;  // its resource_name field, when it has one
    std::vector<Field> fields;
  };
  std::vector<Object> objects_;
};
std::string field_mask(const std::vector<std::string>& select);

}  // namespace roi::sim::google
