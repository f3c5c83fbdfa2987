// Prometheus metrics: series are created at start-up (registration takes a lock), then updated
// lock-free on the request path. Rendered in the text exposition format for /metrics.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace roi::observability {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// Latency histogram with fixed bucket bounds in seconds (0.5 ms .. 10 s).
class Histogram {
 public:
  static constexpr std::array<double, 14> kBounds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  void observe(double seconds);
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  friend class Registry;
  std::array<std::atomic<std::uint64_t>, kBounds.size()> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_ns_{0};
};

class Registry {
 public:
  // Returns the series for (name, labels), creating it on first use. References stay valid for
  // the registry's lifetime.
  Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram& histogram(const std::string& name, const std::string& help, const Labels& labels = {});
  // A gauge read when /metrics is rendered.
  void gauge(const std::string& name, const std::string& help, std::function<double()> read,
             const Labels& labels = {});

  std::string render() const;

 private:
  enum class Kind { Counter, Histogram, Gauge };
  struct Family {
    Kind kind;
    std::string help;
    std::map<std::string, Counter*> counters;  // keyed by rendered label set
    std::map<std::string, Histogram*> histograms;
    std::map<std::string, std::function<double()>> gauges;
  };
  Family& family(const std::string& name, const std::string& help, Kind kind);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
  std::deque<Counter> counter_store_;
  std::deque<Histogram> histogram_store_;
};

}  // namespace roi::observability
