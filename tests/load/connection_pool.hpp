#pragma once
// Opens many clients with a bounded number in progress, so a run of 10k does not hit the server's accept
// backlog (SYN drops cost a 1 s retransmit) and its own connect burst is not what gets measured. A client
// counts as in progress until the run says it is ready (for Huddle: joined), so the window also bounds the
// joins waiting at the server.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "client_relay.hpp"
#include "error_counts.hpp"
#include "server_url.hpp"
#include "source_addresses.hpp"
#include "ws_client.hpp"

namespace huddle::load {

class ConnectionPool {
 public:
  // Runs on each client once it is open; the run calls settled() for it later.
  using Setup = std::function<void(WsClient&)>;

  ConnectionPool(boost::asio::io_context& ioc, WsClientListener& listener, const SourceAddresses& sources,
                 ServerUrl target, ErrorCounts& errors);

  // Creates `count` clients with indexes [clients().size(), ...) and opens them, at most `concurrency`
  // at a time. `receive_buffer(index)` gives SO_RCVBUF (0: the system's default).
  void open(std::size_t count, std::size_t concurrency, std::function<int(std::size_t)> receive_buffer, Setup setup);
  // The run's word that client `index` is ready (or failed): the next one may start.
  void settled(bool ok);

  // Client i opens to targets[i % size] instead (several balancers in front of one cluster).
  void set_targets(std::vector<ServerUrl> targets) { targets_ = std::move(targets); }
  // Appended to every target's path from now on, after '?' (e.g. "code=K7QX3M").
  void set_query(std::string query) { query_ = std::move(query); }
  // Client i is held by relay_for(i) when that is not null (see client_relay.hpp).
  void set_relays(std::function<ClientRelay*(std::size_t)> relay_for) { relay_for_ = std::move(relay_for); }

  bool finished() const noexcept { return ready_ + failed_ == wanted_; }
  std::size_t ready() const noexcept { return ready_; }
  std::size_t failed() const noexcept { return failed_; }
  std::vector<std::unique_ptr<WsClient>>& clients() noexcept { return clients_; }

 private:
  void start_next();

  boost::asio::io_context& ioc_;
  WsClientListener& listener_;
  const SourceAddresses& sources_;
  ServerUrl target_;
  std::vector<ServerUrl> targets_;
  std::string query_;
  std::function<ClientRelay*(std::size_t)> relay_for_;
  ErrorCounts& errors_;
  std::vector<std::unique_ptr<WsClient>> clients_;
  std::function<int(std::size_t)> receive_buffer_;
  Setup setup_;
  std::size_t wanted_ = 0, next_ = 0, ready_ = 0, failed_ = 0;
};

}  // namespace huddle::load
