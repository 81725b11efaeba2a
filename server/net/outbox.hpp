#pragma once
// Frames on their way from other strands (a session's, the hub's) to the connections of one shard
// (io_shards.hpp). A session pushing to 10,000 people used to post one handler per connection (an
// allocation, a strand queue, an executor copy: most of Huddle's own CPU per delivered message, issue 19);
// now it appends to its shard's outbox under a short lock, and one drain per batch runs on the shard's
// strand and hands each connection its frames.
//
// Order: whatever is added here is delivered in the order it was added, and before anything posted to the
// shard's strand after it was added (the drain that takes it was posted no later). So a reply added before
// a push reaches its connection first, and a close posted after a reply follows it.
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include "hub/shared_frame.hpp"
#include "hub/topic.hpp"
#include "net/outbox_target.hpp"

namespace huddle::net {

class Outbox {
 public:
  using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;

  explicit Outbox(Strand strand) : strand_(std::move(strand)) {}
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Any thread.
  void reply(std::shared_ptr<OutboxTarget> to, hub::SharedFrame frame) { add({std::move(to), std::nullopt, std::move(frame)}); }
  void push(std::shared_ptr<OutboxTarget> to, hub::Topic topic, hub::SharedFrame frame) {
    add({std::move(to), topic, std::move(frame)});
  }
  const Strand& strand() const noexcept { return strand_; }
  // Lets go of what waits (the connections it keeps alive hold sockets): when the server lets go of its I/O
  // objects, before the io_context goes.
  void drop_waiting();

 private:
  struct Item {
    std::shared_ptr<OutboxTarget> to;
    std::optional<hub::Topic> topic;  // a push; none: a reply
    hub::SharedFrame frame;
  };
  void add(Item item);
  void drain();  // on the strand
  static constexpr std::size_t max_kept_items = 1 << 16;

  Strand strand_;
  std::mutex mutex_;
  std::vector<Item> waiting_;   // under mutex_; not empty means a drain is posted and has not taken them yet
  std::vector<Item> draining_;  // the drain's own (on the strand), kept for its capacity
};

}  // namespace huddle::net
