// Pod sizes and forming: never a pod under three where it can be avoided, same seed same pods.
#include <gtest/gtest.h>

#include "core/programme/pod_forming.hpp"

namespace huddle::core {
namespace {

using Sizes = std::vector<std::size_t>;

TEST(PodSizes, SplitEvenlyAndNeverLeaveAPodUnderThree) {
  EXPECT_EQ(pod_sizes(0, 4), Sizes{});
  EXPECT_EQ(pod_sizes(1, 4), Sizes{1});
  EXPECT_EQ(pod_sizes(2, 4), Sizes{2});
  EXPECT_EQ(pod_sizes(4, 4), Sizes{4});
  EXPECT_EQ(pod_sizes(5, 4), Sizes{5});  // 3 + 2 would leave a pair
  EXPECT_EQ(pod_sizes(6, 4), (Sizes{3, 3}));
  EXPECT_EQ(pod_sizes(7, 4), (Sizes{4, 3}));
  EXPECT_EQ(pod_sizes(9, 4), (Sizes{3, 3, 3}));
  EXPECT_EQ(pod_sizes(4, 3), Sizes{4});
  EXPECT_EQ(pod_sizes(5, 3), Sizes{5});
  EXPECT_EQ(pod_sizes(11, 5), (Sizes{4, 4, 3}));
  for (std::size_t n = 3; n <= 200; ++n) {
    for (int size = 3; size <= 5; ++size) {
      std::size_t total = 0;
      for (std::size_t s : pod_sizes(n, size)) {
        EXPECT_GE(s, 3u) << n << "/" << size;
        EXPECT_LE(s, static_cast<std::size_t>(size) + 2) << n << "/" << size;
        total += s;
      }
      EXPECT_EQ(total, n);
    }
  }
}

std::vector<std::string> people(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("p" + std::to_string(i));
  return out;
}

TEST(ShuffleIntoPods, TheSeedAloneDecidesNotTheOrderPeopleCameIn) {
  auto a = people(10);
  auto b = a;
  std::reverse(b.begin(), b.end());
  SplitMix64 r1(7), r2(7), r3(8);
  EXPECT_EQ(shuffle_into_pods(a, 4, r1, {}), shuffle_into_pods(b, 4, r2, {}));
  EXPECT_NE(shuffle_into_pods(a, 4, r1, {}), shuffle_into_pods(a, 4, r3, {}));
}

TEST(ShuffleIntoPods, AvoidsPairsThatMetBefore) {
  // Over many seeds, pods formed knowing who met before repeat fewer pairs than a plain shuffle. Twelve in
  // pods of four: each new pod holds two people from one old pod at least, so three repeats is the least.
  std::size_t avoided = 0, random = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    SplitMix64 rng(seed);
    const auto first = shuffle_into_pods(people(12), 4, rng, {});
    const auto met = pod_pairs(first);
    SplitMix64 a(seed * 1000), b(seed * 1000);
    for (const auto& pair : pod_pairs(shuffle_into_pods(people(12), 4, a, met))) avoided += met.contains(pair) ? 1 : 0;
    for (const auto& pair : pod_pairs(shuffle_into_pods(people(12), 4, b, {}))) random += met.contains(pair) ? 1 : 0;
  }
  EXPECT_EQ(avoided, 20u * 3);
  EXPECT_GT(random, avoided + 20);
}

TEST(KeepPods, NewcomersFillTheSmallestThenFormTheirOwnOrJoin) {
  const PodList earlier = {{"a", "b", "c", "d"}, {"e", "f", "g"}};
  const std::set<std::string> all = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};
  EXPECT_EQ(keep_pods(earlier, all, {"h"}, 4), (PodList{{"a", "b", "c", "d"}, {"e", "f", "g", "h"}}));
  EXPECT_EQ(keep_pods(earlier, all, {"h", "i", "j", "k"}, 4),
            (PodList{{"a", "b", "c", "d"}, {"e", "f", "g", "h"}, {"i", "j", "k"}}));
  // h fills the pod of three; i and j are too few for a pod and join the smallest pods, one each.
  EXPECT_EQ(keep_pods(earlier, all, {"h", "i", "j"}, 4), (PodList{{"a", "b", "c", "d", "i"}, {"e", "f", "g", "h", "j"}}));
}

TEST(KeepPods, PeopleWhoLeftAreDroppedAndAPodTooSmallIsDissolved) {
  const PodList earlier = {{"a", "b", "c", "d"}, {"e", "f", "g"}, {"h", "i", "j"}};
  EXPECT_EQ(keep_pods(earlier, {"a", "b", "c", "e", "f", "g", "h"}, {}, 4), (PodList{{"a", "b", "c", "h"}, {"e", "f", "g"}}));
  EXPECT_EQ(keep_pods(earlier, {"a", "e"}, {}, 4), (PodList{{"a", "e"}}));  // too few for any proper pod
  EXPECT_EQ(keep_pods({}, {}, {"x", "y", "z"}, 4), (PodList{{"x", "y", "z"}}));
}

}  // namespace
}  // namespace huddle::core
