#include "load_run.hpp"

#include "open_client.hpp"

namespace huddle::load {

LoadRun::LoadRun(boost::asio::io_context& ioc, const LoadOptions& options, const char* target)
    : ioc_(ioc),
      options_(options),
      sources_(options.sources),
      probe_(ioc.get_executor(), options.server_pid),
      meter_(probe_, traffic_),
      changed_(ioc.get_executor()),
      pacer_(ioc.get_executor()),
      pool_(ioc, *this, sources_, options.url, errors_) {
  report_["target"] = target;
  report_["clients"] = options.clients;
}

std::chrono::milliseconds LoadRun::step_timeout() const {
  return std::chrono::milliseconds(static_cast<long>(options_.step_timeout * 1000));
}

boost::asio::awaitable<bool> LoadRun::open_single(WsClient& client, const std::string& role) {
  const auto error = co_await open_client(client, options_.url, sources_.for_client(client.index()), changed_, step_timeout());
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
