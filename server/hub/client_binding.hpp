#pragma once
// What a connection has become: which session it belongs to and in what role.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/actor.hpp"
#include "hub/topic.hpp"

namespace huddle::hub {

class SessionHost;

// Written while a request of this connection is being handled and read when its next request arrives or
// when it closes. A connection handles one request at a time (net/ reads the next frame only after the
// reply is queued), and each hand-off between strands is a post, so these accesses never overlap.
struct ClientBinding {
  bool said_hello = false;
  // Weak: the session holds its connections, so a strong pointer back would be a cycle that outlives both.
  std::weak_ptr<SessionHost> session;
  core::Actor actor = core::Actor::visitor();
  // A participant's resume token, as they presented it (join or resume). Kept in memory only, on the
  // connection: anonymous voter keys are derived from it, so nothing stored can recompute them.
  std::string resume_token;
  // The version of each topic this connection was last pushed, so a push reaches it once (PROTOCOL.md,
  // "Conventions"): the session host skips a frame the connection already has, except in reply to resync.
  // Read and written only on the session's strand; a new binding (after leaving) starts from nothing.
  std::array<std::uint64_t, topic_count> pushed{};
  // Attached with the projector code: follows the public topics (session, activity) and may change nothing.
  // The actor stays a visitor, so no rule of core/ ever lets it act.
  bool projector = false;
  // The facilitator key this connection attached with, memory only: projector.link derives the projector
  // code from it (projector_code.hpp), so that code is never stored anywhere.
  std::string facilitator_key = {};
  // Where this connection is in its session's Audience (audience.hpp); session strand only.
  static constexpr std::size_t no_slot = static_cast<std::size_t>(-1);
  std::size_t audience_slot = no_slot;
  // Cluster (hub/cluster.hpp), on the node running the session: this connection lives on another node and
  // reached this one through the cluster, so it is never routed on again. (On an edge, which connections
  // are served from another node is the cluster's own record, Cluster::forwarded_to: it is written on a
  // journal thread and read on the connection's, with nothing but the network between them.)
  bool via_edge = false;
};

}  // namespace huddle::hub
