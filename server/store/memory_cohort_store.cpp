#include "store/memory_cohort_store.hpp"

namespace huddle::store {

std::error_code MemoryCohortStore::save(const std::string& cohort_id, const std::string& snapshot) {
  std::lock_guard lock(mutex_);
  snapshots_[cohort_id] = snapshot;
  return {};
}

std::vector<std::pair<std::string, std::string>> MemoryCohortStore::load_all() {
  std::lock_guard lock(mutex_);
  return {snapshots_.begin(), snapshots_.end()};
}

std::error_code MemoryCohortStore::remove(const std::string& cohort_id) {
  std::lock_guard lock(mutex_);
  snapshots_.erase(cohort_id);
  return {};
}

std::uint64_t MemoryCohortStore::stored_bytes() {
  std::lock_guard lock(mutex_);
  std::uint64_t bytes = 0;
  for (const auto& [id, snapshot] : snapshots_) bytes += id.size() + snapshot.size();
  return bytes;
}

}  // namespace huddle::store
