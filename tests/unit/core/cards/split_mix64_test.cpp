// The release shuffle is reproducible from its seed and is a fair permutation.
#include "core/cards/split_mix64.hpp"

#include <algorithm>
#include <map>
#include <numeric>

#include <gtest/gtest.h>

namespace huddle::core {
namespace {

TEST(SplitMix64, MatchesTheReferenceSequence) {
  // First outputs for seed 0 of the reference implementation (Vigna, splitmix64.c).
  SplitMix64 rng(0);
  EXPECT_EQ(rng.next(), 0xE220A8397B1DCDAFull);
  EXPECT_EQ(rng.next(), 0x6E789E6AA1B965F4ull);
}

TEST(SplitMix64, SameSeedSameShuffle) {
  std::vector<int> a(10), b(10);
  std::iota(a.begin(), a.end(), 0);
  std::iota(b.begin(), b.end(), 0);
  SplitMix64 ra(7), rb(7);
  shuffle_with(a, ra);
  shuffle_with(b, rb);
  EXPECT_EQ(a, b);
}

TEST(SplitMix64, ShuffleIsAPermutation) {
  std::vector<int> v(50);
  std::iota(v.begin(), v.end(), 0);
  SplitMix64 rng(123);
  shuffle_with(v, rng);
  std::vector<int> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> expected(50);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(sorted, expected);
}

TEST(SplitMix64, EveryOrderOfThreeTurnsUpOverManySeeds) {
  std::map<std::vector<int>, int> seen;
  for (std::uint64_t seed = 0; seed < 600; ++seed) {
    std::vector<int> v{0, 1, 2};
    SplitMix64 rng(seed);
    shuffle_with(v, rng);
    ++seen[v];
  }
  ASSERT_EQ(seen.size(), 6u);
  for (const auto& [order, n] : seen) EXPECT_GT(n, 60) << "an order of three is badly under-represented";
}

}  // namespace
}  // namespace huddle::core
