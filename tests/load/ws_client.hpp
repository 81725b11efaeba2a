#pragma once
// One client WebSocket connection of the load tool, built for tens of thousands per thread.
//
// Beast does the HTTP upgrade; after that the client reads frames itself: it waits for the socket to be
// readable and recv()s into one scratch buffer shared by every client of the thread, keeping only what a
// run needs (each message's first and last bytes, its size, its arrival time). Measured at 1k participants,
// Beast's own read path (a buffer per connection, a copy, UTF-8 validation) cost the tool about as much CPU
// per byte as the server spent writing it, which would make the tool the bottleneck of a join storm. Writes
// are small requests, framed and masked here and handed to send() directly.
//
// No timers of its own and no allocation per ordinary message; reading can be paused to play a client that
// stopped reading (pings then go unanswered, as from a frozen browser tab).
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "ws_client_listener.hpp"

namespace huddle::load {

class ClientRelay;

// The error of an upgrade answered with `status` instead of 101 (its message names the status).
const boost::system::error_category& upgrade_refused_category();
boost::system::error_code upgrade_refused(int status);

class WsClient {
 public:
  // Bytes kept from each end of every message.
  static constexpr std::size_t edge_bytes = 160;

  WsClient(boost::asio::io_context& ioc, std::uint32_t index, WsClientListener& listener);
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  std::uint32_t index() const noexcept { return index_; }
  bool is_open() const noexcept { return open_; }
  // Closed with nothing of its own pending: open() may be called again. The attack target reuses its
  // clients for tens of thousands of attempts instead of keeping one object per attempt.
  bool reusable() const noexcept { return !open_ && !upgrade_ && !waiting_read_ && !waiting_write_; }

  // Binds to `source` (the port is picked at connect time, IP_BIND_ADDRESS_NO_PORT, so one source address
  // serves ~28k connections to each server port), connects, upgrades at `target`, then starts reading.
  // `receive_buffer` > 0 sets SO_RCVBUF before connecting. Again only when reusable().
  void open(const boost::asio::ip::tcp::endpoint& server, const boost::asio::ip::address& source,
            const std::string& host, const std::string& target, int receive_buffer,
            std::function<void(boost::system::error_code)> done);

  // Sends one text message.
  void send(std::string_view text);
  // Stops reading: the kernel buffers fill (sooner with a small `receive_buffer` at open), then the
  // server's writes stall.
  void pause_reading();
  void resume_reading();
  // The facilitator reads whole messages; everyone else only their edges.
  void keep_full_messages(bool keep) { keep_full_ = keep; }
  // Closes without telling the listener.
  void close();

  // From now on this client's socket is held by `relay` (another process; client_relay.hpp): open, send,
  // pause, resume and close go there, and the relay reports back through the three calls below. Whole
  // messages are not relayed (keep_full_messages does not apply).
  void relay_through(ClientRelay& relay) { relay_ = &relay; }
  bool relayed() const noexcept { return relay_ != nullptr; }
  // For the relay: the open finished (ok without `ec`); a message arrived; the connection ended.
  void relayed_open_done(boost::system::error_code ec) { open_ = !ec; }
  void relayed_message(const WsMessage& message) { listener_.on_message(*this, message); }
  void relayed_closed(const std::string& reason);

 private:
  struct Upgrade;  // the HTTP exchange, alive only while upgrading

  void on_upgraded(boost::system::error_code ec, const std::function<void(boost::system::error_code)>& done);
  void wait_readable();
  void on_readable();
  // Feeds received bytes through the frame parser.
  void consume(const char* data, std::size_t size);
  void on_payload(const char* data, std::size_t size);
  void on_frame_end();
  void send_frame(unsigned opcode, std::string_view payload);
  void flush();
  void fail(boost::system::error_code ec);
  void fail(const std::string& reason);

  boost::asio::ip::tcp::socket socket_;
  WsClientListener& listener_;
  std::unique_ptr<Upgrade> upgrade_;

  // Frame parser: the header being collected, then the payload bytes still to come.
  std::array<std::uint8_t, 14> header_{};
  std::uint8_t header_have_ = 0;
  std::uint8_t opcode_ = 0;        // of the frame being read
  bool fin_ = false;
  std::uint64_t payload_left_ = 0;
  bool in_payload_ = false;
  std::array<char, 125> control_{};  // a ping's payload, echoed in the pong
  std::uint8_t control_size_ = 0;

  // The message being received.
  std::string full_;  // only when keep_full_
  std::array<char, edge_bytes> head_{};
  std::array<char, edge_bytes> tail_{};
  std::size_t head_size_ = 0, tail_size_ = 0, message_size_ = 0;

  std::string outbox_;  // framed bytes the kernel did not take yet (rare: requests are small)
  ClientRelay* relay_ = nullptr;
  std::uint32_t index_;
  bool open_ = false, waiting_read_ = false, waiting_write_ = false, paused_ = false, keep_full_ = false;
};

}  // namespace huddle::load
