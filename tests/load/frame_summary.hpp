#pragma once
// What the load tool needs from a Huddle frame, found by a scan of the message's edges instead of a JSON
// parse: a push's topic and version, a reply's kind and id, an error's code. The server writes objects
// with sorted keys, so a push ends `"topic":"session","type":"state","version":7}` and a reply starts
// `{"id":12,` (an error `{"code":"...","id":12,`); the scan looks at both edges, so it does not depend on
// that order as long as these fields sit outside the (long) data object.
#include <cstdint>
#include <optional>
#include <string_view>

#include "huddle_topic.hpp"
#include "ws_message.hpp"

namespace huddle::load {

struct FrameSummary {
  enum class Kind { unknown, ack, error, state };

  Kind kind = Kind::unknown;
  std::optional<std::int64_t> id;     // ack / error, when the id is an integer (the tool sends only those)
  std::string_view error_code;        // error; points into the message's head
  std::optional<HuddleTopic> topic;   // state
  std::uint64_t version = 0;          // state
  bool patch = false;                 // a state push sent as a patch from the version before (PROTOCOL.md, "patch")

  static FrameSummary of(const WsMessage& message);
};

}  // namespace huddle::load
