#pragma once
// The last frame of one topic for one audience (everyone, the facilitator, one participant). A push renders
// into a new version only when its data differs from the data this frame carries, so a version stands for
// one content: it grows on every change and only then (PROTOCOL.md, "Conventions"). Only the frame is kept,
// not a parsed copy of its data: a session keeps one of these per participant for `me` and `room`, and the
// JSON tree was most of what an idle participant cost (issue 19).
#include <cstdint>
#include <string_view>

#include "hub/push_frame.hpp"
#include "hub/shared_frame.hpp"
#include "huddle/protocol/server_message.hpp"

namespace huddle::hub {

struct RenderedTopic {
  std::uint64_t version = 0;  // 0 until the first render
  SharedFrame frame;
  std::size_t data_size = 0;  // the length of the data's JSON text in the frame
  // The change from version `patch_base` to this one, as a patch push, when one was made (the shared
  // `activity` topic of a large session, when it is much smaller than the frame): see SessionHost::send().
  SharedFrame patch;
  std::uint64_t patch_base = 0;

  // The data the frame carries, as the JSON text protocol::to_json_text wrote.
  std::string_view data() const noexcept {
    return frame ? frame->payload().substr(protocol::state_data_offset, data_size) : std::string_view{};
  }
};

}  // namespace huddle::hub
