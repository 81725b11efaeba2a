#include "core/programme/pod_forming.hpp"

#include <algorithm>

namespace huddle::core {
namespace {

constexpr std::size_t min_pod = 3;
// Shuffles tried when pods rotate: enough to avoid most repeats in a cohort of a few dozen, cheap at 200.
constexpr int rotation_attempts = 24;

PodList cut(const std::vector<std::string>& people, int pod_size) {
  PodList pods;
  std::size_t at = 0;
  for (std::size_t size : pod_sizes(people.size(), pod_size)) {
    pods.emplace_back(people.begin() + static_cast<std::ptrdiff_t>(at), people.begin() + static_cast<std::ptrdiff_t>(at + size));
    at += size;
  }
  return pods;
}

std::size_t repeats(const PodList& pods, const std::set<PodPair>& earlier) {
  std::size_t n = 0;
  for (const auto& pair : pod_pairs(pods)) n += earlier.contains(pair) ? 1 : 0;
  return n;
}

std::vector<std::string>* smallest(PodList& pods) {
  auto it = std::min_element(pods.begin(), pods.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
  return it == pods.end() ? nullptr : &*it;
}

}  // namespace

std::vector<std::size_t> pod_sizes(std::size_t people, int pod_size) {
  if (people == 0) return {};
  const std::size_t size = static_cast<std::size_t>(std::max(pod_size, 1));
  std::size_t count = (people + size - 1) / size;
  while (count > 1 && people / count < min_pod) --count;
  std::vector<std::size_t> sizes(count, people / count);
  for (std::size_t i = 0; i < people % count; ++i) ++sizes[i];
  return sizes;
}

PodList shuffle_into_pods(std::vector<std::string> people, int pod_size, SplitMix64& rng,
                          const std::set<PodPair>& earlier) {
  std::sort(people.begin(), people.end());  // the seed alone decides, not the order people came in
  PodList best;
  std::size_t best_repeats = 0;
  for (int attempt = 0; attempt < (earlier.empty() ? 1 : rotation_attempts); ++attempt) {
    std::vector<std::string> order = people;
    shuffle_with(order, rng);
    PodList pods = cut(order, pod_size);
    const std::size_t r = repeats(pods, earlier);
    if (attempt == 0 || r < best_repeats) {
      best = std::move(pods);
      best_repeats = r;
      if (r == 0) break;
    }
  }
  return best;
}

PodList keep_pods(const PodList& earlier, const std::set<std::string>& present, std::vector<std::string> newcomers,
                  int pod_size) {
  PodList pods;
  std::size_t total = newcomers.size();
  for (const auto& pod : earlier) {
    std::vector<std::string> kept;
    for (const auto& id : pod) {
      if (present.contains(id)) kept.push_back(id);
    }
    total += kept.size();
    if (!kept.empty()) pods.push_back(std::move(kept));
  }
  if (total < min_pod) {  // a cohort too small for a proper pod is one pod
    std::vector<std::string> all;
    for (auto& pod : pods) all.insert(all.end(), pod.begin(), pod.end());
    all.insert(all.end(), newcomers.begin(), newcomers.end());
    return all.empty() ? PodList{} : PodList{std::move(all)};
  }
  // Pods that lost people below 3 are dissolved; their members are placed first, before newcomers.
  std::vector<std::string> to_place;
  PodList whole;
  for (auto& pod : pods) {
    if (pod.size() < min_pod) {
      to_place.insert(to_place.end(), pod.begin(), pod.end());
    } else {
      whole.push_back(std::move(pod));
    }
  }
  to_place.insert(to_place.end(), newcomers.begin(), newcomers.end());
  const std::size_t size = static_cast<std::size_t>(std::max(pod_size, 1));
  std::size_t next = 0;
  while (next < to_place.size()) {
    auto* pod = smallest(whole);
    if (pod == nullptr || pod->size() >= size) break;
    pod->push_back(to_place[next++]);
  }
  const std::vector<std::string> left(to_place.begin() + static_cast<std::ptrdiff_t>(next), to_place.end());
  if (left.size() >= min_pod || whole.empty()) {
    for (auto& pod : cut(left, pod_size)) whole.push_back(std::move(pod));
  } else {
    for (const auto& id : left) smallest(whole)->push_back(id);
  }
  return whole;
}

std::set<PodPair> pod_pairs(const PodList& pods) {
  std::set<PodPair> pairs;
  for (const auto& pod : pods) {
    for (std::size_t i = 0; i < pod.size(); ++i) {
      for (std::size_t j = i + 1; j < pod.size(); ++j) pairs.insert(std::minmax(pod[i], pod[j]));
    }
  }
  return pairs;
}

}  // namespace huddle::core
