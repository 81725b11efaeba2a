#pragma once
// A session's storage quota: what it has stored against what it may (StorageLimits). The session host asks
// before it commits a change, so a change beyond the quota is refused whole, never stored in part.
#include "hub/storage_limits.hpp"
#include "hub/storage_use.hpp"

namespace huddle::hub {

class StorageQuota {
 public:
  StorageQuota(const StorageLimits& limits, StorageUse used) noexcept : limits_(limits), used_(used) {}

  // Whether `change` still fits under the quota.
  bool fits(const StorageUse& change) const noexcept {
    const bool events_fit = limits_.max_events == 0 || used_.events + change.events <= limits_.max_events;
    const bool bytes_fit = limits_.max_bytes == 0 || used_.bytes + change.bytes <= limits_.max_bytes;
    return events_fit && bytes_fit;
  }
  // Counts a change that was committed (also one that did not have to fit: see SessionHost::run).
  void add(const StorageUse& change) noexcept {
    used_.events += change.events;
    used_.bytes += change.bytes;
  }
  // After the session went back to what its journal holds.
  void reset(const StorageUse& used) noexcept { used_ = used; }
  const StorageUse& used() const noexcept { return used_; }

 private:
  StorageLimits limits_;
  StorageUse used_;
};

}  // namespace huddle::hub
