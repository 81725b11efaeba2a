#pragma once
// One WebSocket connection: reads requests one at a time and hands them to the hub, and writes replies and
// pushes from a small queue with exactly one write in flight.
//
// Slow-consumer policy: the queue holds at most one frame per topic besides the reply being sent, because
// a newer push of a topic replaces an older one still waiting (latest state wins). So a client that reads
// slowly gets fewer, newer frames and costs bounded memory. A client whose write has been pending longer
// than --stuck-timeout has stopped reading: it is disconnected (it resumes where it was if it comes back).
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "hub/client.hpp"
#include "hub/token_bucket.hpp"
#include "net/address_slot.hpp"
#include "net/connection.hpp"
#include "net/server_context.hpp"
#include "net/stream_types.hpp"

namespace huddle::net {

// Stream: PlainStream or TlsStream (net/stream_types.hpp); both are instantiated in ws_session.cpp.
template <class Stream>
class WsSession final : public hub::Client, public Connection, public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  WsSession(Stream&& stream, ServerContext& context, AddressSlot slot);
  ~WsSession() override;

  // Completes the upgrade the HTTP session received, then starts reading.
  void run(boost::beast::http::request<boost::beast::http::string_body> upgrade);

  // hub::Client
  void send_reply(std::string frame) override;
  void send_state(hub::Topic topic, hub::SharedFrame frame) override;
  void close(std::uint16_t code, std::string reason) override;
  const std::string& remote_address() const override { return slot_.address(); }
  // Connection
  void shut_down() override;

 private:
  struct Outgoing {
    std::optional<hub::Topic> topic;  // set for pushes, which may be coalesced
    hub::SharedFrame frame;
  };

  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void enqueue(Outgoing out);
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void start_close(std::uint16_t code, std::string reason);
  void finish();  // once: the connection is over

  boost::beast::websocket::stream<Stream> ws_;
  boost::beast::flat_buffer buffer_;
  ServerContext& context_;
  AddressSlot slot_;
  hub::TokenBucket requests_;      // --rate-limit: requests this connection may still send now
  std::size_t refused_in_a_row_ = 0;  // rate_limited answers since the last accepted request
  std::uint64_t registry_id_ = 0;
  // Front is being written while writing_. A vector, not a deque: an idle connection's empty deque already
  // holds a 512-byte block, and the queue is short (a reply and at most one push per topic).
  std::vector<Outgoing> queue_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool accepted_ = false;
  bool closing_ = false;
  bool finished_ = false;
  std::optional<std::pair<std::uint16_t, std::string>> close_after_write_;
  std::chrono::steady_clock::time_point write_started_;
};

}  // namespace huddle::net
