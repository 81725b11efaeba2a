#include "hub/room_view_text.hpp"

#include <string_view>

#include "core/breakout_rules.hpp"
#include "core/breakouts/breakout_views.hpp"
#include "huddle/protocol/server_message.hpp"

namespace huddle::hub {

namespace {

// Replaces the first `"key":null` at or after `from` in `text` with `"key":` and `value`. Keys are written
// sorted and every `"` inside a string is escaped, so `"key":null` with these quotes is only ever the member
// itself; the caller knows which member comes first.
void splice(std::string& text, std::string_view key_null, std::string_view value, std::size_t from = 0) {
  const auto at = text.find(key_null, from);
  if (at == std::string::npos) return;
  text.replace(at + key_null.size() - 4, 4, value);  // the `null`
}

}  // namespace

RoomViewText::RoomViewText(const core::SessionState& state)
    : state_(state),
      settings_(core::current_roleplay(state)),
      base_(protocol::to_json_text(core::room_view_base(state))),
      room_at_(base_.find(R"("room":null)")) {
  if (!settings_) return;
  for (std::size_t i = 0; i < settings_->roles.size(); ++i) {
    roles_.push_back(protocol::to_json_text(core::room_role(*settings_, i)));
    items_.push_back(protocol::to_json_text(core::room_checklist_items(*settings_, i)));
  }
}

std::string RoomViewText::of(const std::string& participant_id) const {
  if (room_at_ == std::string::npos) return base_;
  const auto parts = core::room_entry_parts(state_, participant_id);
  if (!parts) return base_;
  std::string entry = protocol::to_json_text(parts->entry);
  // The entry's members are, in order: checklist (with items first), clock, help, members, number,
  // observations, role, videoLink. Only the checklist's items, the observations and the role are null, and a
  // spliced text's own `"key":null` could only be inside an escaped string.
  if (parts->checklist) splice(entry, R"("items":null)", items_.at(parts->role));
  auto notes = observations_.find(parts->room);
  if (notes == observations_.end()) {
    notes = observations_.emplace(parts->room, protocol::to_json_text(core::room_observations(state_, parts->room))).first;
  }
  splice(entry, R"("observations":null)", notes->second);  // before role: the spliced notes hold no null member
  splice(entry, R"("role":null)", roles_.at(parts->role));
  std::string out;
  out.reserve(base_.size() + entry.size());
  out.append(base_, 0, room_at_ + 7);  // up to and with "room":
  out.append(entry);
  out.append(base_, room_at_ + 11, std::string::npos);  // after the null
  return out;
}

}  // namespace huddle::hub
