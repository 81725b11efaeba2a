#pragma once
// A small, fully specified PRNG for shuffling release batches from a seed the caller draws. Not for secrets:
// the seed must come from a CSPRNG outside core; this only turns it into a reproducible shuffle.
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace huddle::core {

// SplitMix64 (Steele, Lea, Flood 2014; the seeding generator of xoshiro): a 64-bit counter stepped by the
// golden-ratio constant, then mixed. Same seed, same sequence, on every platform.
class SplitMix64 {
 public:
  explicit constexpr SplitMix64(std::uint64_t seed) noexcept : state_(seed) {}

  constexpr std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, bound) for bound > 0. Draws that would make `% bound` favour small values are redrawn.
  constexpr std::uint64_t below(std::uint64_t bound) noexcept {
    constexpr auto max = std::numeric_limits<std::uint64_t>::max();
    const std::uint64_t usable = max - max % bound;
    for (;;) {
      const std::uint64_t x = next();
      if (x < usable) return x % bound;
    }
  }

 private:
  std::uint64_t state_;
};

// Fisher–Yates (Durstenfeld): from the back, swap each item with one at a uniformly chosen index at or before it.
template <typename T>
void shuffle_with(std::vector<T>& items, SplitMix64& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(rng.below(i));
    std::swap(items[i - 1], items[j]);
  }
}

}  // namespace huddle::core
