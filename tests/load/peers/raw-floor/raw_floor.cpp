// raw-floor: the physical floor for fan-out, the third peer of issue 7. It upgrades each connection with
// Beast, then takes the socket's file descriptor and does everything else by hand in one thread: when any
// client sends a message, it builds the server-to-client frame once and writes those same bytes to every
// other socket with a plain non-blocking send(). No per-client allocation, no JSON, no queues unless the
// kernel refuses bytes. Whatever Huddle spends beyond this is the price of being an application.
//   raw-floor [--port P] [--bind ADDRESS]     prints "listening on http://ADDRESS:PORT" when ready
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/websocket.hpp>

namespace asio = boost::asio;
namespace websocket = boost::beast::websocket;
using asio::ip::tcp;

namespace {

class RawFloor {
 public:
  RawFloor(asio::io_context& ioc, const tcp::endpoint& at) : acceptor_(ioc), events_(ioc, ::epoll_create1(0)) {
    acceptor_.open(at.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(at);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  void start() {
    accept();
    wait_events();
  }

 private:
  // Per socket, indexed by fd. Both strings stay empty (no allocation) unless a frame arrives in pieces or
  // the kernel's send buffer is full.
  struct Peer {
    std::string inbox;   // the start of a client frame not yet complete
    std::string outbox;  // bytes the kernel did not take yet
    std::size_t slot = 0;  // position in fds_
    bool open = false;
  };

  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (!ec) upgrade(std::move(socket));
      accept();
    });
  }

  void upgrade(tcp::socket socket) {
    auto ws = std::make_shared<websocket::stream<tcp::socket>>(std::move(socket));
    ws->async_accept([this, ws](boost::system::error_code ec) {
      // The client sends nothing before the 101 reaches it, so Beast has buffered nothing past the request.
      if (!ec) add(ws->next_layer().release());
    });
  }

  void add(int fd) {
    if (static_cast<std::size_t>(fd) >= peers_.size()) peers_.resize(static_cast<std::size_t>(fd) + 1024);
    auto& peer = peers_[static_cast<std::size_t>(fd)];
    peer = Peer{};
    peer.open = true;
    peer.slot = fds_.size();
    fds_.push_back(fd);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    ::epoll_ctl(events_.native_handle(), EPOLL_CTL_ADD, fd, &ev);
  }

  void remove(int fd) {
    auto& peer = peers_[static_cast<std::size_t>(fd)];
    if (!peer.open) return;
    peer.open = false;
    const int last = fds_.back();
    fds_[peer.slot] = last;
    peers_[static_cast<std::size_t>(last)].slot = peer.slot;
    fds_.pop_back();
    peer.inbox.clear();
    peer.inbox.shrink_to_fit();
    peer.outbox.clear();
    peer.outbox.shrink_to_fit();
    ::epoll_ctl(events_.native_handle(), EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
  }

  void wait_events() {
    events_.async_wait(asio::posix::descriptor_base::wait_read, [this](boost::system::error_code ec) {
      if (ec) return;
      epoll_event ready[256];
      int n = 0;
      while ((n = ::epoll_wait(events_.native_handle(), ready, 256, 0)) > 0) {
        for (int i = 0; i < n; ++i) {
          const int fd = ready[i].data.fd;
          if (ready[i].events & EPOLLOUT) flush(fd);
          if (ready[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) receive(fd);
        }
        if (n < 256) break;
      }
      wait_events();
    });
  }

  void receive(int fd) {
    auto& peer = peers_[static_cast<std::size_t>(fd)];
    while (peer.open) {
      const auto got = ::recv(fd, scratch_, sizeof scratch_, MSG_DONTWAIT);
      if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) return remove(fd);
      if (got < 0) return;
      if (peer.inbox.empty()) {
        const auto used = frames(fd, scratch_, static_cast<std::size_t>(got));
        if (peer.open && used < static_cast<std::size_t>(got)) peer.inbox.assign(scratch_ + used, static_cast<std::size_t>(got) - used);
      } else {
        peer.inbox.append(scratch_, static_cast<std::size_t>(got));
        const auto used = frames(fd, peer.inbox.data(), peer.inbox.size());
        if (peer.open) peer.inbox.erase(0, used);
      }
    }
  }

  // Handles the complete client frames at the start of `data`; returns the bytes used.
  std::size_t frames(int fd, char* data, std::size_t size) {
    std::size_t at = 0;
    while (size - at >= 2) {
      const auto* p = reinterpret_cast<unsigned char*>(data + at);
      const unsigned opcode = p[0] & 0x0F;
      std::size_t header = 2;
      std::uint64_t length = p[1] & 0x7F;
      if (length == 126) {
        if (size - at < 4) break;
        length = (std::uint64_t{p[2]} << 8) | p[3];
        header = 4;
      } else if (length == 127) {
        if (size - at < 10) break;
        length = 0;
        for (int i = 0; i < 8; ++i) length = (length << 8) | p[2 + i];
        header = 10;
      }
      const bool masked = p[1] & 0x80;
      if (masked) header += 4;
      if (size - at < header + length) break;
      char* payload = data + at + header;
      if (masked) {
        const unsigned char* key = p + header - 4;
        for (std::uint64_t i = 0; i < length; ++i) payload[i] = static_cast<char>(payload[i] ^ key[i % 4]);
      }
      at += header + length;
      if (opcode == 0x8) {  // close
        remove(fd);
        return at;
      }
      if (opcode == 0x1 || opcode == 0x2) forward(fd, opcode, payload, length);
    }
    return at;
  }

  // The one server frame, then the same bytes to every other socket.
  void forward(int from, unsigned opcode, const char* payload, std::uint64_t length) {
    frame_.clear();
    frame_.push_back(static_cast<char>(0x80 | opcode));
    if (length < 126) {
      frame_.push_back(static_cast<char>(length));
    } else if (length < 65536) {
      frame_.push_back(126);
      frame_.push_back(static_cast<char>(length >> 8));
      frame_.push_back(static_cast<char>(length & 0xFF));
    } else {
      frame_.push_back(127);
      for (int i = 7; i >= 0; --i) frame_.push_back(static_cast<char>((length >> (8 * i)) & 0xFF));
    }
    frame_.insert(frame_.end(), payload, payload + length);
    // remove() moves the last socket into slot i, so a removal looks at slot i again.
    for (std::size_t i = 0; i < fds_.size(); ++i) {
      const int fd = fds_[i];
      if (fd == from) continue;
      auto& peer = peers_[static_cast<std::size_t>(fd)];
      if (!peer.outbox.empty()) {
        peer.outbox.append(frame_.data(), frame_.size());
        continue;
      }
      const auto sent = ::send(fd, frame_.data(), frame_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (sent == static_cast<ssize_t>(frame_.size())) continue;
      if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        remove(fd);
        --i;
        continue;
      }
      const std::size_t done = sent < 0 ? 0 : static_cast<std::size_t>(sent);
      peer.outbox.assign(frame_.data() + done, frame_.size() - done);
      watch_writable(fd, true);
    }
  }

  void flush(int fd) {
    auto& peer = peers_[static_cast<std::size_t>(fd)];
    if (!peer.open || peer.outbox.empty()) return;
    const auto sent = ::send(fd, peer.outbox.data(), peer.outbox.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK) remove(fd);
      return;
    }
    peer.outbox.erase(0, static_cast<std::size_t>(sent));
    if (peer.outbox.empty()) watch_writable(fd, false);
  }

  void watch_writable(int fd, bool on) {
    epoll_event ev{};
    ev.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    ev.data.fd = fd;
    ::epoll_ctl(events_.native_handle(), EPOLL_CTL_MOD, fd, &ev);
  }

  tcp::acceptor acceptor_;
  asio::posix::stream_descriptor events_;  // the epoll set, readable when a socket has news
  std::vector<Peer> peers_;
  std::vector<int> fds_;  // every open upgraded socket: the fan-out list
  std::vector<char> frame_;
  char scratch_[64 * 1024];
};

}  // namespace

int main(int argc, char** argv) {
  std::string bind = "127.0.0.1";
  unsigned short port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--port") port = static_cast<unsigned short>(std::stoi(argv[i + 1]));
    else if (flag == "--bind") bind = argv[i + 1];
    else {
      std::cerr << "usage: raw-floor [--port P] [--bind ADDRESS]\n";
      return 2;
    }
  }
  asio::io_context ioc(1);
  auto floor = std::make_unique<RawFloor>(ioc, tcp::endpoint(asio::ip::make_address(bind), port));
  floor->start();
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int) { ioc.stop(); });
  std::cout << "listening on http://" << bind << ":" << floor->port() << std::endl;
  ioc.run();
  return 0;
}
