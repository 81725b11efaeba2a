#include "load_run.hpp"

#include "open_client.hpp"

#include <algorithm>

namespace huddle::load {

namespace {
std::vector<int> pids_of(const std::vector<LoadOptions::NamedPid>& named) {
  std::vector<int> pids;
  for (const auto& p : named) pids.push_back(p.pid);
  return pids;
}
}  // namespace

LoadRun::LoadRun(boost::asio::io_context& ioc, const LoadOptions& options, const char* target)
    : ioc_(ioc),
      options_(options),
      sources_(options.sources),
      probe_(ioc.get_executor(), pids_of(options.server_pids)),
      meter_(probe_, traffic_),
      changed_(ioc.get_executor()),
      pacer_(ioc.get_executor()),
      pool_(ioc, *this, sources_, options.url, errors_) {
  report_["target"] = target;
  report_["clients"] = options.clients;
  if (options.urls.size() > 1) pool_.set_targets(options.urls);
  // Several server processes (a cluster's nodes) are summed as the server, and each is reported too.
  if (options.server_pids.size() > 1) {
    for (const auto& p : options.server_pids) meter_.add_part("servers", p.name, std::make_unique<ServerProbe>(ioc.get_executor(), p.pid));
  }
  // Others by name: several pids under one name are one part (PostgreSQL's backends with its postmaster).
  std::vector<std::pair<std::string, std::vector<int>>> others;
  for (const auto& p : options.other_pids) {
    auto same = std::find_if(others.begin(), others.end(), [&](const auto& o) { return o.first == p.name; });
    if (same == others.end()) same = others.insert(others.end(), {p.name, {}});
    same->second.push_back(p.pid);
  }
  for (auto& [name, pids] : others) meter_.add_part("others", name, std::make_unique<ServerProbe>(ioc.get_executor(), std::move(pids)));
  if (options.client_processes > 1) {
    for (std::size_t k = 1; k < options.client_processes; ++k) {
      relays_.push_back(std::make_unique<RelayLink>(ioc));
      meter_.add_tool_process(std::make_unique<ServerProbe>(ioc.get_executor(), relays_.back()->pid()));
    }
    // Blocks of consecutive clients: block k of K holds [k * N / K, (k + 1) * N / K).
    pool_.set_relays([this](std::size_t index) -> ClientRelay* {
      const auto block = index * options_.client_processes / options_.clients;
      return block == 0 || block >= options_.client_processes ? nullptr : relays_[block - 1].get();
    });
  }
}

std::chrono::milliseconds LoadRun::step_timeout() const {
  return std::chrono::milliseconds(static_cast<long>(options_.step_timeout * 1000));
}

boost::asio::awaitable<bool> LoadRun::open_single(WsClient& client, const std::string& role) {
  co_return co_await open_single(client, role, options_.url);
}

boost::asio::awaitable<bool> LoadRun::open_single(WsClient& client, const std::string& role, const ServerUrl& url) {
  const auto error = co_await open_client(client, url, sources_.for_client(client.index()), changed_, step_timeout());
  if (error.empty()) co_return true;
  errors_.open_failed(role + ": " + error);
  co_return false;
}

void LoadRun::finish(bool delivered, WsClient* single) {
  if (const auto hwm = probe_.peak_rss_kib()) report_["server_peak_rss_kib"] = *hwm;
  if (const auto cpu = probe_.cpu_seconds()) report_["server_cpu_seconds_total"] = *cpu;
  report_["errors"] = errors_.to_json();
  passed_ = delivered && errors_.total() == 0;
  report_["passed"] = passed_;
  log_.note(std::string("done: ") + (passed_ ? "passed" : "failed") + ", " + std::to_string(errors_.total()) + " error(s)");
  for (auto& client : pool_.clients()) client->close();
  if (single) single->close();
}

}  // namespace huddle::load
