#include "load_run.hpp"

#include <optional>

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
  std::optional<boost::system::error_code> opened;
  client.open(options_.url.server, sources_.for_client(client.index()), options_.url.host, options_.url.path, 0,
              [&](boost::system::error_code ec) {
                opened = ec;
                changed_.notify();
              });
  co_await changed_.wait([&] { return opened.has_value(); }, step_timeout());
  if (opened && !*opened) co_return true;
  errors_.open_failed(role + ": " + (opened ? opened->message() : std::string("timed out")));
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
