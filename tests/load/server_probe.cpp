#include "server_probe.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

namespace huddle::load {

ServerProbe::ServerProbe(boost::asio::any_io_executor executor, int pid)
    : pid_(pid), timer_(std::make_unique<boost::asio::steady_timer>(std::move(executor))) {}

std::optional<ServerProbe::CpuTimes> ServerProbe::cpu_times() const {
  if (!enabled()) return std::nullopt;
  std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing ')'.
  const auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  // After ')' come field 3 (state) onwards; utime and stime are fields 14 and 15.
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  const auto ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  return CpuTimes{static_cast<double>(utime) / ticks, static_cast<double>(stime) / ticks};
}

std::optional<long> ServerProbe::status_kib(const char* field) const {
  if (!enabled()) return std::nullopt;
  std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return std::stol(line.substr(prefix.size()));
  }
  return std::nullopt;
}

std::optional<long> ServerProbe::rss_kib() const { return status_kib("VmRSS"); }
std::optional<long> ServerProbe::peak_rss_kib() const { return status_kib("VmHWM"); }

nlohmann::json ServerProbe::rss_growth(std::optional<long> before, std::size_t connections) const {
  const auto after = rss_kib();
  if (!before || !after || connections == 0) return nlohmann::json::object();
  return {{"server_rss_before_kib", *before},
          {"server_rss_after_kib", *after},
          {"server_rss_per_connection_bytes",
           static_cast<double>(*after - *before) * 1024.0 / static_cast<double>(connections)}};
}

void ServerProbe::start_sampling(int interval_ms) {
  if (!enabled()) return;
  interval_ms_ = interval_ms;
  sampling_ = true;
  window_peak_.reset();
  sample();
}

void ServerProbe::stop_sampling() {
  sampling_ = false;
  timer_->cancel();
}

void ServerProbe::sample() {
  if (!sampling_) return;
  if (const auto rss = rss_kib()) window_peak_ = std::max(window_peak_.value_or(0), *rss);
  timer_->expires_after(std::chrono::milliseconds(interval_ms_));
  timer_->async_wait([this](boost::system::error_code ec) {
    if (!ec) sample();
  });
}

}  // namespace huddle::load
