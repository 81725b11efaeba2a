#pragma once
// The server process as /proc shows it: CPU seconds (utime in user space and stime in the kernel, all
// threads), resident memory now
// (VmRSS) and its peak since start (VmHWM). Without a pid (peers or servers we did not start) every value
// is absent and reports say so instead of inventing numbers. While sampling, it also keeps the highest RSS
// seen, which shows memory growth inside a window even when VmHWM was set earlier (by the join storm), and
// the CPU seconds at each sample, so a window can name its busiest stretch: a target such as "CPU peaks below
// 70% of a core" is about a peak, which an average over a mostly quiet window hides. Given several processes
// (a cluster's nodes), every figure is their sum (VmHWM too: the sum of each one's peak).
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "micros.hpp"

namespace huddle::load {

class ServerProbe {
 public:
  ServerProbe(boost::asio::any_io_executor executor, int pid);
  ServerProbe(boost::asio::any_io_executor executor, std::vector<int> pids);

  bool enabled() const noexcept { return !pids_.empty(); }
  struct CpuTimes {
    double user = 0;    // utime: the server's own code
    double system = 0;  // stime: the kernel on its behalf (mostly TCP on loopback)
    double total() const noexcept { return user + system; }
  };
  std::optional<CpuTimes> cpu_times() const;
  std::optional<double> cpu_seconds() const {
    auto t = cpu_times();
    return t ? std::optional<double>(t->total()) : std::nullopt;
  }
  std::optional<long> rss_kib() const;
  std::optional<long> peak_rss_kib() const;  // VmHWM
  // {"server_rss_before_kib", "server_rss_after_kib", "server_rss_per_connection_bytes"}: what RSS grew by
  // since `before`, per connection; empty without a pid.
  nlohmann::json rss_growth(std::optional<long> before, std::size_t connections) const;

  // Samples RSS and CPU seconds every `interval_ms` until stop_sampling(); window_peak_rss_kib() is the
  // highest RSS seen. The samples stay readable until the next start_sampling().
  void start_sampling(int interval_ms);
  void stop_sampling();
  std::optional<long> window_peak_rss_kib() const { return window_peak_; }

  // CPU seconds of all the server's threads to the nanosecond: the sum of each thread's run time in
  // /proc/PID/task/TID/schedstat, which utime + stime are scaled from. Ticks (10 ms) would make a share
  // over 100 ms good to +-0.2 only. nullopt when the kernel does not keep it.
  std::optional<double> run_seconds() const;
  // The server's share of one core over the busiest stretch between two samples that lasts at least `span`
  // (from and to: when it began and ended). The samples are run_seconds() (cpu_seconds() without it).
  // nullopt with fewer than two samples.
  struct CpuPeak {
    double share = 0;
    Micros from = 0, to = 0;
  };
  std::optional<CpuPeak> cpu_peak(Micros span) const;
  // The share of one core between the first sample at or after `from` and the last at or before `to`.
  std::optional<double> cpu_share(Micros from, Micros to) const;

 private:
  struct CpuSample {
    Micros at = 0;
    double seconds = 0;  // run_seconds(), or utime + stime
  };
  std::optional<long> status_kib(const char* field) const;
  std::optional<CpuTimes> cpu_times_of(int pid) const;
  std::optional<double> run_seconds_of(int pid) const;
  std::optional<long> status_kib_of(int pid, const char* field) const;
  void sample();

  std::vector<int> pids_;
  std::unique_ptr<boost::asio::steady_timer> timer_;
  int interval_ms_ = 100;
  bool sampling_ = false;
  std::optional<long> window_peak_;
  std::vector<CpuSample> cpu_samples_;
};

}  // namespace huddle::load
