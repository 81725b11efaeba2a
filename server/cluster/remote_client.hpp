#pragma once
// On the node running a session: a connection that lives on another node (an edge) and reached this one
// through Redis. To the hub it is a client like any other; what the hub sends it goes into its edge's link.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "cluster/edge_link.hpp"
#include "hub/client.hpp"

namespace huddle::cluster {

class RemoteClient final : public hub::Client {
 public:
  RemoteClient(std::shared_ptr<EdgeLink> link, std::uint64_t connection, std::string address)
      : link_(std::move(link)), connection_(connection), address_(std::move(address)) {
    binding().said_hello = true;  // the edge answered hello itself
    binding().via_edge = true;
  }

  void send_reply(std::string frame) override { link_->reply(connection_, std::move(frame)); }
  void send_state(hub::Topic topic, hub::SharedFrame frame) override {
    if (!closed_.load(std::memory_order_relaxed)) link_->push(connection_, topic, std::move(frame));
  }
  void close(std::uint16_t code, std::string reason) override {
    if (!closed_.exchange(true)) link_->close(connection_, code, std::move(reason));
  }
  const std::string& remote_address() const override { return address_; }

  std::string_view edge() const noexcept override { return link_->edge(); }
  // See EdgeLink::sync: before the hub reads this connection's binding again.
  void sync() { link_->sync(); }
  std::uint64_t connection() const noexcept { return connection_; }

 private:
  std::shared_ptr<EdgeLink> link_;
  const std::uint64_t connection_;
  const std::string address_;
  std::atomic<bool> closed_{false};
};

}  // namespace huddle::cluster
