#pragma once
// One WebSocket connection. Beast does the upgrade (its checks, its 101 answer); after that this class
// speaks RFC 6455 itself, straight on the socket (net/ws_frame_reader.hpp reads, hub/push_frame.hpp
// frames), because fan-out is the server's hot path: a push is framed once by the hub, header and all, and
// each connection hands the shared bytes to one send(), tried at once without a round trip through the
// event loop. Frames from sessions arrive in batches through the shard's Outbox (net/outbox.hpp). Beast's stream framed, copied and completed
// every write per connection and held a read buffer, a pending read and its timers for every idle
// connection; here an idle connection holds its socket, one timer and no buffer (tests/load/README.md has
// the numbers).
//
// Reading: one request at a time. The next frame is taken only once the request's reply is queued
// (send_reply), so a client cannot make the server buffer its requests.
//
// Slow-consumer policy: the queue holds at most one frame per topic besides the replies (which go ahead of
// waiting pushes, see enqueue), because a newer push of a topic replaces an older one not yet started
// (latest state wins). So a client that reads slowly gets fewer, newer frames and costs bounded memory. A client whose write has been pending longer than
// --stuck-timeout has stopped reading: it is disconnected (it resumes where it was if it comes back).
//
// Liveness: a timer ticks every half --idle-timeout. A tick with nothing heard since the last one sends a
// ping; the next silent tick closes the connection (browsers answer pings by themselves).
//
// Earning its place (ServerOptions): `hello` within hello_timeout of the upgrade, a join, resume, attach or
// create within admission_timeout, and every message begun must be whole within frame_timeout; otherwise
// the connection is closed with 1008. The same timer wakes for whichever deadline comes first. What all
// connections hold of unfinished messages is counted server-wide (Metrics::partial_bytes); a connection
// whose unfinished message would pass --max-partial-bytes is closed with 1013.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "hub/client.hpp"
#include "hub/token_bucket.hpp"
#include "net/address_slot.hpp"
#include "net/connection.hpp"
#include "net/server_context.hpp"
#include "net/outbox.hpp"
#include "net/outbox_target.hpp"
#include "net/stream_types.hpp"
#include "net/ws_frame_reader.hpp"

namespace huddle::net {

// Stream: PlainStream or TlsStream (net/stream_types.hpp); both are instantiated in ws_session.cpp.
template <class Stream>
class WsSession final : public hub::Client,
                        public Connection,
                        public OutboxTarget,
                        public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  // `outbox` is the one of the shard whose strand `stream` runs on (io_shards.hpp).
  WsSession(Stream&& stream, ServerContext& context, AddressSlot slot, Outbox& outbox);
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
  // OutboxTarget: on the strand.
  void take_reply(hub::SharedFrame frame) override;
  void take_push(hub::Topic topic, hub::SharedFrame frame) override;

 private:
  struct Outgoing {
    std::optional<hub::Topic> topic;  // set for pushes, which may be coalesced
    hub::SharedFrame frame;           // header and payload
    hub::WsOpcode opcode() const noexcept { return frame->opcode(); }
  };

  void on_accept(boost::beast::error_code ec);
  // Reading: wait for bytes, hand them to the reader, act on what it has whole.
  void read_more();
  void on_readable(boost::beast::error_code ec);
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void take_bytes(const char* data, std::size_t size);
  void process();
  void handle_text(std::string text);
  // Writing: everything queued goes out in one gather write; only what the kernel refuses waits.
  // Queues a frame at the end, or for a reply (`ahead_of_pushes`) before the pushes still waiting (not one
  // being written): on a slow connection a big board push must not hold up the answer to "me too" (issue
  // 19). The push its own change causes comes after it anyway, so a client still never sees its change
  // pushed before its ack. With nothing queued, a plain connection writes the frame at once.
  void enqueue(hub::SharedFrame frame, std::optional<hub::Topic> topic = std::nullopt, bool ahead_of_pushes = false);
  // A whole frame went out: counted as a message if it is one (pings, pongs and closes are not).
  void count_written(const hub::PushFrame& frame);
  std::size_t untouchable() const noexcept;  // queue entries a write in progress still uses
  // Gives the first waiting entry `matches` accepts this frame instead (latest wins); false if none.
  template <class Match>
  bool replace_waiting(Match matches, hub::SharedFrame& frame);
  void flush();
  // Brings Metrics::queue_bytes up to date with this connection's queue: once per flush, not per frame, and
  // not at all for a frame written at once (most of them).
  void report_queue_bytes();
  void on_writable(boost::beast::error_code ec);
  void on_written(boost::beast::error_code ec, std::size_t bytes);
  void advance(std::size_t bytes);
  bool stuck() const;
  void drop_stuck();
  // Closing: our close frame goes after everything queued; the connection ends when both sides have said
  // close, the peer hangs up, or a tick passes.
  void start_close(std::uint16_t code, std::string reason);
  void tick(boost::beast::error_code ec);
  // Sets the timer for the earliest of the next idle tick and the deadlines still open.
  void arm_timer();
  // Closes with 1008 (policy) and stops reading: for a connection that did not earn its place.
  void expel(std::string reason);
  // Updates the server-wide count of unfinished-message bytes after the reader changed; false (and the
  // connection closing) when this connection pushed it past the budget.
  bool account_partial_bytes();
  void finish();  // once: the connection is over
  boost::asio::ip::tcp::socket& socket();  // the TCP socket under the transport

  boost::asio::any_io_executor executor_;  // the connection's shard strand
  Outbox& outbox_;
  std::unique_ptr<boost::beast::websocket::stream<Stream>> handshake_;  // only until the upgrade is done
  std::optional<WsTransport<Stream>> transport_;                        // from then on
  WsFrameReader reader_;
  boost::asio::steady_timer timer_;
  ServerContext& context_;
  AddressSlot slot_;
  hub::TokenBucket requests_;         // --rate-limit: requests this connection may still send now
  std::size_t refused_in_a_row_ = 0;  // rate_limited answers since the last accepted request
  std::uint64_t registry_id_ = 0;
  // A vector, not a deque: an idle connection's empty deque already holds a 512-byte block, and the queue
  // is short (a reply, a control frame and at most one push per topic).
  std::vector<Outgoing> queue_;
  std::size_t queued_bytes_ = 0;
  std::size_t reported_bytes_ = 0;    // this connection's part of Metrics::queue_bytes
  std::size_t front_sent_ = 0;        // bytes of queue_.front() already written
  std::size_t in_flight_ = 0;         // entries an asynchronous TLS write is sending
  std::unique_ptr<char[]> tls_read_buffer_;  // TLS only: a pending read needs a buffer of its own
  std::string tls_out_;                      // TLS only: the frames being written, copied together
  std::chrono::steady_clock::time_point write_started_;
  std::chrono::steady_clock::time_point opened_at_;       // the upgrade completed
  std::chrono::steady_clock::time_point next_idle_tick_;
  std::optional<std::chrono::steady_clock::time_point> partial_since_;  // an unfinished message began
  std::size_t partial_held_ = 0;      // this connection's share of Metrics::partial_bytes
  bool said_hello_ = false;           // read from the binding once a reply is queued (see send_reply)
  bool admitted_ = false;             // bound to a session: the hello and admission deadlines are over
  bool writing_ = false;              // waiting for the socket to take more
  bool reading_ = false;              // a wait or read is pending
  bool awaiting_reply_ = false;       // a request is with the hub
  bool processing_ = false;           // process() is on the stack: a reply queued meanwhile lets its loop go on
  bool broken_ = false;               // the peer broke the protocol: read and discard until it hangs up
  bool accepted_ = false;
  bool closing_ = false;              // no more pushes; our close frame is queued or about to be
  bool close_queued_ = false;
  bool close_sent_ = false;
  bool close_received_ = false;
  bool heard_ = false;                // something arrived since the last tick
  bool pinged_ = false;               // the last tick sent a ping and nothing has come since
  bool finished_ = false;
};

}  // namespace huddle::net
