// roi-platform-sim: a local stand-in for Google OAuth, Google Ads, Meta and Stripe that speaks
// their wire formats, for the tests and `make run`. Never used in production.
#include <cstdlib>
#include <iostream>
#include <string>

#include "persistence.hpp"
#include "platforms.hpp"
#include "server.hpp"

namespace {

constexpr const char* kUsage =
    "usage: roi-platform-sim [--port N] [--address A] [--threads N] [--state FILE]\n"
    "                        [--set platform.knob=value]...\n"
    "  --port 0 (the default) picks a free port. Once listening, one JSON line {\"port\":N} goes "
    "to stdout.\n"
    "  --state FILE keeps issued tokens and Stripe's objects there across restarts (read at "
    "start,\n"
    "  written after every request that may change them).\n"
    "knobs (also settable at run time with POST /_sim/config):\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace roi::sim;
  State state;
  Router router;
  // The platforms the simulator speaks; a new one is one more install line.
  install_control(router, state);
  install_google_oauth(router, state);
  install_google_ads(router, state);
  install_meta_oauth(router, state);
  install_meta(router, state);
  install_stripe(router, state);
  install_ai_service(router, state);
  install_shopify(router, state);
  state.persistent.push_back({"tokens", [&state](JsonWriter& w) { state.tokens.save(w); },
                              [&state](const rapidjson::Value& v) { state.tokens.load(v); }});

  unsigned short port = 0;
  std::string address = "127.0.0.1";
  int threads = 4;
  std::string state_file;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage << state.settings.describe();
      return 0;
    }
    if (arg == "--port" && has_value) {
      port = static_cast<unsigned short>(std::strtoul(argv[++i], nullptr, 10));
    } else if (arg == "--address" && has_value) {
      address = argv[++i];
    } else if (arg == "--state" && has_value) {
      state_file = argv[++i];
    } else if (arg == "--threads" && has_value) {
      threads = std::atoi(argv[++i]);
    } else if (arg == "--set" && has_value) {
      if (const auto error = state.settings.set_text(argv[++i]); !error.empty()) {
        std::cerr << "roi-platform-sim: " << error << '\n';
        return 2;
      }
    } else {
      std::cerr << "roi-platform-sim: unknown argument '" << arg << "'\n" << kUsage;
      return 2;
    }
  }
  state.settings.freeze_baseline();
  if (!state_file.empty()) {
    if (const auto error = load_state(state, state_file); !error.empty()) {
      std::cerr << "roi-platform-sim: " << error << '\n';
      return 2;
    }
    router.observe([&state, state_file](const Request& req, const Response&) {
      if (req.method != "GET") save_state(state, state_file);
    });
  }
  try {
    Server server(router, address, port, threads);
    std::cout << "{\"port\":" << server.port() << "}" << std::endl;
    server.run();
  } catch (const std::exception& e) {
    std::cerr << "roi-platform-sim: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
