#pragma once
// huddle-load's side of one relay: a child process (this program, `huddle-load relay`) that holds some of the
// run's client sockets, since one process may open only so many files (RLIMIT_NOFILE: 20,000 here, and a
// cluster bench wants 20,000 participants besides the facilitator). The clients stay WsClient objects here
// (WsClient::relay_through); this link carries their opens, requests, pauses and closes to the relay, and
// their messages (edges, size, arrival time), opens and closes back (relay_wire.hpp). The relay process ends
// with this object, or with this process (PR_SET_PDEATHSIG).
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

#include <boost/asio/io_context.hpp>

#include "client_relay.hpp"
#include "relay_channel.hpp"

namespace huddle::load {

class RelayLink final : public ClientRelay {
 public:
  // Starts the relay process; throws std::runtime_error if it cannot.
  explicit RelayLink(boost::asio::io_context& ioc);
  ~RelayLink();
  RelayLink(const RelayLink&) = delete;
  RelayLink& operator=(const RelayLink&) = delete;

  int pid() const noexcept { return pid_; }

  void open(WsClient& client, const boost::asio::ip::tcp::endpoint& server, const boost::asio::ip::address& source,
            const std::string& host, const std::string& target, int receive_buffer,
            std::function<void(boost::system::error_code)> done) override;
  void send(std::uint32_t index, std::string_view text) override;
  void pause_reading(std::uint32_t index) override;
  void resume_reading(std::uint32_t index) override;
  void close(std::uint32_t index) override;

 private:
  struct Entry {
    WsClient* client = nullptr;
    std::function<void(boost::system::error_code)> done;  // until the open finishes
  };
  void on_record(relay_wire::Kind kind, relay_wire::Reader& reader);
  void on_end(const std::string& why);
  void command(relay_wire::Kind kind, std::uint32_t index);

  int pid_ = -1;
  std::unique_ptr<RelayChannel> channel_;
  std::unordered_map<std::uint32_t, Entry> clients_;
};

// The relay process: serves the socket on `fd` until huddle-load closes it. Returns the exit status.
int run_relay(int fd);

}  // namespace huddle::load
