#pragma once
// Attack item 3 of issue 15: one facilitator's session whose participants spam open-text poll answers, each
// as long as the poll allows, to fill the server's disk. The facilitator (a WsClient of its own) creates
// the session and opens its first open-text poll; the participants (a SessionCrowd on the attacker's
// network) join, and during the attack each sends `rate` votes a second, one in flight at a time. The server
// paces each participant (--changes-per-minute, --changes-burst) and caps the session (--session-max-events,
// --session-max-mb); what it refused is counted by code, and the journal's growth is measured by the run.
#include <cstddef>
#include <map>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "condition.hpp"
#include "facilitator_console.hpp"
#include "latency_stats.hpp"
#include "pacer.hpp"
#include "session_crowd.hpp"
#include "ws_client.hpp"
#include "ws_client_listener.hpp"

namespace huddle::load {

class StorageFlood final : public WsClientListener {
 public:
  StorageFlood(boost::asio::io_context& ioc, ServerUrl url, SourceAddresses sources, std::string scenario,
               std::size_t participants, double rate, std::chrono::milliseconds step_timeout);

  // Before the attack: the session, its open-text poll, everyone joined. Empty when done, else why not.
  boost::asio::awaitable<std::string> prepare();
  // Spams until the monotonic time `until`, then waits for the votes in flight.
  boost::asio::awaitable<void> run(Micros until);
  void close();
  std::size_t acked() const { return acked_; }
  std::size_t refused() const { return refused_total_; }
  nlohmann::json report();

  void on_message(WsClient& client, const WsMessage& message) override;
  void on_closed(WsClient& client, const std::string& reason) override;

 private:
  static constexpr std::size_t answer_length = 200;
  std::string answer(std::size_t k) const;

  ServerUrl url_;
  std::string scenario_;
  std::size_t participants_;
  double rate_;
  std::chrono::milliseconds step_timeout_;
  Condition changed_;
  Pacer pacer_;
  WsClient facilitator_client_;
  FacilitatorConsole console_;
  boost::asio::ip::address source_;
  SessionCrowd crowd_;
  std::string code_, poll_id_;
  std::size_t sent_ = 0, skipped_ = 0, acked_ = 0, refused_total_ = 0, in_flight_ = 0;
  std::map<std::string, std::size_t> refused_;  // by error code
  std::string facilitator_closed_;
  LatencyStats reply_;
  Micros began_ = 0, ended_ = 0;
};

}  // namespace huddle::load
