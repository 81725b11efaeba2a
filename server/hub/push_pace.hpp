#pragma once
// Paces one kind of change to a session's screens: once it is due, it goes out with the next flush if the
// last one of its kind went at least `interval` ago, else a timer wakes a flush when it may. So in a large
// session a storm of such changes (joins, votes, "me too"s) costs everyone one push per interval, and the
// last change of the storm still goes out at most one interval after it was made.
// Used on the session's strand only; the timer's handler runs there too.
#include <chrono>
#include <functional>

#include <boost/asio/steady_timer.hpp>

namespace huddle::hub {

class PushPace {
 public:
  // Called on the strand when the wait is over; it must check that the session still exists (a completed
  // wait may run after its owner is gone), then call woke() and schedule a flush.
  using Wake = std::function<void(boost::system::error_code)>;

  explicit PushPace(boost::asio::any_io_executor strand) : timer_(std::move(strand)) {}

  void mark_due() noexcept { due_ = true; }
  bool due() const noexcept { return due_; }

  // On a flush: true if the changes go out now (then they are no longer due and the next may go `interval`
  // from now); false if they wait, with `wake` called when they may go.
  bool take(std::chrono::milliseconds interval, const Wake& wake) {
    if (!due_) return false;
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_at_) {
      due_ = false;
      next_at_ = now + interval;
      return true;
    }
    if (armed_) return false;
    armed_ = true;
    timer_.expires_at(next_at_);
    timer_.async_wait(wake);
    return false;
  }
  void woke() noexcept { armed_ = false; }
  // The changes went out with a push that was not paced (it carried them along).
  void went() noexcept { due_ = false; }

 private:
  bool due_ = false;
  bool armed_ = false;
  std::chrono::steady_clock::time_point next_at_{};
  boost::asio::steady_timer timer_;
};

}  // namespace huddle::hub
