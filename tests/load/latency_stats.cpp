#include "latency_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace huddle::load {

void LatencyStats::sort() {
  if (sorted_count_ == samples_.size()) return;
  std::sort(samples_.begin(), samples_.end());
  sorted_count_ = samples_.size();
}

double LatencyStats::percentile_ms(double p) {
  if (samples_.empty()) return 0;
  sort();
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(samples_.size())));
  return static_cast<double>(samples_[std::clamp<std::size_t>(rank, 1, samples_.size()) - 1]) / 1000.0;
}

double LatencyStats::max_ms() {
  if (samples_.empty()) return 0;
  sort();
  return static_cast<double>(samples_.back()) / 1000.0;
}

nlohmann::json LatencyStats::summary() {
  const double mean = samples_.empty() ? 0.0
                                       : static_cast<double>(std::accumulate(samples_.begin(), samples_.end(), Micros{0})) /
                                             static_cast<double>(samples_.size()) / 1000.0;
  auto round3 = [](double v) { return std::round(v * 1000.0) / 1000.0; };
  return {{"count", samples_.size()},
          {"p50_ms", round3(percentile_ms(50))},
          {"p95_ms", round3(percentile_ms(95))},
          {"p99_ms", round3(percentile_ms(99))},
          {"max_ms", round3(max_ms())},
          {"mean_ms", round3(mean)}};
}

}  // namespace huddle::load
