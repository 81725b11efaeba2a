#include "hub/room_view_text.hpp"

#include "core/breakouts/breakout_views.hpp"
#include "core/json_text.hpp"
#include "huddle/protocol/server_message.hpp"

namespace huddle::hub {

RoomViewText::RoomViewText(const core::SessionState& state)
    : entries_(state),
      base_(protocol::to_json_text(core::room_view_base(state))),
      room_at_(core::find_member_value(base_, "room", "null")) {}

std::string RoomViewText::of(const std::string& participant_id) {
  if (room_at_ == std::string::npos) return base_;
  const std::string entry = entries_.of(participant_id);
  if (entry == "null") return base_;
  std::string out;
  out.reserve(base_.size() + entry.size());
  out.append(base_, 0, room_at_);  // up to and with "room":
  out.append(entry);
  out.append(base_, room_at_ + 4, std::string::npos);  // after its null
  return out;
}

}  // namespace huddle::hub
