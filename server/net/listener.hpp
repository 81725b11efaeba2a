#pragma once
// Accepts TCP connections and hands each to an HTTP session, refusing any beyond the connection cap.
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "net/server_context.hpp"

namespace huddle::net {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& ioc, ServerContext& context);

  // Binds and listens; throws boost::system::system_error if the address is unusable.
  void open(const boost::asio::ip::tcp::endpoint& endpoint);
  unsigned short port() const;
  void start();
  void stop();  // any thread

 private:
  void do_accept();
  void on_accept(std::size_t shard, boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;  // a pause after a failed accept (out of file descriptors, say)
  ServerContext& context_;
};

}  // namespace huddle::net
