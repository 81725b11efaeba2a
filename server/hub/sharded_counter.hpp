#pragma once
// A counter that several threads bump on every frame (frames and bytes written): each thread adds to a cache
// line of its own and a reader sums them. One atomic shared by every I/O thread moves its cache line between
// cores on every frame written (issue 19: four such updates per delivered message were measurable).
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace huddle::hub {

class ShardedCounter {
 public:
  void add(std::uint64_t n) noexcept { cells_[slot()].value.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t load() const noexcept {
    std::uint64_t sum = 0;
    for (const auto& cell : cells_) sum += cell.value.load(std::memory_order_relaxed);
    return sum;
  }

 private:
  // More threads than cells share cells, which is still correct (fetch_add), just not contention-free.
  static constexpr std::size_t cell_count = 16;
  struct alignas(64) Cell {
    std::atomic<std::uint64_t> value{0};
  };
  static std::size_t slot() noexcept {
    static std::atomic<std::size_t> next{0};
    thread_local const std::size_t mine = next.fetch_add(1, std::memory_order_relaxed) % cell_count;
    return mine;
  }
  std::array<Cell, cell_count> cells_{};
};

}  // namespace huddle::hub
