#pragma once
// Limits and timings of the programme layer (README "Limits"), with the server flags that change them.
#include <cstddef>
#include <string>
#include <vector>

#include "core/millis.hpp"

namespace huddle::hub {

struct ProgrammeOptions {
  std::size_t max_cohorts = 500;                    // cohorts kept on this server (running and ended)
  std::size_t max_snapshot_bytes = 2 * 1024 * 1024;  // one cohort's stored snapshot
  core::Millis retention_ms = 30LL * 24 * 3600 * 1000;  // an ended cohort is deleted this long after it ended (--retention-days)
  // A cohort nobody ended ends by itself this long after its last task was due (or its last session).
  core::Millis auto_end_after_ms = 14LL * 24 * 3600 * 1000;
  core::Millis session_notice_ms = 15LL * 60 * 1000;   // "session.starting" goes out this long before
  core::Millis task_notice_ms = 24LL * 3600 * 1000;     // "task.due" goes out this long before the due time
  core::Millis tick_ms = 30'000;                          // how often notifications and retention are checked
  std::vector<std::string> webhook_hosts;  // --webhook-allow: hosts a webhook may name; empty = no webhooks
};

}  // namespace huddle::hub
