#pragma once
// A token bucket: `burst` requests at once, then `per_second` on average. Pure (time comes in), so the
// request limit of a connection and the wrong-code limit of an address are tested without clocks.
#include <algorithm>
#include <chrono>

namespace huddle::hub {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  TokenBucket(double per_second, double burst, Clock::time_point now) noexcept
      : per_second_(per_second), burst_(burst), tokens_(burst), last_(now) {}

  // Takes one token if there is one. A rate of zero or less means no limit.
  bool take(Clock::time_point now) noexcept {
    if (per_second_ <= 0) return true;
    refill(now);
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }
  // Whether a take() now would succeed, without taking.
  bool available(Clock::time_point now) noexcept {
    if (per_second_ <= 0) return true;
    refill(now);
    return tokens_ >= 1;
  }
  // Whether the bucket is full again (an idle entry that a bounded table may drop).
  bool full(Clock::time_point now) noexcept {
    refill(now);
    return tokens_ >= burst_;
  }

 private:
  void refill(Clock::time_point now) noexcept {
    const double seconds = std::chrono::duration<double>(now - last_).count();
    if (seconds > 0) tokens_ = std::min(burst_, tokens_ + seconds * per_second_);
    last_ = std::max(last_, now);
  }

  double per_second_;
  double burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace huddle::hub
