#pragma once
// A set of latency samples (microseconds) and its summary: count, p50, p95, p99, max, mean, in milliseconds.
#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "micros.hpp"

namespace huddle::load {

class LatencyStats {
 public:
  void add(Micros sample) { samples_.push_back(sample); }
  void reserve(std::size_t n) { samples_.reserve(n); }
  std::size_t count() const noexcept { return samples_.size(); }
  // Nearest-rank percentile in milliseconds; 0 for an empty set. Sorts on first use after an add.
  double percentile_ms(double p);
  double max_ms();
  // {"count", "p50_ms", "p95_ms", "p99_ms", "max_ms", "mean_ms"}
  nlohmann::json summary();

 private:
  void sort();
  std::vector<Micros> samples_;
  std::size_t sorted_count_ = 0;
};

}  // namespace huddle::load
