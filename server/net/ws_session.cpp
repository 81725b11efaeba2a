#include "net/ws_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
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

namespace {
// How many rate_limited answers in a row a client gets before it is closed with 1008: a browser that
// misbehaves for a moment recovers; a script that ignores the answers is cut off.
constexpr std::size_t max_refused_in_a_row = 100;
}  // namespace

template <class Stream>
WsSession<Stream>::WsSession(Stream&& stream, ServerContext& context, AddressSlot slot)
    : ws_(std::move(stream)),
      context_(context),
      slot_(std::move(slot)),
      requests_(context.options.rate_limit_per_second, context.options.rate_limit_burst, hub::TokenBucket::Clock::now()) {}

template <class Stream>
WsSession<Stream>::~WsSession() {
  context_.metrics.queue_bytes.fetch_sub(static_cast<std::int64_t>(queued_bytes_), std::memory_order_relaxed);
}

template <class Stream>
void WsSession<Stream>::run(beast::http::request<beast::http::string_body> upgrade) {
  registry_id_ = context_.connections.add(this->weak_from_this());
  beast::get_lowest_layer(ws_).expires_never();  // the websocket's own timeouts take over
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = context_.options.handshake_timeout;
  timeouts.idle_timeout = context_.options.idle_timeout;
  timeouts.keep_alive_pings = true;  // a ping at half the idle time keeps quiet-but-alive browsers connected
  ws_.set_option(timeouts);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "huddle"); }));
  ws_.read_message_max(context_.options.max_message_bytes);
  ws_.auto_fragment(false);
  ws_.async_accept(upgrade, beast::bind_front_handler(&WsSession::on_accept, this->shared_from_this()));
}

template <class Stream>
void WsSession<Stream>::on_accept(beast::error_code ec) {
  if (ec) return finish();
  accepted_ = true;
  context_.metrics.connections_open.fetch_add(1, std::memory_order_relaxed);
  context_.metrics.connections_total.fetch_add(1, std::memory_order_relaxed);
  if (closing_) {
    // Asked to close while the handshake ran: close now. The read sees the peer's answer and calls
    // finish(), which releases the connection's slot in the registry and the gauges.
    start_close(static_cast<std::uint16_t>(websocket::close_code::going_away), "server shutting down");
  }
  do_read();
}

template <class Stream>
void WsSession<Stream>::do_read() {
  buffer_.clear();
  ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::on_read, this->shared_from_this()));
}

template <class Stream>
void WsSession<Stream>::on_read(beast::error_code ec, std::size_t) {
  if (ec) {
    // closed, timed out, too big (Beast answers with 1009), bad UTF-8 (1007): the connection is over.
    if (ec != websocket::error::closed && ec != asio::error::operation_aborted && ec != beast::error::timeout) {
      spdlog::debug("websocket read ended: {}", ec.message());
    }
    return finish();
  }
  if (!ws_.got_text()) {
    // No reply id can be read from a binary frame; answer once and read on.
    send_reply(protocol::make_error(std::nullopt, protocol::ErrorCode::bad_request, "Send JSON as text frames."));
    return;
  }
  if (!requests_.take(hub::TokenBucket::Clock::now())) {
    context_.metrics.messages_in.fetch_add(1, std::memory_order_relaxed);
    context_.metrics.request_errors.fetch_add(1, std::memory_order_relaxed);
    if (++refused_in_a_row_ > max_refused_in_a_row) {
      spdlog::info("closing a client that kept flooding after rate_limited");
      return close(static_cast<std::uint16_t>(websocket::close_code::policy_error), "too many requests");
    }
    // The id is read if the frame has one, so the client can match the refusal to its request.
    auto peek = protocol::parse_request(std::string_view(static_cast<const char*>(buffer_.data().data()), buffer_.size()));
    std::optional<protocol::RequestId> id;
    if (auto* request = std::get_if<protocol::Request>(&peek)) id = request->id;
    else id = std::get<protocol::ParseError>(peek).id;
    send_reply(protocol::make_error(id, protocol::ErrorCode::rate_limited,
                                    "Too many requests: at most " + std::to_string(static_cast<int>(context_.options.rate_limit_per_second)) +
                                        " a second. Slow down; keeping on closes the connection."));
    return;
  }
  refused_in_a_row_ = 0;
  auto parsed = protocol::parse_request(std::string_view(static_cast<const char*>(buffer_.data().data()), buffer_.size()));
  if (auto* error = std::get_if<protocol::ParseError>(&parsed)) {
    context_.metrics.messages_in.fetch_add(1, std::memory_order_relaxed);
    context_.metrics.request_errors.fetch_add(1, std::memory_order_relaxed);
    send_reply(protocol::make_error(error->id, error->code, error->message));
    return;
  }
  // One request at a time: the next read starts when this one's reply is queued (send_reply).
  context_.hub.handle(std::static_pointer_cast<WsSession>(this->shared_from_this()), std::get<protocol::Request>(std::move(parsed)));
}

template <class Stream>
void WsSession<Stream>::send_reply(std::string frame) {
  asio::dispatch(ws_.get_executor(), [self = this->shared_from_this(), frame = std::move(frame)]() mutable {
    if (self->finished_) return;
    self->enqueue({std::nullopt, std::make_shared<const std::string>(std::move(frame))});
    if (!self->closing_) self->do_read();
  });
}

template <class Stream>
void WsSession<Stream>::send_state(hub::Topic topic, hub::SharedFrame frame) {
  asio::post(ws_.get_executor(), [self = this->shared_from_this(), topic, frame = std::move(frame)]() mutable {
    if (self->finished_ || self->closing_) return;
    if (self->writing_ && std::chrono::steady_clock::now() - self->write_started_ > self->context_.options.stuck_timeout) {
      self->context_.metrics.slow_consumers_closed.fetch_add(1, std::memory_order_relaxed);
      self->context_.metrics.frames_dropped.fetch_add(self->queue_.size(), std::memory_order_relaxed);
      spdlog::info("closing a client that stopped reading");
      self->closing_ = true;
      beast::get_lowest_layer(self->ws_).socket().close();  // its send buffer is full: no close frame can get through
      return;
    }
    // Replace an older push of the same topic that has not started writing (front is in flight).
    for (std::size_t i = self->writing_ ? 1 : 0; i < self->queue_.size(); ++i) {
      auto& queued = self->queue_[i];
      if (queued.topic == topic) {
        self->queued_bytes_ += frame->size() - queued.frame->size();
        self->context_.metrics.queue_bytes.fetch_add(static_cast<std::int64_t>(frame->size()) -
                                                         static_cast<std::int64_t>(queued.frame->size()),
                                                     std::memory_order_relaxed);
        queued.frame = std::move(frame);
        self->context_.metrics.frames_coalesced.fetch_add(1, std::memory_order_relaxed);
        return;
      }
    }
    self->enqueue({topic, std::move(frame)});
  });
}

template <class Stream>
void WsSession<Stream>::enqueue(Outgoing out) {
  queued_bytes_ += out.frame->size();
  context_.metrics.queue_bytes.fetch_add(static_cast<std::int64_t>(out.frame->size()), std::memory_order_relaxed);
  queue_.push_back(std::move(out));
  if (!writing_) do_write();
}

template <class Stream>
void WsSession<Stream>::do_write() {
  if (queue_.empty() || finished_) return;
  writing_ = true;
  write_started_ = std::chrono::steady_clock::now();
  ws_.text(true);
  ws_.async_write(asio::buffer(*queue_.front().frame), beast::bind_front_handler(&WsSession::on_write, this->shared_from_this()));
}

template <class Stream>
void WsSession<Stream>::on_write(beast::error_code ec, std::size_t bytes) {
  writing_ = false;
  const auto size = queue_.front().frame->size();
  queued_bytes_ -= size;
  context_.metrics.queue_bytes.fetch_sub(static_cast<std::int64_t>(size), std::memory_order_relaxed);
  queue_.erase(queue_.begin());
  if (ec) return finish();
  context_.metrics.messages_out.fetch_add(1, std::memory_order_relaxed);
  context_.metrics.bytes_out.fetch_add(bytes, std::memory_order_relaxed);
  if (!queue_.empty()) return do_write();
  if (close_after_write_) {
    auto [code, reason] = std::move(*close_after_write_);
    close_after_write_.reset();
    start_close(code, std::move(reason));
  }
}

template <class Stream>
void WsSession<Stream>::close(std::uint16_t code, std::string reason) {
  asio::post(ws_.get_executor(), [self = this->shared_from_this(), code, reason = std::move(reason)]() mutable {
    if (self->closing_ || self->finished_) return;
    self->closing_ = true;
    if (!self->accepted_) return;  // on_accept sees closing_ and closes then
    // Let queued frames (say, the reply to 'leave') go out first; the close follows the last write.
    if (self->writing_ || !self->queue_.empty()) self->close_after_write_.emplace(code, std::move(reason));
    else self->start_close(code, std::move(reason));
  });
}

template <class Stream>
void WsSession<Stream>::start_close(std::uint16_t code, std::string reason) {
  if (reason.size() > 120) reason.resize(120);  // a close reason must fit a control frame (125 bytes)
  websocket::close_reason cr(static_cast<websocket::close_code>(code), reason);
  // The pending read completes with websocket::error::closed once the peer answers, which calls finish().
  ws_.async_close(cr, [self = this->shared_from_this()](beast::error_code) {});
}

template <class Stream>
void WsSession<Stream>::shut_down() { close(static_cast<std::uint16_t>(websocket::close_code::going_away), "server shutting down"); }

template <class Stream>
void WsSession<Stream>::finish() {
  if (finished_) return;
  finished_ = true;
  closing_ = true;
  if (accepted_) context_.metrics.connections_open.fetch_sub(1, std::memory_order_relaxed);
  context_.connections.remove(registry_id_);
  context_.hub.disconnected(std::static_pointer_cast<WsSession>(this->shared_from_this()));
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

template class WsSession<PlainStream>;
template class WsSession<TlsStream>;

}  // namespace huddle::net
