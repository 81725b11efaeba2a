#pragma once
// Participants of one session on their own connections, for the attack target: the honest voters whose
// latency is the measurement, and the storage flood's spammers. They open through a ConnectionPool from
// their own source addresses (so each group sits on its own network as far as Huddle's per-address limits
// go), say hello and join; then the owner sends requests for them, one in flight per participant as the web
// client does, and hears every reply with its round trip.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "condition.hpp"
#include "connection_pool.hpp"
#include "error_counts.hpp"
#include "participant.hpp"
#include "source_addresses.hpp"
#include "ws_client_listener.hpp"

namespace huddle::load {

class SessionCrowd final : public WsClientListener {
 public:
  // ok: an ack; else `error_code` is the error's code, or "closed" when the connection ended first.
  using ReplyHandler = std::function<void(std::uint32_t index, bool ok, std::string_view error_code, Micros round_trip)>;

  // `changed` is notified whenever a join settles or a reply arrives.
  SessionCrowd(boost::asio::io_context& ioc, const ServerUrl& url, SourceAddresses sources, std::string name_prefix,
               Condition& changed);

  // Opens `count` participants, `concurrency` at a time, and joins them to `code`; settled() once each has
  // joined or failed (failures are in errors()).
  void join(const std::string& code, std::size_t count, std::size_t concurrency);
  bool settled() const { return pool_.finished(); }
  std::size_t joined() const { return joined_; }
  std::size_t size() const { return participants_.size(); }
  // Joined, still connected, and no request in flight.
  bool ready(std::uint32_t index) const;
  // Sends `request` (its id is added) for a ready participant; the reply goes to the handler.
  void send(std::uint32_t index, nlohmann::json request);
  void on_reply(ReplyHandler handler) { on_reply_ = std::move(handler); }
  // Refused joins, failed opens, connections the server closed, unreadable frames.
  ErrorCounts& errors() { return errors_; }
  void close();

  void on_message(WsClient& client, const WsMessage& message) override;
  void on_closed(WsClient& client, const std::string& reason) override;

 private:
  void send_raw(std::uint32_t index, Participant::Waiting waiting, nlohmann::json request);

  SourceAddresses sources_;
  ErrorCounts errors_;
  ConnectionPool pool_;
  std::string name_prefix_;
  Condition& changed_;
  std::string code_;
  std::vector<Participant> participants_;
  std::size_t joined_ = 0;
  ReplyHandler on_reply_;
};

}  // namespace huddle::load
