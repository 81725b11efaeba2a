#pragma once
// The last few acknowledged requests of one sender, so a request resent after a lost reply (same id, same
// content) gets the same answer instead of being done twice: a second card, a second quick poll. Requests
// that are idempotent by nature (a ballot, a "me too") do not need it. Memory only.
//
// A request id alone is not enough: a reloaded page starts numbering again, so the content must match too.
// The content is remembered only as a salted digest (the caller's), never as text.
#include <cstddef>
#include <deque>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "huddle/protocol/request_id.hpp"

namespace huddle::hub {

// Acknowledged requests remembered per sender.
inline constexpr std::size_t recent_replies_kept = 16;

class RecentReplies {
 public:
  // The result acknowledged for this id and content digest, if it is one of the last ones.
  std::optional<nlohmann::json> find(const protocol::RequestId& id, const std::string& digest) const;
  void remember(const protocol::RequestId& id, std::string digest, nlohmann::json result);

 private:
  struct Entry {
    protocol::RequestId id;
    std::string digest;
    nlohmann::json result;
  };
  std::deque<Entry> entries_;
};

}  // namespace huddle::hub
