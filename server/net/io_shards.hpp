#pragma once
// The strands connections run on: a few, one per I/O thread, instead of one per connection. A connection's
// handlers run on its shard's strand (so, as before, never two at once), and what sessions send it goes
// through the shard's Outbox, one hand-over per batch rather than one post per frame (outbox.hpp).
// Connections are dealt to shards in turn as they are accepted.
#include <atomic>
#include <cstddef>
#include <deque>

#include <boost/asio/io_context.hpp>

#include "net/outbox.hpp"

namespace huddle::net {

class IoShards {
 public:
  IoShards(boost::asio::io_context& ioc, std::size_t count);

  std::size_t next() noexcept { return turn_.fetch_add(1, std::memory_order_relaxed) % shards_.size(); }
  Outbox& operator[](std::size_t shard) noexcept { return shards_[shard]; }
  std::size_t size() const noexcept { return shards_.size(); }
  // Lets go of the outboxes, what waits in them and their strands: before the io_context goes (a strand
  // outliving its io_context would lock a mutex of a service that no longer exists). Nothing may be sent
  // through the shards afterwards.
  void release() {
    for (auto& shard : shards_) shard.drop_waiting();
    shards_.clear();
  }

 private:
  std::deque<Outbox> shards_;  // a deque: an Outbox holds a mutex and does not move
  std::atomic<std::size_t> turn_{0};
};

}  // namespace huddle::net
