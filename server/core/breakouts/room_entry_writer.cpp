#include "core/breakouts/room_entry_writer.hpp"

#include "core/breakout_rules.hpp"
#include "core/breakouts/breakout_views.hpp"
#include "core/breakouts/role_rotation.hpp"
#include "core/json_text.hpp"

namespace huddle::core {

RoomEntryWriter::RoomEntryWriter(const SessionState& state)
    : state_(state), settings_(current_roleplay(state)), breakouts_(settings_ ? current_breakouts(state) : nullptr) {
  if (!breakouts_) return;
  for (const auto& role : settings_->roles) {
    JsonText r;
    r.begin_object().key("brief").string(role.brief).key("id").string(role.id).key("name").string(role.name).end_object();
    roles_.push_back(r.take());
    JsonText items;
    items.begin_array();
    for (const auto& item : role.checklist) items.string(item);
    items_.push_back(items.end_array().take());
  }
}

const std::string& RoomEntryWriter::observations(std::size_t room) {
  auto it = observations_.find(room);
  if (it == observations_.end()) {
    it = observations_.emplace(room, room_observations(state_, room).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)).first;
  }
  return it->second;
}

std::string RoomEntryWriter::of(const std::string& participant_id) {
  const auto index = breakouts_ ? breakouts_->room_of(participant_id) : std::nullopt;
  if (!index) return "null";
  const BreakoutRoom& room = breakouts_->rooms[*index];
  const int round = room.round;
  const std::size_t my_place = *room.place_of(participant_id);
  auto role_of = [&](std::size_t place) {
    return role_for(place, room.members.size(), settings_->roles.size(), round, settings_->rotation);
  };
  const std::size_t mine = role_of(my_place);
  const bool running = breakouts_->status == BreakoutStatus::running && !room.done;
  JsonText j;
  // Members in the order nlohmann::json writes them (sorted), so the text is the same as a tree's dump.
  j.begin_object().key("checklist");
  if (settings_->roles[mine].checklist.empty()) {
    j.null();
  } else {
    const auto saved = room.checklists.find({round, participant_id});
    const bool found = saved != room.checklists.end();
    j.begin_object().key("items").raw(items_[mine]).key("note").string(found ? std::string_view(saved->second.note) : "");
    j.key("ticked").begin_array();
    if (found) {
      for (int item : saved->second.ticked) j.number(item);
    }
    j.end_array().end_object();
  }
  j.key("clock").begin_object().key("deadline");
  if (running) {
    j.number(room.deadline);
  } else {
    j.null();
  }
  j.key("done").boolean(room.done).key("round").number(round + 1).key("step").number(room.step).end_object();
  j.key("help").boolean(room.help_since != 0);
  j.key("members").begin_array();
  for (std::size_t place = 0; place < room.members.size(); ++place) {
    const Participant* p = state_.find(room.members[place]);
    j.begin_object().key("name").string(p ? std::string_view(p->name) : "(left)");
    j.key("role").string(settings_->roles[role_of(place)].name).key("you").boolean(place == my_place).end_object();
  }
  j.end_array();
  j.key("number").number(static_cast<std::int64_t>(*index + 1));
  j.key("observations").raw(observations(*index));
  j.key("role").raw(roles_[mine]);
  j.key("videoLink");
  if (const auto link = settings_->video_link(state_.code, *state_.phase, *index)) {
    j.string(*link);
  } else {
    j.null();
  }
  return j.end_object().take();
}

}  // namespace huddle::core
