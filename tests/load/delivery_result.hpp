#pragma once
// How a set of updates reached a set of clients: every (update, client) latency, per update the time until
// the last client had it, and how many (update, client) pairs were never seen.
#include <cstddef>

#include <nlohmann/json.hpp>

#include "latency_stats.hpp"

namespace huddle::load {

struct DeliveryResult {
  LatencyStats per_client;   // one sample per (update, client) pair that was seen
  LatencyStats all_seen;     // one sample per update that every client saw
  std::size_t updates = 0;
  std::size_t clients = 0;
  std::size_t missed = 0;    // (update, client) pairs never seen

  nlohmann::json to_json() {
    return {{"updates", updates},
            {"clients", clients},
            {"missed_pairs", missed},
            {"per_client_ms", per_client.summary()},
            {"all_clients_ms", all_seen.summary()}};
  }
};

}  // namespace huddle::load
