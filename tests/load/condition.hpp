#pragma once
// Lets the run's coroutine wait for something the clients' handlers make true (all acks in, every client
// at a version), without sleeping: handlers call notify() when a counter moves, the waiter re-checks its
// predicate. A periodic re-check guards against a forgotten notify; it never decides a latency, which is
// always stamped when the message arrived.
#include <chrono>
#include <functional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

namespace huddle::load {

class Condition {
 public:
  explicit Condition(boost::asio::any_io_executor executor) : timer_(std::move(executor)) {}

  // Wakes the waiter, if any, to re-check its predicate. Cheap when nobody waits.
  void notify() {
    if (waiting_) timer_.cancel();
  }
  // True once `ready()` holds, false if `timeout` passes first.
  boost::asio::awaitable<bool> wait(std::function<bool()> ready, std::chrono::milliseconds timeout);

 private:
  boost::asio::steady_timer timer_;
  bool waiting_ = false;
};

}  // namespace huddle::load
