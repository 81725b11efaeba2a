#pragma once
// Where a WsClient's socket lives when it is not in this process: a relay process holds it (RelayLink), so a
// run can hold more clients than one process may open files. The client object stays here, with its index,
// and the run talks to it as to any other; what it sends goes to the relay, and what the relay's socket
// receives comes back to it (WsClient::relayed_*) with the message's edges and arrival time.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

namespace huddle::load {

class WsClient;

class ClientRelay {
 public:
  // As WsClient::open; `done` runs here once the relay's client is upgraded (or failed).
  virtual void open(WsClient& client, const boost::asio::ip::tcp::endpoint& server, const boost::asio::ip::address& source,
                    const std::string& host, const std::string& target, int receive_buffer,
                    std::function<void(boost::system::error_code)> done) = 0;
  virtual void send(std::uint32_t index, std::string_view text) = 0;
  virtual void pause_reading(std::uint32_t index) = 0;
  virtual void resume_reading(std::uint32_t index) = 0;
  virtual void close(std::uint32_t index) = 0;

 protected:
  ~ClientRelay() = default;
};

}  // namespace huddle::load
