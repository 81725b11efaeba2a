#include "error_counts.hpp"

namespace huddle::load {

namespace {
std::size_t sum(const std::map<std::string, std::size_t>& counts) {
  std::size_t n = 0;
  for (const auto& [reason, count] : counts) n += count;
  return n;
}
}  // namespace

std::size_t ErrorCounts::total() const {
  return sum(open_failed_) + sum(closed_) + sum(error_replies_) + unreadable_frames_ + timeouts_.size();
}

nlohmann::json ErrorCounts::to_json() const {
  return {{"total", total()},
          {"open_failed", open_failed_},
          {"closed_by_server", closed_},
          {"error_replies", error_replies_},
          {"unreadable_frames", unreadable_frames_},
          {"timeouts", timeouts_}};
}

}  // namespace huddle::load
