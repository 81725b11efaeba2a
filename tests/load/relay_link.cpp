#include "relay_link.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <stdexcept>

#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>

#include "ws_client.hpp"

extern char** environ;

namespace huddle::load {

namespace asio = boost::asio;
using relay_wire::Kind;
using relay_wire::Reader;
using relay_wire::Writer;
using boost::system::error_code;

namespace {

// An error code crosses the socket as its category's name and value; the categories an open can fail with.
error_code error_from(std::string_view category, int value) {
  if (category == boost::system::system_category().name()) return {value, boost::system::system_category()};
  if (category == boost::system::generic_category().name()) return {value, boost::system::generic_category()};
  if (category == asio::error::get_misc_category().name()) return {value, asio::error::get_misc_category()};
  if (category == upgrade_refused_category().name()) return upgrade_refused(value);
  if (category == boost::beast::http::make_error_code(boost::beast::http::error::end_of_stream).category().name()) {
    return boost::beast::http::make_error_code(static_cast<boost::beast::http::error>(value));
  }
  return boost::system::errc::make_error_code(boost::system::errc::io_error);
}

// The relay's file descriptor for its end of the socket.
constexpr int relay_fd = 3;

}  // namespace

RelayLink::RelayLink(asio::io_context& ioc) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    throw std::runtime_error(std::string("relay: socketpair: ") + std::strerror(errno));
  }
  // The child's end goes to fd 3 in the child; dup2 onto itself would keep close-on-exec, so it must not be 3 here.
  int child_end = fds[1];
  if (child_end == relay_fd) {
    child_end = ::fcntl(fds[1], F_DUPFD_CLOEXEC, 10);
    ::close(fds[1]);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, child_end, relay_fd);
  char exe[] = "/proc/self/exe";
  char relay[] = "relay";
  char* argv[] = {exe, relay, nullptr};
  const int spawned = ::posix_spawn(&pid_, exe, &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(child_end);
  if (spawned != 0) {
    ::close(fds[0]);
    throw std::runtime_error(std::string("relay: cannot start: ") + std::strerror(spawned));
  }
  channel_ = std::make_unique<RelayChannel>(
      ioc, fds[0], [this](Kind kind, Reader& reader) { on_record(kind, reader); },
      [this](const std::string& why) { on_end(why); });
  channel_->start();
}

RelayLink::~RelayLink() {
  channel_->close();
  if (pid_ > 0) {
    // Its clients are done with: no goodbyes for thousands of sockets (the tool closes its own the same way).
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void RelayLink::open(WsClient& client, const asio::ip::tcp::endpoint& server, const asio::ip::address& source,
                     const std::string& host, const std::string& target, int receive_buffer,
                     std::function<void(error_code)> done) {
  clients_[client.index()] = Entry{&client, std::move(done)};
  channel_->write(Kind::open, [&](Writer& w) {
    w.put(client.index())
        .put(server.address().to_v4().to_uint())
        .put(server.port())
        .put(source.to_v4().to_uint())
        .put(receive_buffer)
        .put(std::string_view(host))
        .put(std::string_view(target));
  });
}

void RelayLink::send(std::uint32_t index, std::string_view text) {
  channel_->write(Kind::send, [&](Writer& w) { w.put(index).put(text); });
}

void RelayLink::command(Kind kind, std::uint32_t index) {
  channel_->write(kind, [&](Writer& w) { w.put(index); });
}

void RelayLink::pause_reading(std::uint32_t index) { command(Kind::pause, index); }
void RelayLink::resume_reading(std::uint32_t index) { command(Kind::resume, index); }
void RelayLink::close(std::uint32_t index) { command(Kind::close, index); }

void RelayLink::on_record(Kind kind, Reader& reader) {
  const auto index = reader.get<std::uint32_t>();
  const auto found = clients_.find(index);
  if (found == clients_.end()) return;
  auto& entry = found->second;
  switch (kind) {
    case Kind::opened: {
      const auto category = reader.text();
      const auto value = reader.get<int>();
      const auto ec = category.empty() ? error_code() : error_from(category, value);
      entry.client->relayed_open_done(ec);
      if (auto done = std::move(entry.done)) done(ec);
      return;
    }
    case Kind::message: {
      WsMessage message;
      message.at = reader.get<Micros>();
      message.size = static_cast<std::size_t>(reader.get<std::uint64_t>());
      message.head = reader.text();
      const auto tail = reader.text();
      message.tail = reader.get<std::uint8_t>() ? message.head : tail;  // a small message: its tail is its head
      entry.client->relayed_message(message);
      return;
    }
    case Kind::closed:
      entry.client->relayed_closed(std::string(reader.text()));
      return;
    default:
      throw std::runtime_error("relay: an unexpected record from the relay");
  }
}

void RelayLink::on_end(const std::string& why) {
  // The relay went away: its clients are gone with it.
  for (auto& [index, entry] : clients_) {
    if (auto done = std::move(entry.done)) {
      done(boost::system::errc::make_error_code(boost::system::errc::io_error));
    } else {
      entry.client->relayed_closed("the relay process ended (" + why + ")");
    }
  }
}

// --- the relay process ---

namespace {

class RelayWorker final : public WsClientListener {
 public:
  RelayWorker(asio::io_context& ioc, int fd)
      : ioc_(ioc),
        channel_(ioc, fd, [this](Kind kind, Reader& reader) { on_record(kind, reader); },
                 [this](const std::string&) { ioc_.stop(); }) {
    channel_.start();
  }

  void on_message(WsClient& client, const WsMessage& m) override {
    const bool same = m.head.data() == m.tail.data() || (m.size <= WsClient::edge_bytes && m.head == m.tail);
    channel_.write(Kind::message, [&](Writer& w) {
      w.put(client.index()).put(m.at).put(static_cast<std::uint64_t>(m.size)).put(m.head).put(same ? std::string_view() : m.tail);
      w.put(static_cast<std::uint8_t>(same));
    });
  }
  void on_closed(WsClient& client, const std::string& reason) override {
    channel_.write(Kind::closed, [&](Writer& w) { w.put(client.index()).put(std::string_view(reason)); });
  }

 private:
  void on_record(Kind kind, Reader& reader) {
    const auto index = reader.get<std::uint32_t>();
    if (kind == Kind::open) {
      const auto address = reader.get<std::uint32_t>();  // one field at a time: argument order is unspecified
      const auto port = reader.get<unsigned short>();
      const asio::ip::tcp::endpoint server(asio::ip::address_v4(address), port);
      const asio::ip::address source = asio::ip::address_v4(reader.get<std::uint32_t>());
      const auto receive_buffer = reader.get<int>();
      const std::string host(reader.text());
      const std::string target(reader.text());
      auto& client = clients_[index];
      client = std::make_unique<WsClient>(ioc_, index, *this);
      client->open(server, source, host, target, receive_buffer, [this, index](error_code ec) {
        channel_.write(Kind::opened, [&](Writer& w) {
          w.put(index).put(ec ? std::string_view(ec.category().name()) : std::string_view()).put(ec.value());
        });
      });
      return;
    }
    const auto found = clients_.find(index);
    if (found == clients_.end()) return;
    auto& client = *found->second;
    switch (kind) {
      case Kind::send:
        client.send(reader.text());
        return;
      case Kind::pause:
        client.pause_reading();
        return;
      case Kind::resume:
        client.resume_reading();
        return;
      case Kind::close:
        client.close();
        return;
      default:
        throw std::runtime_error("relay: an unexpected record from huddle-load");
    }
  }

  asio::io_context& ioc_;
  RelayChannel channel_;
  std::unordered_map<std::uint32_t, std::unique_ptr<WsClient>> clients_;
};

}  // namespace

int run_relay(int fd) {
  // Dies with huddle-load, however that ends.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() == 1) return 1;
  asio::io_context ioc(1);
  RelayWorker worker(ioc, fd);
  try {
    ioc.run();
  } catch (const std::exception& e) {
    std::cerr << "huddle-load relay: " << e.what() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace huddle::load
