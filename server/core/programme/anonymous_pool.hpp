#pragma once
// Anonymous texts of one session's week (task reflections, or answers to a refresher's card prompt): a pen
// that releases in shuffled batches once texts from K different members wait. Each member gives at most one
// text per pool (the cohort checks that), so K texts are K writers.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace huddle::core {

struct AnonymousPool {
  struct Released {
    std::string id;    // random
    std::string text;
    bool surfaced = false;  // the facilitator shows it to the cohort
  };
  std::vector<std::string> waiting;    // sorted, so storage keeps no order of arrival
  std::vector<Released> released;      // release order: batch after batch, each shuffled

  // Adds one text (kept sorted among the waiting ones); once `release_at` wait, all of them go out as one
  // batch, shuffled from `seed`, each with a random id from it. True when a batch went out.
  bool add(std::string text, std::uint64_t seed, std::size_t release_at);
  Released* find(const std::string& id);
};

}  // namespace huddle::core
