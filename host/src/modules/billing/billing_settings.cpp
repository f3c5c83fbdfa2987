#include "modules/billing/billing_settings.hpp"

#include "connector/output_checks.hpp"

namespace roi::modules::billing {

std::vector<config::Key<BillingSettings>> billing_keys() {
  using S = BillingSettings;
  return {
      config::optional_key<S>(
          "billing.connector", "ROI_BILLING_CONNECTOR", &S::connector,
          "the connector that bills users; empty: the one loaded with the billing capability",
          [](const std::string& v) {
            if (!plugins::is_connector_id(v))
              config::invalid("billing.connector", v, "a connector id");
          }),
  };
}

}  // namespace roi::modules::billing
