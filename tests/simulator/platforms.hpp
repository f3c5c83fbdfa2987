// The platforms the simulator speaks. Each lives in its own file and installs itself: it declares
// its knobs, claims its host prefix for the request log, and adds its routes. Adding a platform is
// one new file plus one line in main.cpp's list.
#pragma once

#include "http.hpp"
#include "state.hpp"

namespace roi::sim {

void install_control(Router& router, State& state);       // control.cpp: /_sim/...
void install_google_oauth(Router& router, State& state);  // google_oauth.cpp
void install_google_ads(Router& router, State& state);    // google_ads.cpp
void install_meta_oauth(Router& router, State& state);    // meta_oauth.cpp
void install_meta(Router& router, State& state);          // meta.cpp
void install_stripe(Router& router, State& state);        // stripe.cpp
void install_ai_service(Router& router, State& state);    // ai_service.cpp
void install_shopify(Router& router, State& state);       // shopify.cpp (calls the next one)
void install_shopify_control(Router& router,
                             State& state);  // shopify_control.cpp: /_sim/shopify/...

}  // namespace roi::sim
