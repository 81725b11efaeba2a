#pragma once
// The server process as /proc shows it: CPU seconds (utime in user space and stime in the kernel, all
// threads), resident memory now
// (VmRSS) and its peak since start (VmHWM). Without a pid (peers or servers we did not start) every value
// is absent and reports say so instead of inventing numbers. While sampling, it also keeps the highest RSS
// seen, which shows memory growth inside a window even when VmHWM was set earlier (by the join storm).
#include <memory>
#include <optional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

namespace huddle::load {

class ServerProbe {
 public:
  ServerProbe(boost::asio::any_io_executor executor, int pid);

  bool enabled() const noexcept { return pid_ > 0; }
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

  // Samples RSS every `interval_ms` until stop_sampling(); window_peak_rss_kib() is the highest seen.
  void start_sampling(int interval_ms);
  void stop_sampling();
  std::optional<long> window_peak_rss_kib() const { return window_peak_; }

 private:
  std::optional<long> status_kib(const char* field) const;
  void sample();

  int pid_;
  std::unique_ptr<boost::asio::steady_timer> timer_;
  int interval_ms_ = 100;
  bool sampling_ = false;
  std::optional<long> window_peak_;
};

}  // namespace huddle::load
