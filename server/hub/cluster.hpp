#pragma once
// What the hub needs from a cluster (issue 17, docs/operations.md): who runs each session, and a way to
// hand a connection's requests to that node. The hub knows nothing of Redis; cluster/ implements this over
// it. A single node has no Cluster at all (Hub::set_cluster never called) and behaves exactly as before.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "hub/client.hpp"

namespace huddle::hub {

class Cluster {
 public:
  virtual ~Cluster() = default;

  virtual const std::string& node_id() const noexcept = 0;

  // Takes the lease on `code` for this node if nobody holds it. Returns the lease's fencing token (tokens
  // only grow, per code), or nothing when another node holds it or the cluster cannot be reached. Blocking.
  virtual std::optional<std::uint64_t> take_lease(const std::string& code) = 0;
  // The node holding the lease on `code`: its id, "" when nobody does, nothing when the cluster cannot be
  // reached. Blocking.
  virtual std::optional<std::string> owner(const std::string& code) = 0;
  // Whether `node` is up (it renews its liveness): nothing when the cluster cannot be reached. Blocking.
  virtual std::optional<bool> alive(const std::string& node) = 0;
  // How long a lease lasts unrenewed: the longest a session waits for its dead node's lease to expire.
  virtual std::chrono::milliseconds lease_duration() const noexcept = 0;
  // Gives up this node's lease on `code` (the session was handed over, deleted or ended), so another node
  // may take it at once rather than after expiry.
  virtual void release_lease(const std::string& code) = 0;

  // Edge: sends a request of one of this node's connections to `owner`, which runs the session. Its replies,
  // pushes and close come back to `client` through the cluster. `text` is the request as the client sent it.
  virtual void forward(const std::shared_ptr<Client>& client, const std::string& owner, std::string text) = 0;
  // Edge: the node `client`'s requests go to, once forward() was called for it; nothing for a connection
  // served here. Thread-safe.
  virtual std::optional<std::string> forwarded_to(const Client& client) = 0;
  // Edge: one of this node's connections forwarded to another node has closed.
  virtual void forward_close(const std::shared_ptr<Client>& client) = 0;
};

}  // namespace huddle::hub
