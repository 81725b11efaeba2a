#pragma once
// What an Outbox delivers to: a connection of its shard, on the shard's strand.
#include "hub/shared_frame.hpp"
#include "hub/topic.hpp"

namespace huddle::net {

class OutboxTarget {
 public:
  virtual ~OutboxTarget() = default;
  virtual void take_reply(hub::SharedFrame frame) = 0;
  virtual void take_push(hub::Topic topic, hub::SharedFrame frame) = 0;
};

}  // namespace huddle::net
