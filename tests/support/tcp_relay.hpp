#pragma once
// A TCP relay between a client and a server, for cutting one node off from a service (Redis) while the
// rest of the cluster still reaches it: cut() drops every relayed connection and refuses new ones until
// restore(). Runs on its own thread.
#include <array>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace huddle::test {

class TcpRelay {
 public:
  explicit TcpRelay(unsigned short target_port)
      : target_(boost::asio::ip::make_address("127.0.0.1"), target_port),
        acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    port_ = acceptor_.local_endpoint().port();
    accept();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~TcpRelay() {
    ioc_.stop();
    thread_.join();
  }
  TcpRelay(const TcpRelay&) = delete;
  TcpRelay& operator=(const TcpRelay&) = delete;

  unsigned short port() const noexcept { return port_; }

  // Drops every connection through the relay and refuses new ones (they are closed as they arrive).
  void cut() {
    run_and_wait([this] {
      open_ = false;
      for (auto& weak : pipes_) {
        if (auto p = weak.lock()) p->close();
      }
      pipes_.clear();
    });
  }
  void restore() {
    run_and_wait([this] { open_ = true; });
  }

 private:
  using tcp = boost::asio::ip::tcp;
  struct Pipe : std::enable_shared_from_this<Pipe> {
    explicit Pipe(tcp::socket c) : client(std::move(c)), server(client.get_executor()) {}
    void start(const tcp::endpoint& target) {
      server.async_connect(target, [self = shared_from_this()](boost::system::error_code ec) {
        if (ec) return self->close();
        self->pump(self->client, self->server, self->up);
        self->pump(self->server, self->client, self->down);
      });
    }
    void pump(tcp::socket& from, tcp::socket& to, std::array<char, 16384>& buffer) {
      from.async_read_some(boost::asio::buffer(buffer), [self = shared_from_this(), &from, &to, &buffer](
                                                            boost::system::error_code ec, std::size_t n) {
        if (ec) return self->close();
        boost::asio::async_write(to, boost::asio::buffer(buffer.data(), n),
                                 [self, &from, &to, &buffer](boost::system::error_code wec, std::size_t) {
                                   if (wec) return self->close();
                                   self->pump(from, to, buffer);
                                 });
      });
    }
    void close() {
      boost::system::error_code ignored;
      client.close(ignored);
      server.close(ignored);
    }
    tcp::socket client, server;
    std::array<char, 16384> up{}, down{};
  };

  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      if (open_) {
        auto pipe = std::make_shared<Pipe>(std::move(socket));
        pipes_.push_back(pipe);
        pipe->start(target_);
      }  // else: the socket closes as it goes out of scope
      accept();
    });
  }

  template <class F>
  void run_and_wait(F&& f) {
    std::promise<void> done;
    boost::asio::post(ioc_, [&] {
      f();
      done.set_value();
    });
    done.get_future().wait();
  }

  boost::asio::io_context ioc_;
  tcp::endpoint target_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  bool open_ = true;  // on the relay's thread only
  std::vector<std::weak_ptr<Pipe>> pipes_;
  std::thread thread_;
};

}  // namespace huddle::test
