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

void WindowMeter::add_part(std::string group, std::string name, std::unique_ptr<ServerProbe> probe) {
  parts_.push_back({std::move(group), std::move(name), std::move(probe), std::nullopt});
}

double WindowMeter::tool_cpu_seconds() const {
  double seconds = own_cpu_seconds();
  for (const auto& p : tool_processes_) seconds += p->cpu_seconds().value_or(0.0);
  return seconds;
}

void WindowMeter::start() {
  tool_cpu_start_ = tool_cpu_seconds();
  for (auto& part : parts_) part.cpu_start = part.probe->cpu_times();
  at_start_ = traffic_;
  started_ = now_us();
  cpu_start_ = probe_.cpu_times();
  rss_start_ = probe_.rss_kib();
  probe_.start_sampling(100);
}

nlohmann::json WindowMeter::finish() {
  probe_.stop_sampling();
  const auto messages = traffic_.messages - at_start_.messages;
  const auto bytes = traffic_.bytes - at_start_.bytes;
  std::optional<ServerProbe::CpuTimes> cpu;
  if (const auto end = probe_.cpu_times(); end && cpu_start_) {
    cpu = ServerProbe::CpuTimes{end->user - cpu_start_->user, end->system - cpu_start_->system};
  }
  // Seconds, and microseconds per delivered message, of the server's CPU time or one part of it.
  using Part = double (*)(const ServerProbe::CpuTimes&);
  const Part total = [](const ServerProbe::CpuTimes& t) { return t.total(); };
  const Part user = [](const ServerProbe::CpuTimes& t) { return t.user; };
  const Part system = [](const ServerProbe::CpuTimes& t) { return t.system; };
  auto seconds_of = [&](Part part) { return cpu ? nlohmann::json(part(*cpu)) : nlohmann::json(nullptr); };
  auto per_message = [&](Part part) {
    if (!cpu || messages == 0) return nlohmann::json(nullptr);
    return nlohmann::json(std::round(part(*cpu) * 1e6 / static_cast<double>(messages) * 1000.0) / 1000.0);
  };
  const double seconds = static_cast<double>(now_us() - started_) / 1e6;
  const double tool_cpu = tool_cpu_seconds() - tool_cpu_start_;
  const auto peak_500ms = probe_.cpu_peak(500'000);
  const auto peak_100ms = probe_.cpu_peak(100'000);
  auto share_of = [](const std::optional<ServerProbe::CpuPeak>& p) { return p ? nlohmann::json(p->share) : nlohmann::json(nullptr); };
  auto at_of = [this](const std::optional<ServerProbe::CpuPeak>& p) {
    return p ? nlohmann::json(static_cast<double>(p->from - started_) / 1e6) : nlohmann::json(nullptr);
  };
  nlohmann::json out = {{"seconds", seconds},
          {"tool_cpu_seconds", tool_cpu},
          {"tool_cpu_share", seconds > 0 ? tool_cpu / seconds : 0.0},
          {"messages", messages},
          {"bytes", bytes},
          {"server_cpu_seconds", seconds_of(total)},
          {"server_cpu_us_per_message", per_message(total)},
          {"server_user_seconds", seconds_of(user)},
          {"server_user_us_per_message", per_message(user)},
          {"server_system_seconds", seconds_of(system)},
          {"server_system_us_per_message", per_message(system)},
          {"server_cpu_share", cpu && seconds > 0 ? nlohmann::json(cpu->total() / seconds) : nlohmann::json(nullptr)},
          {"server_cpu_peak_500ms_share", share_of(peak_500ms)},
          {"server_cpu_peak_500ms_at_s", at_of(peak_500ms)},
          {"server_cpu_peak_100ms_share", share_of(peak_100ms)},
          {"server_cpu_peak_100ms_at_s", at_of(peak_100ms)},
          {"server_rss_start_kib", or_null(rss_start_)},
          {"server_rss_end_kib", or_null(probe_.rss_kib())},
          {"server_rss_window_peak_kib", or_null(probe_.window_peak_rss_kib())}};
  if (!tool_processes_.empty()) out["tool_processes"] = 1 + tool_processes_.size();
  for (const auto& part : parts_) {
    const auto end = part.probe->cpu_times();
    nlohmann::json one = {{"rss_end_kib", or_null(part.probe->rss_kib())}};
    if (end && part.cpu_start) {
      const double user_s = end->user - part.cpu_start->user, system_s = end->system - part.cpu_start->system;
      one["cpu_seconds"] = user_s + system_s;
      one["user_seconds"] = user_s;
      one["system_seconds"] = system_s;
      one["cpu_share"] = seconds > 0 ? (user_s + system_s) / seconds : 0.0;
      one["cpu_us_per_message"] = messages ? nlohmann::json(std::round((user_s + system_s) * 1e6 / static_cast<double>(messages) * 1000.0) / 1000.0)
                                           : nlohmann::json(nullptr);
    }
    out[part.group][part.name] = one;
  }
  return out;
}

}  // namespace huddle::load
