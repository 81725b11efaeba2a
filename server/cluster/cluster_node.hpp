#pragma once
// This node's part in a cluster (issue 17, docs/operations.md), over Redis:
//  - leases: one node runs each live session, holding `huddle:lease:<code>` (SET NX PX, renewed every third
//    of its life); taking it also draws the next fencing token (`huddle:fence:<code>`, INCR), which the
//    journal stores with every write and checks (store/journal.hpp, claim), so a node that lost its lease
//    cannot write;
//  - edges: a connection whose session runs on another node sends its requests to that node's stream
//    (`huddle:in:<node>`, XADD; read with XREAD and deleted once handled), and gets its replies, pushes and
//    close back on the edge's pub/sub channel (`huddle:out:<node>`), one published frame per push and edge
//    (edge_link.hpp), fanned out here with the shared-frame path;
//  - liveness: `huddle:node:<node>` expires when a node stops renewing it; edges close (1012) the
//    connections of a node that went, and owners forget the connections of an edge that went.
// Redis holds no durable data: sessions live in the journal, and leases can be rebuilt by expiry.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "cluster/cluster_options.hpp"
#include "cluster/edge_link.hpp"
#include "cluster/redis_connection.hpp"
#include "cluster/remote_client.hpp"
#include "hub/cluster.hpp"
#include "hub/hub.hpp"
#include "hub/metrics.hpp"

namespace huddle::cluster {

class ClusterNode final : public hub::Cluster {
 public:
  ClusterNode(ClusterOptions options, hub::Hub& hub, hub::Metrics& metrics);
  ~ClusterNode() override;
  ClusterNode(const ClusterNode&) = delete;
  ClusterNode& operator=(const ClusterNode&) = delete;

  // Checks that Redis answers (throws std::runtime_error naming it if not), then starts the node's threads.
  void start();
  // Hands every session this node runs over (hub::Hub::hand_over), releasing each lease once its
  // connections are closed, so other nodes take them at once; `done` runs (on some thread) when all are.
  void drain(std::function<void()> done);
  // Sends what is still waiting, then stops the threads. Idempotent.
  void stop();

  // hub::Cluster
  const std::string& node_id() const noexcept override { return options_.node_id; }
  std::optional<std::uint64_t> take_lease(const std::string& code) override;
  std::optional<std::string> owner(const std::string& code) override;
  void release_lease(const std::string& code) override;
  std::optional<bool> alive(const std::string& node) override;
  std::chrono::milliseconds lease_duration() const noexcept override { return options_.lease; }
  void forward(const std::shared_ptr<hub::Client>& client, const std::string& owner, std::string text) override;
  void forward_close(const std::shared_ptr<hub::Client>& client) override;
  std::optional<std::string> forwarded_to(const hub::Client& client) override;

 private:
  struct Forwarded {
    std::weak_ptr<hub::Client> client;
    std::string owner;
  };
  void send_loop();
  void inbox_loop();
  void subscriber_loop();
  void keeper_loop();
  void keep_alive(RedisConnection& redis);
  // Owner side: one request (or close) of an edge's connection.
  void received(const std::vector<RedisReply>& fields);
  std::shared_ptr<EdgeLink> link_for(const std::string& edge);
  // Edge side: a batch from an owner.
  void deliver(std::string_view batch);
  // Edge side: closes (1012) every forwarded connection whose owner matches (all when `owner` is empty).
  void close_forwarded(const std::string& owner);
  void wake_sender();

  const ClusterOptions options_;
  hub::Hub& hub_;
  hub::Metrics& metrics_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> draining_{false};

  std::mutex commands_mutex_;
  RedisConnection commands_;  // leases and owner lookups, from any thread

  // The sender: forwarded requests (XADD) and edge batches (PUBLISH), pipelined in one round trip per wake.
  std::mutex send_mutex_;
  std::condition_variable send_wake_;
  bool send_pending_ = false;
  std::vector<std::vector<std::string>> outgoing_;  // whole commands
  RedisConnection sender_;

  RedisConnection inbox_;       // XREAD of this node's stream
  RedisConnection subscriber_;  // this node's channel
  RedisConnection keeper_;      // renewals and liveness

  // Edge side: this node's connections served by other nodes.
  std::mutex edge_mutex_;
  std::atomic<std::uint64_t> next_connection_{1};
  std::unordered_map<const hub::Client*, std::uint64_t> ids_;
  std::unordered_map<std::uint64_t, Forwarded> forwarded_;

  // Owner side: links to edges and the connections they serve here ("<edge>/<id>").
  std::mutex remote_mutex_;
  std::unordered_map<std::string, std::shared_ptr<EdgeLink>> links_;
  std::unordered_map<std::string, std::shared_ptr<RemoteClient>> remotes_;

  std::mutex keeper_mutex_;
  std::condition_variable keeper_wake_;

  std::vector<std::thread> threads_;
};

}  // namespace huddle::cluster
