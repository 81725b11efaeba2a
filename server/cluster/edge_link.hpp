#pragma once
// The owner's side of one edge: what its sessions send to that edge's connections, gathered until the
// node's sender publishes it as one batch (edge_batch.hpp). Many session strands add to it at once. A push
// of one frame to many of the edge's connections becomes one record with their ids: the frame crosses
// Redis once per edge, however many people on that edge follow it.
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "cluster/edge_batch.hpp"
#include "hub/shared_frame.hpp"
#include "hub/topic.hpp"

namespace huddle::cluster {

class EdgeLink {
 public:
  // `wake` runs (from the adding thread) when the link goes from empty to holding something.
  EdgeLink(std::string edge, std::function<void()> wake) : edge_(std::move(edge)), wake_(std::move(wake)) {}

  const std::string& edge() const noexcept { return edge_; }
  void reply(std::uint64_t connection, std::string text);
  void push(std::uint64_t connection, hub::Topic topic, hub::SharedFrame frame);
  void close(std::uint64_t connection, std::uint16_t code, std::string reason);
  // Orders what the sessions did before sending through this link before what the caller does next: the
  // hub writes a connection's binding before it replies (through this link), and the node's inbox reads it
  // when the connection's next request comes back over the network, which no thread sanitizer can see.
  void sync() { std::lock_guard lock(mutex_); }
  // What to publish now ("" when nothing is waiting); the link starts a new batch.
  std::string take_batch();

 private:
  struct Entry {
    EdgeRecord::Kind kind;
    std::vector<std::uint64_t> connections;
    hub::Topic topic = hub::Topic::session;
    hub::SharedFrame frame;
    std::string text;
    std::uint16_t code = 0;
  };
  void add(Entry entry);

  const std::string edge_;
  std::function<void()> wake_;
  std::mutex mutex_;
  std::vector<Entry> entries_;
  // A frame already in this batch: later recipients join its record. Records keep the order in which they
  // were first made, so a push may reach a connection earlier than it was sent, never later, which keeps
  // the protocol's promise (a reply never before the push of its own change).
  std::unordered_map<const hub::PushFrame*, std::size_t> pushes_;
};

}  // namespace huddle::cluster
