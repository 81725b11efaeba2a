#include "server_probe.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace huddle::load {

ServerProbe::ServerProbe(boost::asio::any_io_executor executor, int pid)
    : ServerProbe(std::move(executor), pid > 0 ? std::vector<int>{pid} : std::vector<int>{}) {}

ServerProbe::ServerProbe(boost::asio::any_io_executor executor, std::vector<int> pids)
    : pids_(std::move(pids)), timer_(std::make_unique<boost::asio::steady_timer>(std::move(executor))) {}

// Each figure is summed over the processes, and absent when one of them cannot be read.
std::optional<ServerProbe::CpuTimes> ServerProbe::cpu_times() const {
  if (!enabled()) return std::nullopt;
  CpuTimes sum;
  for (const auto pid : pids_) {
    const auto one = cpu_times_of(pid);
    if (!one) return std::nullopt;
    sum.user += one->user;
    sum.system += one->system;
  }
  return sum;
}

std::optional<double> ServerProbe::run_seconds() const {
  if (!enabled()) return std::nullopt;
  double sum = 0;
  for (const auto pid : pids_) {
    const auto one = run_seconds_of(pid);
    if (!one) return std::nullopt;
    sum += *one;
  }
  return sum;
}

std::optional<long> ServerProbe::status_kib(const char* field) const {
  if (!enabled()) return std::nullopt;
  long sum = 0;
  for (const auto pid : pids_) {
    const auto one = status_kib_of(pid, field);
    if (!one) return std::nullopt;
    sum += *one;
  }
  return sum;
}

std::optional<ServerProbe::CpuTimes> ServerProbe::cpu_times_of(int pid) const {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
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

std::optional<double> ServerProbe::run_seconds_of(int pid) const {
  std::error_code ec;
  std::filesystem::directory_iterator tasks("/proc/" + std::to_string(pid) + "/task", ec);
  if (ec) return std::nullopt;
  unsigned long long nanoseconds = 0;
  bool any = false;
  for (const auto& task : tasks) {
    // "run-time-ns wait-time-ns timeslices"
    std::ifstream in(task.path() / "schedstat");
    unsigned long long run = 0;
    if (!(in >> run)) continue;
    nanoseconds += run;
    any = true;
  }
  if (!any) return std::nullopt;
  return static_cast<double>(nanoseconds) / 1e9;
}

std::optional<long> ServerProbe::status_kib_of(int pid, const char* field) const {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
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
  cpu_samples_.clear();
  sample();
}

void ServerProbe::stop_sampling() {
  sampling_ = false;
  timer_->cancel();
}

void ServerProbe::sample() {
  if (!sampling_) return;
  if (const auto rss = rss_kib()) window_peak_ = std::max(window_peak_.value_or(0), *rss);
  auto cpu = run_seconds();
  if (!cpu) cpu = cpu_seconds();
  if (cpu) cpu_samples_.push_back({now_us(), *cpu});
  timer_->expires_after(std::chrono::milliseconds(interval_ms_));
  timer_->async_wait([this](boost::system::error_code ec) {
    if (!ec) sample();
  });
}

std::optional<ServerProbe::CpuPeak> ServerProbe::cpu_peak(Micros span) const {
  // Every sample starts a stretch that ends at the first sample at least `span` later: the timer may fire
  // late when the tool is busy, so stretches are measured between the samples' own times, never assumed.
  std::optional<CpuPeak> peak;
  std::size_t end = 0;
  for (std::size_t begin = 0; begin < cpu_samples_.size(); ++begin) {
    end = std::max(end, begin + 1);
    while (end < cpu_samples_.size() && cpu_samples_[end].at - cpu_samples_[begin].at < span) ++end;
    if (end >= cpu_samples_.size()) break;
    const auto& a = cpu_samples_[begin];
    const auto& b = cpu_samples_[end];
    const double share = (b.seconds - a.seconds) / (static_cast<double>(b.at - a.at) / 1e6);
    if (!peak || share > peak->share) peak = CpuPeak{share, a.at, b.at};
  }
  return peak;
}

std::optional<double> ServerProbe::cpu_share(Micros from, Micros to) const {
  const auto first = std::find_if(cpu_samples_.begin(), cpu_samples_.end(), [&](const CpuSample& s) { return s.at >= from; });
  const auto last = std::find_if(cpu_samples_.rbegin(), cpu_samples_.rend(), [&](const CpuSample& s) { return s.at <= to; });
  if (first == cpu_samples_.end() || last == cpu_samples_.rend() || last->at <= first->at) return std::nullopt;
  return (last->seconds - first->seconds) / (static_cast<double>(last->at - first->at) / 1e6);
}

}  // namespace huddle::load
