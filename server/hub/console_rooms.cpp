#include "hub/console_rooms.hpp"

#include "core/breakout_rules.hpp"
#include "core/breakouts/breakout_views.hpp"
#include "core/json_text.hpp"
#include "core/views.hpp"
#include "huddle/protocol/server_message.hpp"

namespace huddle::hub {

void ConsoleRooms::mark(std::size_t room) {
  if (room < changed_.size()) changed_[room] = true;
}

void ConsoleRooms::note(const core::Event& event, const core::TopicChanges& changes, const core::SessionState& after) {
  if (!changes.rooms.empty()) {
    for (int room : changes.rooms) {
      if (room >= 0) mark(static_cast<std::size_t>(room));
    }
    return;
  }
  // Someone came, went, or their connection did: their own room's entry shows them (the rest of the console
  // is built anew every time).
  const std::string* who = nullptr;
  if (const auto* e = std::get_if<core::ParticipantJoined>(&event)) who = &e->participant_id;
  if (const auto* e = std::get_if<core::ParticipantLeft>(&event)) who = &e->participant_id;
  if (const auto* e = std::get_if<core::PresenceChanged>(&event)) who = &e->participant_id;
  if (who) {
    const core::Breakouts* b = core::current_breakouts(after);
    if (const auto room = b ? b->room_of(*who) : std::nullopt) mark(*room);
    return;
  }
  all_ = true;  // anything else may touch every room
}

std::string ConsoleRooms::console_text(const core::SessionState& state) {
  const std::string head = protocol::to_json_text(core::console_view(state, false));
  const std::size_t count = core::breakouts_console_room_count(state);
  if (count == 0) {
    phase_.reset();
    entries_.clear();
    changed_.clear();
    all_ = true;
    return head;
  }
  if (all_ || phase_ != state.phase || entries_.size() != count) {
    phase_ = state.phase;
    entries_.assign(count, std::string());
    changed_.assign(count, true);
    all_ = false;
  }
  std::size_t bytes = head.size();
  for (std::size_t i = 0; i < count; ++i) {
    if (changed_[i]) {
      entries_[i] = protocol::to_json_text(core::breakouts_console_room(state, i));
      changed_[i] = false;
    }
    bytes += entries_[i].size() + 1;
  }
  // The breakouts object's `rooms`, empty in the head ("breakouts" is the console's only member so named).
  const auto breakouts = head.find(R"("breakouts":{)");
  const auto at = breakouts == std::string::npos ? breakouts : core::find_member_value(head, "rooms", "[]", breakouts);
  if (at == std::string::npos) {
    all_ = true;  // cannot happen with rooms formed; build it whole next time rather than show it wrong
    return protocol::to_json_text(core::console_view(state));
  }
  std::string out;
  out.reserve(bytes);
  out.append(head, 0, at + 1);  // up to and with the '['
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out.push_back(',');
    out.append(entries_[i]);
  }
  out.append(head, at + 1, std::string::npos);  // the ']' and the rest
  return out;
}

}  // namespace huddle::hub
