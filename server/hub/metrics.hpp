#pragma once
// Server-wide counters and gauges, rendered as Prometheus text at GET /metrics. Atomics: every strand bumps
// them. Labels never carry participant data (names, ids, tokens).
#include <atomic>
#include <cstdint>
#include <string>

#include "hub/sharded_counter.hpp"

namespace huddle::hub {

struct Metrics {
  std::atomic<std::int64_t> connections_open{0};
  std::atomic<std::uint64_t> connections_total{0};
  std::atomic<std::uint64_t> connections_rejected{0};  // over the connection cap, or a refused Origin
  std::atomic<std::int64_t> sessions_active{0};
  std::atomic<std::uint64_t> messages_in{0};
  ShardedCounter messages_out;  // bumped by every frame written: one cache line per thread
  ShardedCounter bytes_out;
  std::atomic<std::uint64_t> frames_coalesced{0};  // an older push replaced by a newer one before it was sent
  std::atomic<std::uint64_t> frames_dropped{0};    // frames discarded with a connection closed for being stuck
  std::atomic<std::int64_t> queue_bytes{0};        // bytes waiting in all send queues
  std::atomic<std::uint64_t> slow_consumers_closed{0};
  std::atomic<std::uint64_t> request_errors{0};
  std::atomic<std::int64_t> partial_bytes{0};          // bytes of partial messages all connections hold
  std::atomic<std::uint64_t> unadmitted_closed{0};     // closed for no hello, no join, or a frame not finished in time

  // A cluster node (--redis; cluster/cluster_node.hpp). Zero on a single node.
  std::atomic<std::uint64_t> leases_taken{0};           // sessions this node started or took over
  std::atomic<std::uint64_t> leases_given_up{0};        // handed over: drained, lost, or Redis out of reach
  std::atomic<std::uint64_t> requests_forwarded{0};     // this node's connections' requests sent to another node
  std::atomic<std::uint64_t> requests_from_edges{0};    // requests other nodes sent here
  std::atomic<std::uint64_t> batches_published{0};      // replies and pushes sent to other nodes, one per batch
  std::atomic<std::uint64_t> bytes_published{0};
  std::atomic<std::uint64_t> redis_failures{0};         // Redis calls that failed or timed out
  std::atomic<std::int64_t> redis_round_trip_us{0};     // the keeper's last renewal round trip
  std::atomic<std::int64_t> forwarded_connections{0};   // connections here whose session runs on another node
  std::atomic<std::int64_t> edge_connections{0};        // connections on other nodes served by sessions here

  std::string render_prometheus() const;
};

}  // namespace huddle::hub
