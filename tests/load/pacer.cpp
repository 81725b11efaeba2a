#include "pacer.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace huddle::load {

boost::asio::awaitable<void> Pacer::run(std::size_t count, std::chrono::microseconds spacing,
                                        std::function<void(std::size_t)> action) {
  boost::asio::steady_timer timer(executor_);
  const auto start = std::chrono::steady_clock::now();
  std::size_t next = 0;
  while (next < count) {
    const auto now = std::chrono::steady_clock::now();
    while (next < count && start + spacing * static_cast<long>(next) <= now) action(next++);
    if (next == count) break;
    timer.expires_at(start + spacing * static_cast<long>(next));
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
}

}  // namespace huddle::load
