#pragma once
// A connection that exists for one request: it opens, says hello, sends the request and reports how that
// went. Each session.create needs a fresh connection (a connection that created a session is bound to it),
// so the creation flood is a stream of these; the honest facilitator from another network and the newcomer
// who joins during the attack are one each. Reusable: start() again once reusable().
#include <cstdint>
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <nlohmann/json.hpp>

#include "micros.hpp"
#include "server_url.hpp"
#include "ws_client.hpp"
#include "ws_client_listener.hpp"

namespace huddle::load {

class SoloRequest final : public WsClientListener {
 public:
  struct Outcome {
    bool opened = false;  // the upgrade succeeded
    bool acked = false;
    std::string code;     // the error's code, or why there was no reply ("open: ...", "closed: ...")
    Micros took = 0;      // from starting to open until the outcome
  };
  using Done = std::function<void(const Outcome&)>;

  SoloRequest(boost::asio::io_context& ioc, std::uint32_t index) : client_(ioc, index, *this) {}

  void start(const ServerUrl& url, const boost::asio::ip::address& source, nlohmann::json request, Done done);
  // The connection stays open after the outcome until this (a created session keeps its facilitator).
  void close() { client_.close(); }
  bool reusable() const { return !done_ && client_.reusable(); }

  void on_message(WsClient& client, const WsMessage& message) override;
  void on_closed(WsClient& client, const std::string& reason) override;

 private:
  void finish(bool acked, std::string code);

  WsClient client_;
  nlohmann::json request_;
  Done done_;
  Outcome outcome_;
  Micros started_ = 0;
  bool hello_acked_ = false;
};

}  // namespace huddle::load
