#pragma once
// Counts the clients that reached a target version, so "has every client seen it?" is a comparison of two
// counters instead of a scan of 10k clients on every message. The run tells it when a watched client's
// version moves and when one goes away.
#include <cstddef>
#include <cstdint>

namespace huddle::load {

class VersionWatch {
 public:
  // `expected` clients are watched, `reached` of them already hold `target` or newer.
  void start(std::uint64_t target, std::size_t expected, std::size_t reached) {
    target_ = target;
    expected_ = expected;
    reached_ = reached;
  }
  void stop() { target_ = 0; }
  bool active() const noexcept { return target_ != 0; }
  std::uint64_t target() const noexcept { return target_; }
  bool done() const noexcept { return reached_ >= expected_; }
  std::size_t reached() const noexcept { return reached_; }
  std::size_t expected() const noexcept { return expected_; }

  // A watched client's version went from `before` to `after`; true if that made it reach the target.
  bool advanced(std::uint64_t before, std::uint64_t after) {
    if (!active() || before >= target_ || after < target_) return false;
    ++reached_;
    return true;
  }
  // A watched client that had not reached the target went away.
  void dropped() {
    if (expected_ > 0) --expected_;
  }

 private:
  std::uint64_t target_ = 0;
  std::size_t expected_ = 0, reached_ = 0;
};

}  // namespace huddle::load
