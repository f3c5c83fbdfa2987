// The platforms (ad platforms and stores) a user can connect through OAuth: connector id (also the stored platform and
// the callback path segment) and the name shown in messages.
#pragma once

#include <array>
#include <string_view>

namespace roi::integrations {

struct Platform {
  std::string_view id;    // "google-ads"
  std::string_view name;  // "Google Ads"
};

inline constexpr Platform kGoogleAds{"google-ads", "Google Ads"};
inline constexpr Platform kMeta{"meta", "Meta"};
inline constexpr Platform kShopify{"shopify", "Shopify"};
inline constexpr std::array<Platform, 3> kPlatforms = {kGoogleAds, kMeta, kShopify};

// The OAuth platform with this id, or null.
inline const Platform* find_platform(std::string_view id) {
  for (const Platform& p : kPlatforms) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

}  // namespace roi::integrations
