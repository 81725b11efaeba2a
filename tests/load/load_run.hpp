#pragma once
// What the huddle and broadcast targets share, so they measure the same way and only their workloads
// differ: the client pool and its source addresses, the counters (errors, traffic), the server probe and
// window meter, the condition and pacer the run's coroutine uses, and the end of every report (server
// totals, errors, the verdict).
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "condition.hpp"
#include "connection_pool.hpp"
#include "error_counts.hpp"
#include "load_options.hpp"
#include "pacer.hpp"
#include "progress_log.hpp"
#include "relay_link.hpp"
#include "server_probe.hpp"
#include "source_addresses.hpp"
#include "traffic.hpp"
#include "window_meter.hpp"
#include "ws_client_listener.hpp"

namespace huddle::load {

class LoadRun : public WsClientListener {
 public:
  virtual ~LoadRun() = default;

  virtual boost::asio::awaitable<void> run() = 0;
  // Every number, and whether the run passed (no errors, every client saw every update, and what else the
  // target checks).
  const nlohmann::json& report() const { return report_; }
  bool passed() const { return passed_; }

 protected:
  LoadRun(boost::asio::io_context& ioc, const LoadOptions& options, const char* target);

  std::chrono::milliseconds step_timeout() const;
  // Opens a client the pool does not manage (the facilitator, the sender); false, with the error counted,
  // if it cannot.
  boost::asio::awaitable<bool> open_single(WsClient& client, const std::string& role);
  boost::asio::awaitable<bool> open_single(WsClient& client, const std::string& role, const ServerUrl& url);
  // Adds the server's totals and the errors to the report, sets the verdict, and closes every client.
  void finish(bool delivered, WsClient* single);

  boost::asio::io_context& ioc_;
  const LoadOptions& options_;
  SourceAddresses sources_;
  ErrorCounts errors_;
  ProgressLog log_;
  Traffic traffic_;
  ServerProbe probe_;
  WindowMeter meter_;
  Condition changed_;
  Pacer pacer_;
  ConnectionPool pool_;
  // With --client-processes K: the relays holding blocks 1..K-1 of the clients (block 0 is held here).
  std::vector<std::unique_ptr<RelayLink>> relays_;
  nlohmann::json report_;
  bool passed_ = false;
};

}  // namespace huddle::load
