#pragma once
// Paces one kind of change to a session's screens: once it is due, it goes out with the next flush if it
// may (see take()), else a timer wakes a flush when it may. So in a large session a storm of such changes
// (joins, votes, "me too"s) costs everyone one push per interval, and the last change of the storm still
// goes out soon after it was made.
// Used on the session's strand only; the timer's handler runs there too.
#include <algorithm>
#include <chrono>
#include <functional>

#include <boost/asio/steady_timer.hpp>

namespace huddle::hub {

class PushPace {
 public:
  using Clock = std::chrono::steady_clock;
  // Called on the strand when the wait is over; it must check that the session still exists (a completed
  // wait may run after its owner is gone), then call woke() and schedule a flush.
  using Wake = std::function<void(boost::system::error_code)>;

  explicit PushPace(boost::asio::any_io_executor strand) : timer_(std::move(strand)) {}

  void mark_due(Clock::time_point now = Clock::now()) noexcept {
    due_ = true;
    last_change_ = now;
  }
  bool due() const noexcept { return due_; }

  // On a flush: true if the changes go out now (then they are no longer due); false if they wait, with
  // `wake` called when they may go. They go once `min` has passed since the last push and either nothing
  // changed for `quiet` (the storm is over: its last change goes at once) or `max` has passed since the last
  // push (the storm goes on: it is shown every `max`). With min = max the changes go every `min`.
  bool take(std::chrono::milliseconds min, std::chrono::milliseconds max, std::chrono::milliseconds quiet, const Wake& wake) {
    if (!due_) return false;
    const auto now = Clock::now();
    const auto at = std::max(last_push_ + min, std::min(last_change_ + quiet, last_push_ + max));
    if (now >= at) {
      due_ = false;
      last_push_ = now;
      return true;
    }
    if (armed_) return false;  // its wake takes another look, and waits again if it must
    armed_ = true;
    timer_.expires_at(at);
    timer_.async_wait(wake);
    return false;
  }
  bool take(std::chrono::milliseconds interval, const Wake& wake) { return take(interval, interval, interval, wake); }
  void woke() noexcept { armed_ = false; }
  // The changes went out with a push that was not paced (it carried them along).
  void went() noexcept { due_ = false; }

 private:
  bool due_ = false;
  bool armed_ = false;
  Clock::time_point last_push_{};
  Clock::time_point last_change_{};
  boost::asio::steady_timer timer_;
};

}  // namespace huddle::hub
