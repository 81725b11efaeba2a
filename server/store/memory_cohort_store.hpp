#pragma once
// A cohort store in memory, for tests: what SqliteCohortStore keeps, without a file.
#include <map>
#include <mutex>

#include "store/cohort_store.hpp"

namespace huddle::store {

class MemoryCohortStore final : public CohortStore {
 public:
  std::error_code save(const std::string& cohort_id, const std::string& snapshot) override;
  std::vector<std::pair<std::string, std::string>> load_all() override;
  std::error_code remove(const std::string& cohort_id) override;
  // The bytes of the ids and snapshots held.
  std::uint64_t stored_bytes() override;

 private:
  std::mutex mutex_;  // cohorts on different strands share one store
  std::map<std::string, std::string> snapshots_;
};

}  // namespace huddle::store
