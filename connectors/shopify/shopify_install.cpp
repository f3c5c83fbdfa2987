#include "shopify_install.hpp"

#include <algorithm>
#include <regex>
#include <roi/sdk/helpers/hmac.hpp>
#include <roi/sdk/helpers/http.hpp>
#include <roi/sdk/helpers/numbers.hpp>
#include <roi/sdk/helpers/settings.hpp>

namespace roi::shopify {

bool valid_shop(std::string_view shop) {
  static const std::regex kShop(R"([a-z0-9][a-z0-9-]*\.myshopify\.com)");
  return shop.size() <= 255 && std::regex_match(shop.begin(), shop.end(), kShop);
}

std::string shop_base(const sdk::HostServices& host, const std::string& shop) {
  if (!valid_shop(shop))
    throw sdk::permanent("'" + shop + "' is not a *.myshopify.com shop domain");
  auto base = sdk::helpers::setting(host, "shop_base_url");
  const auto at = base.find("{shop}");
  if (at == std::string::npos) throw sdk::permanent("setting 'shop_base_url' must contain {shop}");
  return base.replace(at, 6, shop);
}

std::string verify_callback(const sdk::Headers& query, const std::string& secret,
                            std::chrono::system_clock::time_point now) {
  sdk::Headers signed_params;
  std::string hmac, shop, timestamp;
  for (const auto& [name, value] : query) {
    if (name == "hmac")
      hmac = value;
    else if (name != "signature")
      signed_params.emplace_back(name, value);
    if (name == "shop") shop = value;
    if (name == "timestamp") timestamp = value;
  }
  std::sort(signed_params.begin(), signed_params.end());
  if (hmac.empty() || !sdk::helpers::verify_hmac_sha256_hex(
                          secret, sdk::helpers::form_encode(signed_params), hmac)) {
    throw sdk::permanent("the install callback's hmac does not match");
  }
  if (!valid_shop(shop)) throw sdk::permanent("the install callback names no valid shop");
  const auto sent = sdk::helpers::parse_int64(timestamp);
  const auto age =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() -
      (sent ? *sent : 0);
  if (!sent || age > kCallbackTolerance.count() || age < -kCallbackTolerance.count()) {
    throw sdk::permanent("the install callback is stale");
  }
  return shop;
}

}  // namespace roi::shopify
