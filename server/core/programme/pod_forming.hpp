#pragma once
// How a cohort's members are split into pods (3–5 peers who run a pod scenario on their own), pure and
// seeded: the same people and seed give the same pods on every platform.
#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/cards/split_mix64.hpp"

namespace huddle::core {

// Pods in order (pod number = index + 1), each a list of member ids.
using PodList = std::vector<std::vector<std::string>>;
// Two members who shared a pod, the smaller id first.
using PodPair = std::pair<std::string, std::string>;

// The sizes `people` are split into: as few pods as keep each at most `pod_size`, sizes differing by at most
// one; where that would leave a pod under 3, fewer (bigger) pods instead. Under 3 people: one pod of them all.
std::vector<std::size_t> pod_sizes(std::size_t people, int pod_size);

// New pods: `people` shuffled with `rng` and cut into pod_sizes. Several shuffles are tried and the one that
// puts the fewest `earlier` pairs together again is kept (the first, when `earlier` is empty).
PodList shuffle_into_pods(std::vector<std::string> people, int pod_size, SplitMix64& rng,
                          const std::set<PodPair>& earlier);

// The same pods again: members not in `present` leave, a pod left under 3 people is dissolved (unless
// everyone is in pods that small), and its members and then `newcomers` (in the order given) go to the
// smallest pods until every pod has `pod_size`; three or more left over form pods of their own, one or two
// join the smallest pods. Pods are numbered again from 1 in their earlier order.
PodList keep_pods(const PodList& earlier, const std::set<std::string>& present, std::vector<std::string> newcomers,
                  int pod_size);

// Every pair of members who share a pod in `pods`.
std::set<PodPair> pod_pairs(const PodList& pods);

}  // namespace huddle::core
