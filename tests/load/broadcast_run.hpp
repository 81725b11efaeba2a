#pragma once
// The broadcast target, for the peers (tests/load/peers): N receivers connect to a plain broadcast server,
// one more client sends a numbered frame of --bytes at --rate, and each receiver logs when each number
// arrived. The same pool, tracker, pacer and meter as the huddle target, so only the server differs.
#include <cstdint>
#include <memory>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "delivery_tracker.hpp"
#include "load_run.hpp"
#include "version_watch.hpp"

namespace huddle::load {

class BroadcastRun final : public LoadRun {
 public:
  BroadcastRun(boost::asio::io_context& ioc, const LoadOptions& options);

  // Passes with no errors and every receiver getting every frame.
  boost::asio::awaitable<void> run() override;

  void on_message(WsClient& client, const WsMessage& message) override;
  void on_closed(WsClient& client, const std::string& reason) override;

 private:
  std::string payload(std::uint64_t seq) const;

  std::unique_ptr<WsClient> sender_;
  std::uint32_t sender_index_;
  std::vector<std::uint64_t> last_seq_;  // per receiver: the highest sequence number received
  std::vector<bool> closed_;
  DeliveryTracker tracker_;
  VersionWatch watch_;
};

}  // namespace huddle::load
