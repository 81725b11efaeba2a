#pragma once
// One webhook call with its retries (net/webhook_sender.hpp): resolve, connect, POST, read the status; on a
// failure wait and try again, as often as the options allow. Lives by shared_from_this() in its handlers,
// all of which run on one strand of its own.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "net/webhook_options.hpp"
#include "net/webhook_url.hpp"

namespace huddle::net {

class WebhookDelivery : public std::enable_shared_from_this<WebhookDelivery> {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  // `executor` should be a strand: the delivery's handlers must not run at the same time.
  WebhookDelivery(boost::asio::any_io_executor executor, WebhookUrl url, Request request, WebhookOptions options,
                  std::function<void(bool delivered)> done);
  // The first attempt; the delivery keeps itself alive until `done` has run.
  void start();

 private:
  void attempt();
  void on_resolve(unsigned attempt, boost::system::error_code ec, boost::asio::ip::tcp::resolver::results_type results);
  void on_connect(unsigned attempt, boost::system::error_code ec);
  void on_write(unsigned attempt, boost::system::error_code ec);
  void on_read(unsigned attempt, boost::system::error_code ec);
  void on_deadline(unsigned attempt, boost::system::error_code ec);
  // Ends the current attempt; on a failure retries or gives up.
  void finish(bool delivered, const std::string& why);

  WebhookUrl url_;
  Request request_;
  WebhookOptions options_;
  std::function<void(bool)> done_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer deadline_;  // the attempt's whole time, resolving included
  boost::asio::steady_timer backoff_;   // the wait before a retry
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>> parser_;
  unsigned attempts_ = 0;  // started so far; a handler of an earlier attempt is ignored
  bool timed_out_ = false;
  bool finished_ = false;  // the current attempt has been decided
};

}  // namespace huddle::net
