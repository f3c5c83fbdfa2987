#include "observability/metrics.hpp"

#include <cstdio>
#include <stdexcept>

namespace roi::observability {
namespace {

std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string render_labels(const Labels& labels, const std::string& extra = {}) {
  if (labels.empty() && extra.empty()) return {};
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first + "=\"" + escape_label(labels[i].second) + "\"";
  }
  if (!extra.empty()) {
    if (!labels.empty()) out += ',';
    out += extra;
  }
  return out + "}";
}

// Adds `extra` (already rendered, e.g. le="0.5") into a rendered label set.
std::string with_extra(const std::string& rendered, const std::string& extra) {
  if (rendered.empty()) return "{" + extra + "}";
  return rendered.substr(0, rendered.size() - 1) + "," + extra + "}";
}

std::string format_double(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

void Histogram::observe(double seconds) {
  for (std::size_t i = 0; i < kBounds.size(); ++i) {
    if (seconds <= kBounds[i]) {
      buckets_[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

Registry::Family& Registry::family(const std::string& name, const std::string& help, Kind kind) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) {
    it->second.kind = kind;
    it->second.help = help;
  } else if (it->second.kind != kind) {
    throw std::logic_error("metric '" + name + "' registered with two kinds");
  }
  return it->second;
}

Counter& Registry::counter(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& f = family(name, help, Kind::Counter);
  auto key = render_labels(labels);
  auto it = f.counters.find(key);
  if (it != f.counters.end()) return *it->second;
  Counter& c = counter_store_.emplace_back();
  f.counters.emplace(key, &c);
  return c;
}

Histogram& Registry::histogram(const std::string& name, const std::string& help,
                               const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& f = family(name, help, Kind::Histogram);
  auto key = render_labels(labels);
  auto it = f.histograms.find(key);
  if (it != f.histograms.end()) return *it->second;
  Histogram& h = histogram_store_.emplace_back();
  f.histograms.emplace(key, &h);
  return h;
}

void Registry::gauge(const std::string& name, const std::string& help, std::function<double()> read,
                     const Labels& labels) {
  std::lock_guard lock(mutex_);
  family(name, help, Kind::Gauge).gauges[render_labels(labels)] = std::move(read);
}

std::string Registry::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n";
    switch (f.kind) {
      case Kind::Counter:
        out += "# TYPE " + name + " counter\n";
        for (const auto& [labels, c] : f.counters) {
          out += name + labels + " " + std::to_string(c->value()) + "\n";
        }
        break;
      case Kind::Gauge:
        out += "# TYPE " + name + " gauge\n";
        for (const auto& [labels, read] : f.gauges) {
          out += name + labels + " " + format_double(read()) + "\n";
        }
        break;
      case Kind::Histogram:
        out += "# TYPE " + name + " histogram\n";
        for (const auto& [labels, h] : f.histograms) {
          std::uint64_t cumulative = 0;
          for (std::size_t i = 0; i < Histogram::kBounds.size(); ++i) {
            cumulative += h->buckets_[i].load(std::memory_order_relaxed);
            out += name + "_bucket" +
                   with_extra(labels, "le=\"" + format_double(Histogram::kBounds[i]) + "\"") + " " +
                   std::to_string(cumulative) + "\n";
          }
          const auto count = h->count();
          out += name + "_bucket" + with_extra(labels, "le=\"+Inf\"") + " " +
                 std::to_string(count) + "\n";
          out +=
              name + "_sum" + labels + " " +
              format_double(static_cast<double>(h->sum_ns_.load(std::memory_order_relaxed)) / 1e9) +
              "\n";
          out += name + "_count" + labels + " " + std::to_string(count) + "\n";
        }
        break;
    }
  }
  return out;
}

}  // namespace roi::observability
