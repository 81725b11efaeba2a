#pragma once
// One burst of participant requests of the same kind (the votes, the cards, the "me too"s): how many were
// sent, answered, refused, how long the answers took, and when the last answer came, which is where the
// "time until every client has the final state" starts.
#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "latency_stats.hpp"
#include "micros.hpp"

namespace huddle::load {

struct RequestRound {
  std::size_t sent = 0, acked = 0, refused = 0, lost = 0;  // lost: the connection closed first
  Micros last_sent_at = 0, last_reply_at = 0;
  LatencyStats reply_latency;
  // The same replies split by the participant's --url (i % URLs), when there are several.
  std::vector<LatencyStats> reply_latency_by_url;

  std::size_t settled() const { return acked + refused + lost; }
  nlohmann::json to_json() {
    nlohmann::json out = {{"sent", sent}, {"acked", acked}, {"refused", refused}, {"lost", lost},
                          {"reply_ms", reply_latency.summary()}};
    for (auto& by_url : reply_latency_by_url) out["reply_ms_by_url"].push_back(by_url.summary());
    return out;
  }
};

}  // namespace huddle::load
