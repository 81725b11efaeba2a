#include "net/ws_session.hpp"

#include <sys/socket.h>

#include <cerrno>

#include <algorithm>
#include <array>
#include <span>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/version.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <spdlog/spdlog.h>

#include "huddle/protocol/request_parser.hpp"
#include "huddle/protocol/server_message.hpp"

namespace huddle::net {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using hub::PushFrame;
using hub::WsOpcode;

namespace {
// How many rate_limited answers in a row a client gets before it is closed with 1008: a browser that
// misbehaves for a moment recovers; a script that ignores the answers is cut off.
constexpr std::size_t max_refused_in_a_row = 100;
// Queue entries one gather write takes (one buffer each: a frame is header and payload). The queue is rarely
// longer.
constexpr std::size_t max_frames_per_write = 8;
// TLS: bytes one read asks for (plain connections read into a buffer of their thread instead), and the most
// a connection keeps of its write buffer between writes.
constexpr std::size_t tls_read_size = 4096;
constexpr std::size_t tls_keep_bytes = 16 * 1024;
// Plain connections read into this after the socket said it has bytes: idle connections hold no buffer.
constexpr std::size_t thread_read_size = 64 * 1024;


const hub::SharedFrame& ping_frame() {
  static const hub::SharedFrame ping = std::make_shared<const PushFrame>("", WsOpcode::ping);
  return ping;
}

}  // namespace

template <class Stream>
WsSession<Stream>::WsSession(Stream&& stream, ServerContext& context, AddressSlot slot, Outbox& outbox)
    : executor_(stream.get_executor()),
      outbox_(outbox),
      handshake_(std::make_unique<websocket::stream<Stream>>(std::move(stream))),
      reader_(context.options.max_message_bytes),
      timer_(executor_),
      context_(context),
      slot_(std::move(slot)),
      requests_(context.options.rate_limit_per_second, context.options.rate_limit_burst, hub::TokenBucket::Clock::now()) {}

template <class Stream>
WsSession<Stream>::~WsSession() {
  context_.metrics.queue_bytes.fetch_sub(static_cast<std::int64_t>(reported_bytes_), std::memory_order_relaxed);
}

template <class Stream>
void WsSession<Stream>::run(beast::http::request<beast::http::string_body> upgrade) {
  registry_id_ = context_.connections.add(this->weak_from_this());
  beast::get_lowest_layer(*handshake_).expires_never();  // the handshake's own timeout takes over
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = context_.options.handshake_timeout;
  timeouts.idle_timeout = websocket::stream_base::none();
  timeouts.keep_alive_pings = false;
  handshake_->set_option(timeouts);
  handshake_->set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "huddle"); }));
  handshake_->async_accept(upgrade, beast::bind_front_handler(&WsSession::on_accept, this->shared_from_this()));
}

template <class Stream>
void WsSession<Stream>::on_accept(beast::error_code ec) {
  if (ec) {
    handshake_.reset();
    return finish();
  }
  // From here on the connection is ours: take the transport out of Beast's stream and let the stream go.
  if constexpr (std::is_same_v<Stream, PlainStream>) {
    transport_.emplace(handshake_->next_layer().release_socket());
    transport_->non_blocking(true);  // writes and reads are tried at once and never block the thread
  } else {
    transport_.emplace(std::move(handshake_->next_layer()));
  }
  handshake_.reset();
  beast::error_code ignored;
  // Each frame is one write; Nagle would hold a reply back behind an unacknowledged push.
  socket().set_option(asio::ip::tcp::no_delay(true), ignored);
  accepted_ = true;
  context_.metrics.connections_open.fetch_add(1, std::memory_order_relaxed);
  context_.metrics.connections_total.fetch_add(1, std::memory_order_relaxed);
  opened_at_ = std::chrono::steady_clock::now();
  next_idle_tick_ = opened_at_ + context_.options.idle_timeout / 2;
  arm_timer();
  // Asked to close while the handshake ran: close now.
  if (closing_) start_close(static_cast<std::uint16_t>(websocket::close_code::going_away), "server shutting down");
  process();
}

// ---- reading ----

template <class Stream>
void WsSession<Stream>::read_more() {
  if (reading_ || finished_) return;
  reading_ = true;
  if constexpr (std::is_same_v<Stream, PlainStream>) {
    transport_->async_wait(asio::ip::tcp::socket::wait_read,
                           beast::bind_front_handler(&WsSession::on_readable, this->shared_from_this()));
  } else {
    // TLS may hold decrypted bytes the socket no longer shows, so it is read, not waited on.
    if (!tls_read_buffer_) tls_read_buffer_ = std::make_unique<char[]>(tls_read_size);
    transport_->async_read_some(asio::buffer(tls_read_buffer_.get(), tls_read_size),
                                beast::bind_front_handler(&WsSession::on_read, this->shared_from_this()));
  }
}

template <class Stream>
void WsSession<Stream>::on_readable(beast::error_code ec) {
  reading_ = false;
  if (finished_) return;
  if (ec) return finish();
  if constexpr (std::is_same_v<Stream, PlainStream>) {
    static thread_local std::array<char, thread_read_size> bytes;
    const auto size = transport_->read_some(asio::buffer(bytes), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) return read_more();
    if (ec) return finish();  // eof or reset: the peer is gone
    take_bytes(bytes.data(), size);
  }
}

template <class Stream>
void WsSession<Stream>::on_read(beast::error_code ec, std::size_t bytes) {
  reading_ = false;
  if (finished_) return;
  if (ec) return finish();
  take_bytes(tls_read_buffer_.get(), bytes);
}

template <class Stream>
void WsSession<Stream>::take_bytes(const char* data, std::size_t size) {
  heard_ = true;
  if (!broken_) reader_.append(std::string_view(data, size));  // a broken peer is only drained until it hangs up
  process();
}

template <class Stream>
bool WsSession<Stream>::account_partial_bytes() {
  const std::size_t held = broken_ ? 0 : reader_.heap_bytes();
  const auto delta = static_cast<std::int64_t>(held) - static_cast<std::int64_t>(partial_held_);
  partial_held_ = held;
  const auto total = context_.metrics.partial_bytes.fetch_add(delta, std::memory_order_relaxed) + delta;
  if (delta <= 0 || static_cast<std::size_t>(std::max<std::int64_t>(total, 0)) <= context_.options.max_partial_bytes_total) return true;
  // This connection's growth passed the server's budget: it goes, and what it held with it.
  spdlog::info("closing a client whose unfinished message passed the server's budget for them");
  broken_ = true;
  reader_ = WsFrameReader(context_.options.max_message_bytes);
  context_.metrics.partial_bytes.fetch_sub(static_cast<std::int64_t>(partial_held_), std::memory_order_relaxed);
  partial_held_ = 0;
  start_close(1013, "server busy: try again later");
  return false;
}

template <class Stream>
void WsSession<Stream>::expel(std::string reason) {
  spdlog::debug("websocket closed: {}", reason);
  context_.metrics.unadmitted_closed.fetch_add(1, std::memory_order_relaxed);
  broken_ = true;
  reader_ = WsFrameReader(context_.options.max_message_bytes);
  account_partial_bytes();
  partial_since_.reset();
  start_close(static_cast<std::uint16_t>(websocket::close_code::policy_error), std::move(reason));
}

template <class Stream>
void WsSession<Stream>::process() {
  if (processing_ || !accepted_) return;
  processing_ = true;
  while (!finished_ && !awaiting_reply_ && !broken_) {
    auto next = reader_.next();
    if (std::holds_alternative<std::monostate>(next)) break;
    if (auto* error = std::get_if<WsProtocolError>(&next)) {
      // Too big (1009), bad UTF-8 (1007), not a WebSocket (1002): say why and end the connection.
      spdlog::debug("websocket closed for a protocol error: {}", error->reason);
      broken_ = true;  // the reader has let go of what it held
      start_close(error->close_code, error->reason);
      break;
    }
    auto& inbound = std::get<WsInbound>(next);
    if (inbound.kind == WsInbound::Kind::text || inbound.kind == WsInbound::Kind::binary) partial_since_.reset();
    switch (inbound.kind) {
      case WsInbound::Kind::text:
        if (!close_queued_) handle_text(std::move(inbound.payload));
        break;
      case WsInbound::Kind::binary:
        if (close_queued_) break;
        // No reply id can be read from a binary frame; answer once and read on.
        awaiting_reply_ = true;
        send_reply(protocol::make_error(std::nullopt, protocol::ErrorCode::bad_request, "Send JSON as text frames."));
        break;
      case WsInbound::Kind::ping: {
        // One pong waiting at most, for the newest ping (RFC 6455 5.5.3 allows it): a client that sends
        // pings and never reads cannot grow the queue.
        auto pong = std::make_shared<const PushFrame>(inbound.payload, WsOpcode::pong);
        if (replace_waiting([](const Outgoing& queued) { return queued.opcode() == WsOpcode::pong; }, pong)) {
          report_queue_bytes();
        } else {
          enqueue(std::move(pong));
        }
        break;
      }
      case WsInbound::Kind::pong:
        break;
      case WsInbound::Kind::close:
        close_received_ = true;
        if (close_sent_) {
          finish();  // both have said close
        } else {
          // Answer with the same code; the connection ends once the answer is written (advance).
          closing_ = true;
          start_close(inbound.close_code, "");
        }
        break;
    }
  }
  processing_ = false;
  if (finished_) return;
  // Waiting for more bytes of a message begun: its clock runs from the first such moment.
  if (!awaiting_reply_ && !broken_ && reader_.holds_bytes()) {
    if (!partial_since_) {
      partial_since_ = std::chrono::steady_clock::now();
      arm_timer();
    }
  } else if (!reader_.holds_bytes()) {
    partial_since_.reset();
  }
  if (!account_partial_bytes()) return;
  if (!awaiting_reply_) read_more();
}

template <class Stream>
void WsSession<Stream>::handle_text(std::string text) {
  awaiting_reply_ = true;  // until send_reply: one request at a time
  if (!requests_.take(hub::TokenBucket::Clock::now())) {
    context_.metrics.messages_in.fetch_add(1, std::memory_order_relaxed);
    context_.metrics.request_errors.fetch_add(1, std::memory_order_relaxed);
    if (++refused_in_a_row_ > max_refused_in_a_row) {
      spdlog::info("closing a client that kept flooding after rate_limited");
      awaiting_reply_ = false;
      closing_ = true;
      return start_close(static_cast<std::uint16_t>(websocket::close_code::policy_error), "too many requests");
    }
    // The id is read if the frame has one, so the client can match the refusal to its request.
    auto peek = protocol::parse_request(text);
    std::optional<protocol::RequestId> id;
    if (auto* request = std::get_if<protocol::Request>(&peek)) id = request->id;
    else id = std::get<protocol::ParseError>(peek).id;
    return send_reply(protocol::make_error(
        id, protocol::ErrorCode::rate_limited,
        "Too many requests: at most " + std::to_string(static_cast<int>(context_.options.rate_limit_per_second)) +
            " a second. Slow down; keeping on closes the connection."));
  }
  refused_in_a_row_ = 0;
  auto parsed = protocol::parse_request(text);
  if (auto* error = std::get_if<protocol::ParseError>(&parsed)) {
    context_.metrics.messages_in.fetch_add(1, std::memory_order_relaxed);
    context_.metrics.request_errors.fetch_add(1, std::memory_order_relaxed);
    return send_reply(protocol::make_error(error->id, error->code, error->message));
  }
  context_.hub.handle(std::static_pointer_cast<WsSession>(this->shared_from_this()), std::get<protocol::Request>(std::move(parsed)),
                      std::move(text));
}

template <class Stream>
void WsSession<Stream>::send_reply(std::string reply) {
  // Framed here, on the hub's thread, like a push.
  auto frame = std::make_shared<const PushFrame>(reply);
  // Through the outbox, so a reply and the pushes its change causes keep their order (outbox.hpp); a reply
  // made on this connection's own strand (a refusal, hello) goes out at once.
  if (outbox_.strand().running_in_this_thread()) return take_reply(std::move(frame));
  outbox_.reply(this->shared_from_this(), std::move(frame));
}

template <class Stream>
void WsSession<Stream>::take_reply(hub::SharedFrame frame) {
  if (finished_) return;
  // The hub changes a connection's binding only while one of its requests is in hand, before replying, so
  // here (after the reply's hop onto this strand) it can be read safely.
  const bool was_admitted = admitted_;
  if (!was_admitted) {
    const auto& binding = this->binding();
    said_hello_ = binding.said_hello;
    // A connection served by another node of a cluster belongs to a session there (hub/cluster.hpp).
    auto* cluster = context_.hub.cluster();
    admitted_ = !binding.session.expired() || (cluster && cluster->forwarded_to(*this));
  }
  enqueue(std::move(frame), std::nullopt, /*ahead_of_pushes=*/true);
  awaiting_reply_ = false;
  if (!was_admitted && accepted_ && !finished_) arm_timer();  // the deadlines left, from now
  process();  // the next request, if one is waiting; inside process() its loop takes it
}

// ---- writing ----

template <class Stream>
void WsSession<Stream>::send_state(hub::Topic topic, hub::SharedFrame frame) {
  outbox_.push(this->shared_from_this(), topic, std::move(frame));
}

template <class Stream>
void WsSession<Stream>::take_push(hub::Topic topic, hub::SharedFrame frame) {
  if (finished_ || closing_) return;
  if (stuck()) return drop_stuck();
  // Replace an older push of the same topic that no write has started on. A patch only fits the version
  // before it, which the client would then never get: the whole push takes the waiting one's place instead.
  hub::SharedFrame replacement = frame->whole() ? frame->whole() : frame;
  if (replace_waiting([topic](const Outgoing& queued) { return queued.topic == topic; }, replacement)) {
    context_.metrics.frames_coalesced.fetch_add(1, std::memory_order_relaxed);
    report_queue_bytes();
    return;
  }
  enqueue(std::move(frame), topic);
}

template <class Stream>
void WsSession<Stream>::enqueue(hub::SharedFrame frame, std::optional<hub::Topic> topic, bool ahead_of_pushes) {
  if (finished_ || close_queued_) return;  // nothing may follow a close frame
  if constexpr (std::is_same_v<Stream, PlainStream>) {
    // Nothing waits: straight into the socket, the queue untouched (most frames, at 10,000 recipients a push).
    // A close frame takes the queue's way, which knows what follows it (advance).
    if (queue_.empty() && !writing_ && frame->opcode() != WsOpcode::close) {
      const auto wire = frame->wire();
      const auto sent = ::send(transport_->native_handle(), wire.data(), wire.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (sent == static_cast<ssize_t>(wire.size())) return count_written(*frame);
      if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return finish();  // the peer is gone
      // Part of it, or none: the rest waits in the queue like any frame, and flush() waits for room.
      front_sent_ = sent > 0 ? static_cast<std::size_t>(sent) : 0;
    }
  }
  auto at = queue_.end();
  if (ahead_of_pushes) {
    const auto first = std::min(untouchable(), queue_.size());  // after a partial send above the queue is empty
    at = std::find_if(queue_.begin() + static_cast<std::ptrdiff_t>(first), queue_.end(),
                      [](const Outgoing& queued) { return queued.topic.has_value(); });
  }
  queued_bytes_ += frame->wire().size();
  queue_.insert(at, Outgoing{topic, std::move(frame)});
  if (!writing_) flush();
  else report_queue_bytes();
}

template <class Stream>
void WsSession<Stream>::count_written(const hub::PushFrame& frame) {
  if (frame.opcode() != WsOpcode::text) return;
  context_.metrics.messages_out.add(1);
  context_.metrics.bytes_out.add(frame.wire().size());
}

template <class Stream>
void WsSession<Stream>::report_queue_bytes() {
  if (queued_bytes_ == reported_bytes_) return;
  context_.metrics.queue_bytes.fetch_add(static_cast<std::int64_t>(queued_bytes_) - static_cast<std::int64_t>(reported_bytes_),
                                         std::memory_order_relaxed);
  reported_bytes_ = queued_bytes_;
}

template <class Stream>
template <class Match>
bool WsSession<Stream>::replace_waiting(Match matches, hub::SharedFrame& frame) {
  for (std::size_t i = untouchable(); i < queue_.size(); ++i) {
    auto& queued = queue_[i];
    if (!matches(queued)) continue;
    queued_bytes_ = queued_bytes_ - queued.frame->wire().size() + frame->wire().size();
    queued.frame = std::move(frame);
    return true;
  }
  return false;
}

template <class Stream>
std::size_t WsSession<Stream>::untouchable() const noexcept {
  return std::max<std::size_t>(in_flight_, front_sent_ > 0 ? 1 : 0);
}

template <class Stream>
void WsSession<Stream>::flush() {
  while (!queue_.empty() && !finished_ && !writing_) {
    std::array<asio::const_buffer, max_frames_per_write> buffers;
    std::size_t count = 0;
    const auto frames = std::min(queue_.size(), max_frames_per_write);
    for (std::size_t i = 0; i < frames; ++i) {
      const auto wire = queue_[i].frame->wire();
      asio::const_buffer bytes(wire.data(), wire.size());
      if (i == 0) bytes += front_sent_;
      if (bytes.size() > 0) buffers[count++] = bytes;
    }
    if constexpr (std::is_same_v<Stream, PlainStream>) {
      const std::span<const asio::const_buffer> pending(buffers.data(), count);
      // Straight into the socket: most writes complete here, with no handler and no trip through the loop.
      beast::error_code ec;
      const auto written = transport_->write_some(pending, ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) {
        writing_ = true;
        write_started_ = std::chrono::steady_clock::now();
        transport_->async_wait(asio::ip::tcp::socket::wait_write,
                               beast::bind_front_handler(&WsSession::on_writable, this->shared_from_this()));
        return report_queue_bytes();
      }
      if (ec) return finish();
      advance(written);
    } else {
      // TLS encrypts one buffer at a time and may read it again when it retries, so the frames are copied
      // into one buffer the connection keeps until the write completes: one record for them all, and
      // nothing the write reads moves when the queue grows. (front_sent_ stays 0: the write is whole.)
      tls_out_.clear();
      for (std::size_t i = 0; i < count; ++i) tls_out_.append(static_cast<const char*>(buffers[i].data()), buffers[i].size());
      writing_ = true;
      in_flight_ = frames;  // sent as they are: not to be replaced meanwhile
      write_started_ = std::chrono::steady_clock::now();
      asio::async_write(*transport_, asio::buffer(tls_out_), beast::bind_front_handler(&WsSession::on_written, this->shared_from_this()));
      return report_queue_bytes();
    }
  }
  report_queue_bytes();
}

template <class Stream>
void WsSession<Stream>::on_writable(beast::error_code ec) {
  writing_ = false;
  if (finished_) return;
  if (ec) return finish();
  flush();
}

template <class Stream>
void WsSession<Stream>::on_written(beast::error_code ec, std::size_t bytes) {
  writing_ = false;
  in_flight_ = 0;
  if (tls_out_.capacity() > tls_keep_bytes) std::string().swap(tls_out_);  // a big board went out: let it go
  if (finished_) return;
  if (ec) return finish();
  advance(bytes);
  flush();
}

template <class Stream>
void WsSession<Stream>::advance(std::size_t bytes) {
  while (bytes > 0 && !queue_.empty()) {
    auto& front = queue_.front();
    const auto size = front.frame->wire().size();
    if (bytes < size - front_sent_) {
      front_sent_ += bytes;
      return;
    }
    bytes -= size - front_sent_;
    front_sent_ = 0;
    const bool closed = front.opcode() == WsOpcode::close;
    queued_bytes_ -= size;
    count_written(*front.frame);
    queue_.erase(queue_.begin());
    if (closed) {
      close_sent_ = true;
      beast::error_code ignored;
      if (close_received_) return finish();  // both have said close: the server hangs up first (RFC 6455 7.1.1)
      // A peer that broke the protocol gets no more; it sees the close frame, then the end of the stream.
      if (broken_) socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    }
  }
}

template <class Stream>
bool WsSession<Stream>::stuck() const {
  return writing_ && std::chrono::steady_clock::now() - write_started_ > context_.options.stuck_timeout;
}

template <class Stream>
void WsSession<Stream>::drop_stuck() {
  context_.metrics.slow_consumers_closed.fetch_add(1, std::memory_order_relaxed);
  context_.metrics.frames_dropped.fetch_add(queue_.size(), std::memory_order_relaxed);
  spdlog::info("closing a client that stopped reading");
  finish();  // its send buffer is full: no close frame can get through
}

// ---- closing ----

template <class Stream>
void WsSession<Stream>::close(std::uint16_t code, std::string reason) {
  asio::post(executor_, [self = this->shared_from_this(), code, reason = std::move(reason)]() mutable {
    if (self->closing_ || self->finished_) return;
    self->closing_ = true;
    if (!self->accepted_) return;  // on_accept sees closing_ and closes then
    // Queued frames (say, the reply to 'leave') go out first; the close frame follows them.
    self->start_close(code, std::move(reason));
  });
}

template <class Stream>
void WsSession<Stream>::start_close(std::uint16_t code, std::string reason) {
  if (close_queued_ || finished_) return;
  closing_ = true;
  std::string payload;
  if (code != ws_close_no_status) {
    if (reason.size() > 120) reason.resize(120);  // a close frame's payload is at most 125 bytes
    payload.push_back(static_cast<char>(code >> 8));
    payload.push_back(static_cast<char>(code & 0xFF));
    payload.append(reason);
  }
  enqueue(std::make_shared<const PushFrame>(payload, WsOpcode::close));
  close_queued_ = true;
}

template <class Stream>
void WsSession<Stream>::shut_down() { close(static_cast<std::uint16_t>(websocket::close_code::going_away), "server shutting down"); }

template <class Stream>
void WsSession<Stream>::arm_timer() {
  auto at = next_idle_tick_;
  const auto& o = context_.options;
  if (!close_queued_ && !awaiting_reply_) {  // a request in hand is settled by its reply (send_reply re-arms)
    if (!said_hello_) at = std::min(at, opened_at_ + o.hello_timeout);
    if (!admitted_) at = std::min(at, opened_at_ + o.admission_timeout);
    if (partial_since_) at = std::min(at, *partial_since_ + o.frame_timeout);
  }
  timer_.expires_at(at);
  timer_.async_wait(beast::bind_front_handler(&WsSession::tick, this->shared_from_this()));
}

template <class Stream>
void WsSession<Stream>::tick(beast::error_code ec) {
  if (ec || finished_) return;
  if (stuck()) return drop_stuck();
  const auto now = std::chrono::steady_clock::now();
  const auto& o = context_.options;
  // A request in hand may be the one that admits the connection: its reply settles that first.
  if (!close_queued_ && !awaiting_reply_) {
    if (partial_since_ && now >= *partial_since_ + o.frame_timeout) {
      expel("a message was not finished within " + std::to_string(o.frame_timeout.count()) + " s");
    } else if (!said_hello_ && now >= opened_at_ + o.hello_timeout) {
      expel("send hello within " + std::to_string(o.hello_timeout.count()) + " s");
    } else if (!admitted_ && now >= opened_at_ + o.admission_timeout) {
      expel("join a session within " + std::to_string(o.admission_timeout.count()) + " s");
    }
  }
  if (now >= next_idle_tick_) {
    if (close_queued_) return finish();  // a whole tick for the peer to answer our close is enough
    if (heard_) {
      heard_ = false;
      pinged_ = false;
    } else if (!pinged_) {
      pinged_ = true;
      enqueue(ping_frame());
    } else {
      spdlog::debug("websocket closed after {} s of silence", o.idle_timeout.count());
      return finish();
    }
    next_idle_tick_ = now + o.idle_timeout / 2;
  } else if (close_queued_) {
    // Our close is queued: the peer gets until the next idle tick, at most a few seconds, to answer it.
    next_idle_tick_ = std::min(next_idle_tick_, now + std::chrono::seconds(5));
  }
  arm_timer();
}

template <class Stream>
void WsSession<Stream>::finish() {
  if (finished_) return;
  finished_ = true;
  closing_ = true;
  if (accepted_) context_.metrics.connections_open.fetch_sub(1, std::memory_order_relaxed);
  context_.metrics.partial_bytes.fetch_sub(static_cast<std::int64_t>(partial_held_), std::memory_order_relaxed);
  partial_held_ = 0;
  context_.connections.remove(registry_id_);
  context_.hub.disconnected(std::static_pointer_cast<WsSession>(this->shared_from_this()));
  timer_.cancel();
  beast::error_code ignored;
  if (transport_) socket().close(ignored);
  else if (handshake_) beast::get_lowest_layer(*handshake_).socket().close(ignored);
}

template <class Stream>
asio::ip::tcp::socket& WsSession<Stream>::socket() {
  if constexpr (std::is_same_v<Stream, PlainStream>) return *transport_;
  else return beast::get_lowest_layer(*transport_).socket();
}

template class WsSession<PlainStream>;
template class WsSession<TlsStream>;

}  // namespace huddle::net
