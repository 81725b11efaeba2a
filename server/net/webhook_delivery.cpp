#include "net/webhook_delivery.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/dispatch.hpp>
#include <spdlog/spdlog.h>

namespace huddle::net {

namespace http = boost::beast::http;
using boost::system::error_code;

WebhookDelivery::WebhookDelivery(boost::asio::any_io_executor executor, WebhookUrl url, Request request,
                                 WebhookOptions options, std::function<void(bool)> done)
    : url_(std::move(url)),
      request_(std::move(request)),
      options_(std::move(options)),
      done_(std::move(done)),
      resolver_(executor),
      socket_(executor),
      deadline_(executor),
      backoff_(executor) {}

void WebhookDelivery::start() {
  boost::asio::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->attempt(); });
}

void WebhookDelivery::attempt() {
  const unsigned n = ++attempts_;
  timed_out_ = false;
  finished_ = false;
  buffer_.clear();
  parser_.emplace();
  // Headers and body together stay within the limit; what the receiver says beyond its status is not used.
  parser_->header_limit(static_cast<std::uint32_t>(options_.max_response_bytes));
  parser_->body_limit(options_.max_response_bytes);
  deadline_.expires_after(options_.timeout);
  deadline_.async_wait([self = shared_from_this(), n](error_code ec) { self->on_deadline(n, ec); });
  // Resolved now, not when the URL was set: the allowed name is what counts, wherever it points today.
  resolver_.async_resolve(url_.resolve_name(), std::to_string(url_.port),
                          [self = shared_from_this(), n](error_code ec, boost::asio::ip::tcp::resolver::results_type r) {
                            self->on_resolve(n, ec, std::move(r));
                          });
}

void WebhookDelivery::on_deadline(unsigned attempt, error_code ec) {
  if (ec || attempt != attempts_ || finished_) return;
  // Whatever is under way ends with operation_aborted; its handler then finishes the attempt as timed out.
  timed_out_ = true;
  resolver_.cancel();
  error_code ignored;
  socket_.close(ignored);
}

void WebhookDelivery::on_resolve(unsigned attempt, error_code ec, boost::asio::ip::tcp::resolver::results_type results) {
  if (attempt != attempts_ || finished_) return;
  if (ec || timed_out_) return finish(false, timed_out_ ? "timed out" : "cannot resolve: " + ec.message());
  boost::asio::async_connect(socket_, results, [self = shared_from_this(), attempt](error_code e, const auto&) {
    self->on_connect(attempt, e);
  });
}

void WebhookDelivery::on_connect(unsigned attempt, error_code ec) {
  if (attempt != attempts_ || finished_) return;
  if (ec || timed_out_) return finish(false, timed_out_ ? "timed out" : "cannot connect: " + ec.message());
  http::async_write(socket_, request_, [self = shared_from_this(), attempt](error_code e, std::size_t) {
    self->on_write(attempt, e);
  });
}

void WebhookDelivery::on_write(unsigned attempt, error_code ec) {
  if (attempt != attempts_ || finished_) return;
  if (ec || timed_out_) return finish(false, timed_out_ ? "timed out" : "sending failed: " + ec.message());
  http::async_read(socket_, buffer_, *parser_, [self = shared_from_this(), attempt](error_code e, std::size_t) {
    self->on_read(attempt, e);
  });
}

void WebhookDelivery::on_read(unsigned attempt, error_code ec) {
  if (attempt != attempts_ || finished_) return;
  // The status decides, once it has come: a body cut off by the limit, or never finished, changes nothing
  // about whether the receiver took the notice.
  if (parser_->is_header_done()) {
    const unsigned status = parser_->get().result_int();
    if (status >= 200 && status < 300) return finish(true, "");
    return finish(false, "answered " + std::to_string(status));
  }
  finish(false, timed_out_ ? "timed out" : "no answer: " + ec.message());
}

void WebhookDelivery::finish(bool delivered, const std::string& why) {
  finished_ = true;
  deadline_.cancel();
  error_code ignored;
  socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  if (!delivered && attempts_ <= options_.retry_delays.size()) {
    spdlog::debug("webhook to {}: attempt {} failed ({}); retrying", url_.host_header(), attempts_, why);
    backoff_.expires_after(options_.retry_delays[attempts_ - 1]);
    backoff_.async_wait([self = shared_from_this()](error_code ec) {
      if (!ec) self->attempt();
    });
    return;
  }
  if (!delivered) {
    // The host only: the path can hold the receiver's own secret, the body people's names.
    spdlog::warn("webhook to {} not delivered after {} attempts (last: {})", url_.host_header(), attempts_, why);
  }
  if (auto done = std::move(done_)) done(delivered);
}

}  // namespace huddle::net
