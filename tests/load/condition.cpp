#include "condition.hpp"

#include <algorithm>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace huddle::load {

boost::asio::awaitable<bool> Condition::wait(std::function<bool()> ready, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  constexpr auto recheck = std::chrono::milliseconds(50);
  while (!ready()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) co_return false;
    timer_.expires_at(std::min(deadline, now + recheck));
    boost::system::error_code ec;
    waiting_ = true;
    co_await timer_.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    waiting_ = false;
  }
  co_return true;
}

}  // namespace huddle::load
