#pragma once
// An organisation's webhook endpoint on 127.0.0.1 (Beast), on a thread of its own, for the webhook sender's
// unit test and the programme desk's integration test: it records each request it reads, then answers as its
// script says (the last entry repeats). A test waits for the n-th request with wait_for() instead of sleeping.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace huddle::test {

// What a receiver does with the n-th request it reads.
enum class HookReply { ok, server_error, redirect, silence };

class WebhookReceiver {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  explicit WebhookReceiver(std::vector<HookReply> script = {HookReply::ok}, std::string redirect_to = "")
      : script_(std::move(script)), redirect_to_(std::move(redirect_to)) {
    namespace asio = boost::asio;
    acceptor_.open(asio::ip::tcp::v4());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~WebhookReceiver() {
    io_.stop();
    thread_.join();
  }
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  std::string authority() const { return "127.0.0.1:" + std::to_string(port()); }
  std::vector<Request> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  // Waits until at least `count` requests have been read; false if `guard` passed first (a guard against a
  // hang, not a measurement).
  bool wait_for(std::size_t count, std::chrono::milliseconds guard = std::chrono::seconds(30)) {
    std::unique_lock lock(mutex_);
    return arrived_.wait_for(lock, guard, [&] { return requests_.size() >= count; });
  }

 private:
  struct Connection {
    explicit Connection(boost::asio::ip::tcp::socket s) : socket(std::move(s)) {}
    boost::asio::ip::tcp::socket socket;
    boost::beast::flat_buffer buffer;
    Request request;
    boost::beast::http::response<boost::beast::http::string_body> response;
  };

  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
      if (ec) return;
      auto c = std::make_shared<Connection>(std::move(socket));
      boost::beast::http::async_read(c->socket, c->buffer, c->request, [this, c](boost::system::error_code e, std::size_t) {
        if (!e) answer(c);
      });
      accept();
    });
  }

  void answer(const std::shared_ptr<Connection>& c) {
    namespace http = boost::beast::http;
    HookReply reply;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(c->request);
      reply = script_[std::min(requests_.size(), script_.size()) - 1];
    }
    arrived_.notify_all();
    if (reply == HookReply::silence) {
      held_.push_back(c);  // open, unanswered, until the receiver stops
      return;
    }
    c->response.version(11);
    c->response.result(reply == HookReply::ok         ? http::status::ok
                       : reply == HookReply::redirect ? http::status::found
                                                      : http::status::internal_server_error);
    if (reply == HookReply::redirect) c->response.set(http::field::location, redirect_to_);
    c->response.body() = std::string(20'000, 'r');  // more than the sender reads; it must not matter
    c->response.prepare_payload();
    http::async_write(c->socket, c->response, [c](boost::system::error_code, std::size_t) {});
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  std::thread thread_;
  std::vector<HookReply> script_;
  std::string redirect_to_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<Request> requests_;
  std::vector<std::shared_ptr<Connection>> held_;  // only on the receiver's thread
};

}  // namespace huddle::test
