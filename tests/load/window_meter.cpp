#include "window_meter.hpp"

#include <sys/resource.h>

#include <cmath>

namespace huddle::load {

namespace {
template <class T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
// This process's CPU seconds, user and system.
double own_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}
}  // namespace

void WindowMeter::start() {
  tool_cpu_start_ = own_cpu_seconds();
  at_start_ = traffic_;
  started_ = now_us();
  cpu_start_ = probe_.cpu_seconds();
  rss_start_ = probe_.rss_kib();
  probe_.start_sampling(100);
}

nlohmann::json WindowMeter::finish() {
  probe_.stop_sampling();
  const auto messages = traffic_.messages - at_start_.messages;
  const auto bytes = traffic_.bytes - at_start_.bytes;
  std::optional<double> cpu;
  if (const auto end = probe_.cpu_seconds(); end && cpu_start_) cpu = *end - *cpu_start_;
  std::optional<double> per_message;
  if (cpu && messages > 0) per_message = std::round(*cpu * 1e6 / static_cast<double>(messages) * 1000.0) / 1000.0;
  const double seconds = static_cast<double>(now_us() - started_) / 1e6;
  const double tool_cpu = own_cpu_seconds() - tool_cpu_start_;
  return {{"seconds", seconds},
          {"tool_cpu_seconds", tool_cpu},
          {"tool_cpu_share", seconds > 0 ? tool_cpu / seconds : 0.0},
          {"messages", messages},
          {"bytes", bytes},
          {"server_cpu_seconds", or_null(cpu)},
          {"server_cpu_us_per_message", or_null(per_message)},
          {"server_rss_start_kib", or_null(rss_start_)},
          {"server_rss_end_kib", or_null(probe_.rss_kib())},
          {"server_rss_window_peak_kib", or_null(probe_.window_peak_rss_kib())}};
}

}  // namespace huddle::load
