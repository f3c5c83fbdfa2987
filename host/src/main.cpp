// roi-host: loads the configuration, connects to Postgres, applies migrations, loads connector
// plugins, serves FastCGI until SIGTERM or SIGINT (SIGHUP reloads plugins), then drains and exits.
// Under systemd (Type=notify) it reports READY=1 once serving and STOPPING=1 when it drains.
#include <signal.h>

#include <cstring>
#include <iostream>
#include <string>

#include "app/application.hpp"
#include "app/service_notify.hpp"
#include "app/settings.hpp"
#include "config/install_dirs.hpp"
#include "config/loader.hpp"
#include "fcgi/server.hpp"
#include "observability/log.hpp"

#ifdef ROI_SANITIZE
// LeakSanitizer in the sanitizer build (docs/FUZZING.md): fontconfig leaks 288 bytes of the
// configuration it parses (FcInitLoadConfigAndFonts) when pango first loads a font for a report
// PDF, and a program of a few lines that renders text with pango and frees everything it made
// leaks the same. Fontconfig's own frames are the only name LeakSanitizer's default stacks give it.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
#endif

namespace {

void usage() {
  std::cout << "usage: roi-host [--config FILE] [--check-config] [--print KEY]\n\n"
               "FILE: ROI_CONFIG, else "
            << roi::config::default_config_path()
            << "\n\n"
               "Configuration keys (YAML path, environment override, default):\n";
  for (const auto& line : roi::app::describe_keys()) std::cout << "  " << line << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  auto env = roi::config::process_environment();
  std::string config_path =
      env.count("ROI_CONFIG") ? env["ROI_CONFIG"] : roi::config::default_config_path();
  bool check_only = false;
  std::string print_key;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--config" && i + 1 < argc) {
      config_path = argv[++i];
    } else if (arg == "--check-config") {
      check_only = true;
    } else if (arg == "--print" && i + 1 < argc) {
      print_key = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      usage();
      return 0;
    } else {
      std::cerr << "roi-host: unknown argument '" << arg << "' (see --help)\n";
      return 2;
    }
  }

  roi::observability::Logger log;
  roi::app::Settings settings;
  try {
    settings = roi::app::load_settings(config_path, env);
    if (!print_key.empty()) {
      std::cout << roi::app::setting_value(settings, print_key) << "\n";
      return 0;
    }
  } catch (const roi::config::ConfigError& e) {
    std::cerr << "roi-host: " << e.what() << "\n";
    return 2;
  }
  if (check_only) {
    std::cout << "configuration ok\n";
    return 0;
  }
  log.set_level(roi::observability::parse_level(settings.log.level));

  // Signals are taken by this thread only (sigwait); every thread started below inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  try {
    roi::fcgi::refuse_socket_in_use(settings.server.socket);
    roi::app::Application app(settings, log);
    roi::fcgi::Server server(
        settings.server, [&app](roi::http::Request& r) { return app.handle(r); }, log);
    server.start();
    log.info("host_started").str("config", config_path);
    roi::app::notify_service_manager("READY=1");

    int sig = 0;
    while (sigwait(&stop_signals, &sig) == 0 && sig == SIGHUP) app.reload_plugins();
    log.info("host_stopping").str("signal", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    roi::app::notify_service_manager("STOPPING=1");
    app.begin_shutdown();
    server.stop();
  } catch (const std::exception& e) {
    log.error("host_failed").str("error", e.what());
    return 1;
  }
  log.info("host_stopped");
  return 0;
}
