#include "net/listener.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <spdlog/spdlog.h>

#include "net/http_session.hpp"

namespace huddle::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Listener::Listener(asio::io_context& ioc, ServerContext& context)
    : ioc_(ioc), acceptor_(asio::make_strand(ioc)), retry_(acceptor_.get_executor()), context_(context) {}

void Listener::open(const tcp::endpoint& endpoint) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

unsigned short Listener::port() const { return acceptor_.local_endpoint().port(); }

void Listener::start() { do_accept(); }

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_.cancel();
  });
}

void Listener::do_accept() {
  // Connections are dealt to the shards in turn; a connection's handlers run on its shard's strand.
  const auto shard = context_.shards.next();
  acceptor_.async_accept(context_.shards[shard].strand(),
                         boost::beast::bind_front_handler(&Listener::on_accept, shared_from_this(), shard));
}

void Listener::on_accept(std::size_t shard, boost::beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // Out of file descriptors, most likely. Retrying at once would spin (the error repeats until a
    // connection closes) and flood the log, so pause briefly; pending connections wait in the backlog.
    spdlog::warn("accept failed: {}; retrying in 100 ms", ec.message());
    retry_.expires_after(std::chrono::milliseconds(100));
    retry_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
      if (!wait_ec && self->acceptor_.is_open()) self->do_accept();
    });
    return;
  } else if (context_.connections.size() >= context_.options.max_connections) {
    context_.metrics.connections_rejected.fetch_add(1, std::memory_order_relaxed);
    boost::system::error_code ignored;
    socket.close(ignored);
  } else {
    boost::system::error_code address_ec;
    const auto remote = socket.remote_endpoint(address_ec);
    const std::string address = address_ec ? std::string() : remote.address().to_string();
    // A trusted proxy carries many clients' connections and limits each source itself: it is held to the
    // total cap only, and its clients are counted by the addresses it forwards (HttpSession::upgrade).
    const bool via_proxy = context_.proxies.contains(address);
    auto slot = via_proxy ? std::optional(AddressSlot::uncounted(address))
                          : context_.addresses.acquire(address, context_.options.hub.grouping.group_of(address),
                                                       context_.options.max_connections_per_address,
                                                       context_.options.max_connections_per_network);
    if (!slot) {
      context_.metrics.connections_rejected.fetch_add(1, std::memory_order_relaxed);
      boost::system::error_code ignored;
      socket.close(ignored);
    } else {
      socket.set_option(tcp::no_delay(true), ec);
      if (context_.options.socket_send_buffer > 0) {
        socket.set_option(asio::socket_base::send_buffer_size(static_cast<int>(context_.options.socket_send_buffer)), ec);
      }
      if (context_.tls) {
        std::make_shared<HttpSession<TlsStream>>(TlsStream(std::move(socket), *context_.tls), context_, std::move(*slot), via_proxy, shard)->run();
      } else {
        std::make_shared<HttpSession<PlainStream>>(PlainStream(std::move(socket)), context_, std::move(*slot), via_proxy, shard)->run();
      }
    }
  }
  do_accept();
}

}  // namespace huddle::net
