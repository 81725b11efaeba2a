#include "hub/room_view_text.hpp"

#include <string_view>

#include "core/breakouts/breakout_views.hpp"
#include "huddle/protocol/server_message.hpp"

namespace huddle::hub {

namespace {
// The base's `room` member. Keys are written sorted and every `"` inside a string is escaped, so this text
// occurs once, as the member itself ("roomCount" and "roomSizes" differ at the closing quote).
constexpr std::string_view null_room = R"("room":null)";
}  // namespace

RoomViewText::RoomViewText(const core::SessionState& state)
    : entries_(state), base_(protocol::to_json_text(core::room_view_base(state))), room_at_(base_.find(null_room)) {}

std::string RoomViewText::of(const std::string& participant_id) {
  if (room_at_ == std::string::npos) return base_;
  const std::string entry = entries_.of(participant_id);
  if (entry == "null") return base_;
  std::string out;
  out.reserve(base_.size() + entry.size());
  out.append(base_, 0, room_at_ + null_room.size() - 4);  // up to and with "room":
  out.append(entry);
  out.append(base_, room_at_ + null_room.size(), std::string::npos);
  return out;
}

}  // namespace huddle::hub
