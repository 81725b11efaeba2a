#include "hub/recent_replies.hpp"

namespace huddle::hub {

std::optional<nlohmann::json> RecentReplies::find(const protocol::RequestId& id, const std::string& digest) const {
  for (const auto& e : entries_) {
    if (e.id == id && e.digest == digest) return e.result;
  }
  return std::nullopt;
}

void RecentReplies::remember(const protocol::RequestId& id, std::string digest, nlohmann::json result) {
  entries_.push_back(Entry{id, std::move(digest), std::move(result)});
  if (entries_.size() > recent_replies_kept) entries_.pop_front();
}

}  // namespace huddle::hub
