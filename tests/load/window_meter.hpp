#pragma once
// The cost side of one measured window, the same for every target so Huddle and the peers compare like
// for like: what the clients received (messages, bytes) and what the server spent on it (CPU seconds from
// /proc, RSS at both ends and the highest sampled in between), and from those the server's CPU
// microseconds per delivered message. The tool's own CPU time is there too: a window in which the tool
// used most of its core measured the tool, not the server.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "micros.hpp"
#include "server_probe.hpp"
#include "traffic.hpp"

namespace huddle::load {

class WindowMeter {
 public:
  WindowMeter(ServerProbe& probe, const Traffic& traffic) : probe_(probe), traffic_(traffic) {}

  // A process reported on its own in every window, under window[group][name]: each node of a cluster
  // ("servers", whose sum is the server above), or a process beside them ("others": a balancer, Redis).
  void add_part(std::string group, std::string name, std::unique_ptr<ServerProbe> probe);
  // A process whose CPU time is the tool's too (a relay holding some of the clients).
  void add_tool_process(std::unique_ptr<ServerProbe> probe) { tool_processes_.push_back(std::move(probe)); }

  void start();
  // {"seconds", "messages", "bytes", "server_cpu_seconds", "server_cpu_us_per_message",
  //  "server_user_seconds", "server_user_us_per_message", "server_system_seconds", "server_system_us_per_message",
  //  "server_cpu_share" (of one core, over the window), "server_cpu_peak_500ms_share",
  //  "server_cpu_peak_500ms_at_s" (when that stretch began, seconds into the window), the same for 100 ms,
  //  "server_rss_start_kib", "server_rss_end_kib", "server_rss_window_peak_kib", "tool_cpu_seconds",
  //  "tool_cpu_share"}; server fields are null without --server-pid. With parts, also {group: {name:
  //  {"cpu_seconds", "cpu_us_per_message", "user_seconds", "system_seconds", "cpu_share", "rss_end_kib"}}}.
  nlohmann::json finish();

 private:
  struct Process {
    std::string group, name;
    std::unique_ptr<ServerProbe> probe;
    std::optional<ServerProbe::CpuTimes> cpu_start;
  };
  double tool_cpu_seconds() const;

  ServerProbe& probe_;
  const Traffic& traffic_;
  std::vector<Process> parts_;
  std::vector<std::unique_ptr<ServerProbe>> tool_processes_;
  Traffic at_start_;
  Micros started_ = 0;
  std::optional<ServerProbe::CpuTimes> cpu_start_;
  std::optional<long> rss_start_;
  double tool_cpu_start_ = 0;
};

}  // namespace huddle::load
