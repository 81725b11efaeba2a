#pragma once
// How a node joins its cluster (--redis, --node-id, --lease-ms; docs/operations.md).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace huddle::cluster {

struct ClusterOptions {
  std::string redis_host = "127.0.0.1";
  int redis_port = 6379;
  // Unique in the cluster and stable across a node's restarts is not needed: a restarted node is a new one.
  std::string node_id;
  // How long a lease lasts without renewal: after a node dies, its sessions wait this long (at most) before
  // another node may take them over. Renewed every third of it.
  std::chrono::milliseconds lease{5000};
  // Redis calls that take longer than this count as failed.
  std::chrono::milliseconds timeout{1000};
};

// "redis://host:port" (port defaults to 6379); nothing for anything else.
std::optional<ClusterOptions> parse_redis_url(std::string_view url);

}  // namespace huddle::cluster
