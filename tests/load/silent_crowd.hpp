#pragma once
// Attack item 4 of issue 15: connections that upgrade and then say nothing, `per_source` from each source
// address. The crowd tries to hold all of them at once: every slot whose connection was refused or closed
// opens again, at most `rate` opens started a second (the loopback port budget: ~28k per source address).
// Counted: opens admitted (101) and refused (by reason), connections the server closed (by reason) and how
// long they had lived, and the most held open at once.
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "condition.hpp"
#include "latency_stats.hpp"
#include "server_url.hpp"
#include "source_addresses.hpp"
#include "ws_client.hpp"
#include "ws_client_listener.hpp"

namespace huddle::load {

class SilentCrowd final : public WsClientListener {
 public:
  SilentCrowd(boost::asio::io_context& ioc, ServerUrl url, SourceAddresses sources, std::size_t per_source, double rate);

  // Holds the crowd until the monotonic time `until`, then closes every connection.
  boost::asio::awaitable<void> run(Micros until);
  std::size_t admitted() const { return admitted_; }
  std::size_t refused() const { return refused_total_; }
  std::size_t closed_by_server() const { return closed_total_; }
  std::size_t peak_open() const { return peak_open_; }
  nlohmann::json report();

  void on_message(WsClient& client, const WsMessage& message) override;
  void on_closed(WsClient& client, const std::string& reason) override;

 private:
  struct Slot {
    std::unique_ptr<WsClient> client;
    Micros admitted_at = 0;
    bool busy = false;  // opening or open
  };
  void launch(Slot& slot);

  ServerUrl url_;
  SourceAddresses sources_;
  double rate_;
  Condition changed_;
  std::vector<Slot> slots_;
  std::size_t started_ = 0, admitted_ = 0, open_ = 0, peak_open_ = 0, busy_ = 0, messages_ = 0;
  std::size_t refused_total_ = 0, closed_total_ = 0;
  std::map<std::string, std::size_t> refused_, closed_;  // by reason
  LatencyStats lifetime_;  // from the upgrade until the server closed it
  Micros began_ = 0;
};

}  // namespace huddle::load
