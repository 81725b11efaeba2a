#pragma once
// Where cohorts are kept (issue 18): each as ONE snapshot text (core::Cohort's JSON), rewritten whole on every
// change, so that nothing stored keeps the order in which members' answers arrived (core/programme/cohort.hpp).
// Behind an interface, as the journal is: SQLite on disk, memory for tests.
#include <cstdint>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace huddle::store {

class CohortStore {
 public:
  virtual ~CohortStore() = default;
  // Replaces the cohort's snapshot atomically (durable before it returns success). Nothing of the text it
  // replaced can be read back afterwards, from the store or from its files' free space.
  virtual std::error_code save(const std::string& cohort_id, const std::string& snapshot) = 0;
  // Every stored cohort (id, snapshot), for loading at start. Throws JournalError on a store it cannot read.
  virtual std::vector<std::pair<std::string, std::string>> load_all() = 0;
  // Deletes the cohort so nothing of it can be read back (as Journal::remove). Removing an unknown cohort
  // succeeds: there is nothing of it to leave behind.
  virtual std::error_code remove(const std::string& cohort_id) = 0;
  // What the stored cohorts take, in bytes, for a disk cap.
  virtual std::uint64_t stored_bytes() = 0;
};

}  // namespace huddle::store
