#include "core/programme/anonymous_pool.hpp"

#include <algorithm>
#include <cstdio>

#include "core/cards/split_mix64.hpp"

namespace huddle::core {

bool AnonymousPool::add(std::string text, std::uint64_t seed, std::size_t release_at) {
  waiting.insert(std::upper_bound(waiting.begin(), waiting.end(), text), std::move(text));
  if (waiting.size() < release_at) return false;
  SplitMix64 rng(seed);
  std::vector<std::string> batch = std::move(waiting);
  waiting.clear();
  shuffle_with(batch, rng);
  for (auto& t : batch) {
    std::string id;
    do {
      char hex[17];
      std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(rng.next()));
      id = hex;
    } while (find(id) != nullptr);
    released.push_back({std::move(id), std::move(t), false});
  }
  return true;
}

AnonymousPool::Released* AnonymousPool::find(const std::string& id) {
  auto it = std::find_if(released.begin(), released.end(), [&](const Released& r) { return r.id == id; });
  return it == released.end() ? nullptr : &*it;
}

}  // namespace huddle::core
