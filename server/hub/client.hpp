#pragma once
// What the hub needs from a connection. net/'s WebSocket session implements it; tests use a fake.
#include <cstdint>
#include <string>
#include <string_view>

#include "hub/client_binding.hpp"
#include "hub/shared_frame.hpp"
#include "hub/topic.hpp"

namespace huddle::hub {

class Client {
 public:
  virtual ~Client() = default;
  // The one reply to the request being handled. Also tells the connection it may read the next request.
  virtual void send_reply(std::string frame) = 0;
  // A push. Only the newest frame per topic matters: a connection may drop an older one still queued.
  virtual void send_state(Topic topic, SharedFrame frame) = 0;
  // Closes the connection with a WebSocket close code (1000 normal, 1001 going away, 1008 policy).
  virtual void close(std::uint16_t code, std::string reason) = 0;

  // The remote network address, for limits per address; empty when there is none (tests, tools).
  virtual const std::string& remote_address() const {
    static const std::string none;
    return none;
  }

  // In a cluster, the node this connection really is on when it reached the session's node through Redis
  // (cluster/remote_client.hpp); empty for a connection of this node.
  virtual std::string_view edge() const noexcept { return {}; }

  ClientBinding& binding() noexcept { return binding_; }

 private:
  ClientBinding binding_;
};

}  // namespace huddle::hub
