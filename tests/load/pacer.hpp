#pragma once
// Fires `count` actions evenly spaced from now (action i is due at start + i * spacing), catching up in a
// batch when the loop falls behind, so the rate holds on average even when the tool is busy. Awaited by the
// run's coroutine while the clients' I/O goes on in the same thread.
#include <chrono>
#include <cstddef>
#include <functional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

namespace huddle::load {

class Pacer {
 public:
  explicit Pacer(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

  boost::asio::awaitable<void> run(std::size_t count, std::chrono::microseconds spacing,
                                   std::function<void(std::size_t)> action);

 private:
  boost::asio::any_io_executor executor_;
};

}  // namespace huddle::load
