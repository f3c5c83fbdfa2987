#include "app/component_list.hpp"

#include <exception>

namespace roi::app {

void ComponentList::add(std::string name, std::function<void()> start, std::function<void()> stop) {
  components_.push_back({std::move(name), std::move(start), std::move(stop)});
}

void ComponentList::start() {
  for (; started_ < components_.size(); ++started_) {
    Component& c = components_[started_];
    try {
      c.start();
    } catch (const std::exception& e) {
      log_.error("component_start_failed").str("component", c.name).str("detail", e.what());
      c.stop();  // what it started before the error
      stop();
      throw;
    }
    log_.info("component_started").str("component", c.name);
  }
}

void ComponentList::stop() {
  while (started_ > 0) {
    Component& c = components_[--started_];
    c.stop();
    log_.info("component_stopped").str("component", c.name);
  }
}

}  // namespace roi::app
