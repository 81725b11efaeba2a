#include "core/breakout_rules.hpp"

#include <algorithm>
#include <variant>

#include "core/breakouts/role_rotation.hpp"
#include "core/overloaded.hpp"
#include "core/polls/answer_text.hpp"

namespace huddle::core {

using protocol::ErrorCode;

namespace {

constexpr Millis late_step_tolerance_ms = 1000;

Breakouts* breakouts_of(SessionState& s, int phase) {
  auto it = s.activity.breakouts.find(phase);
  return it == s.activity.breakouts.end() ? nullptr : &it->second;
}

Outcome not_roleplay() {
  return Outcome::refuse(ErrorCode::phase_invalid, "The current phase is not a role-play.");
}

Outcome no_such_room(long long room, std::size_t count) {
  return Outcome::refuse(ErrorCode::invalid_field, "There is no room " + std::to_string(room + 1) + "; the rooms are 1 to " +
                                                       std::to_string(count) + ".");
}

// The people rooms are formed with: those online now, or everyone still in the session when the facilitator
// includes the away on purpose. `away` gets the people left out.
std::vector<std::string> people_to_place(const SessionState& s, bool include_away, std::vector<std::string>* away = nullptr) {
  std::vector<std::string> ids;
  for (const auto& p : s.participants) {
    if (!p.active) continue;
    if (include_away || p.connections > 0) ids.push_back(p.id);
    else if (away) away->push_back(p.id);
  }
  return ids;
}

// The latest roleplay phase before `phase` that had rooms, if any.
std::optional<int> earlier_roleplay(const SessionState& s, int phase) {
  std::optional<int> found;
  for (const auto& [p, b] : s.activity.breakouts) {
    if (p < phase && !b.rooms.empty()) found = p;
  }
  return found;
}

Millis step_ms(const RoleplaySettings& settings, int step) {
  return Millis{settings.timeline[static_cast<std::size_t>(step)].seconds} * 1000;
}

}  // namespace

std::shared_ptr<const RoleplaySettings> roleplay_settings(const Phase& phase) {
  if (phase.roleplay) return phase.roleplay;
  return std::make_shared<const RoleplaySettings>(RoleplaySettings::from_activity(phase.activity));
}

const Breakouts* current_breakouts(const SessionState& s) {
  if (!s.phase) return nullptr;
  auto it = s.activity.breakouts.find(*s.phase);
  return it == s.activity.breakouts.end() ? nullptr : &it->second;
}

std::shared_ptr<const RoleplaySettings> current_roleplay(const SessionState& s) {
  if (!s.phase || !s.scenario) return nullptr;
  const auto& phase = s.scenario->phases[static_cast<std::size_t>(*s.phase)];
  if (phase.activity_kind != "roleplay") return nullptr;
  return roleplay_settings(phase);
}

std::optional<int> planned_seconds(const Phase& phase) {
  if (phase.duration_seconds || phase.activity_kind != "roleplay") return phase.duration_seconds;
  return roleplay_settings(phase)->planned_seconds();
}

Outcome decide_form_rooms(const SessionState& s, const FormRooms& c) {
  const auto settings = current_roleplay(s);
  if (!settings) return not_roleplay();
  const Breakouts* current = current_breakouts(s);
  if (current && current->status == BreakoutStatus::running) {
    return Outcome::refuse(ErrorCode::phase_invalid, "The rounds have started; call the rooms back before forming new ones.");
  }
  const std::string forming = c.forming.empty() ? settings->forming : c.forming;
  std::vector<std::string> away;
  auto people = people_to_place(s, c.include_away, &away);
  RoomLists rooms;
  if (forming == "auto") {
    rooms = form_rooms(people, settings->group_size, c.seed);
  } else if (forming == "new-partners") {
    std::vector<RoomLists> earlier;
    for (const auto& [phase, b] : s.activity.breakouts) earlier.push_back(b.lists());
    rooms = form_rooms_new_partners(people, settings->group_size, c.seed, earlier);
  } else if (forming == "reuse") {
    const auto before = earlier_roleplay(s, *s.phase);
    if (!before) return Outcome::refuse(ErrorCode::phase_invalid, "No earlier role-play has rooms to reuse.");
    const auto earlier = roleplay_settings(s.scenario->phases[static_cast<std::size_t>(*before)]);
    for (const auto& room : s.activity.breakouts.at(*before).rooms) {
      // Everyone starts in the seat they ended in (the round the room stopped at, rotated as that phase was)...
      std::vector<std::string> kept;
      for (const auto& id : seated_order(room.members, room.round, earlier->rotation)) {
        if (std::find(people.begin(), people.end(), id) != people.end()) kept.push_back(id);
      }
      // ...and with rotation moves one seat along before the first round, so that one-round role-plays in a
      // row hand every role on, as a round of a rotating role-play does.
      if (settings->rotation) kept = seated_order(kept, 1, true);
      if (!kept.empty()) rooms.push_back(std::move(kept));
    }
    for (const auto& id : people) {  // people who came since go where there is most room
      const bool placed = std::any_of(rooms.begin(), rooms.end(),
                                      [&](const auto& r) { return std::find(r.begin(), r.end(), id) != r.end(); });
      if (placed) continue;
      if (rooms.empty()) rooms.emplace_back();
      rooms[room_for_newcomer(rooms)].push_back(id);
    }
  } else if (forming == "manual" || forming == "choose") {
    // Empty rooms, as many as whole groups fit: the facilitator places people, or they choose.
    const std::size_t count = std::max<std::size_t>(1, people.size() / static_cast<std::size_t>(settings->group_size));
    rooms.assign(count, {});
    away.clear();  // rooms filled by hand or by choice take nobody by themselves
  } else {
    return Outcome::refuse(ErrorCode::invalid_field,
                           "field 'forming' must be auto, new-partners, reuse, manual or choose");
  }
  return Outcome{{RoomsFormed{*s.phase, std::move(rooms), forming, std::move(away)}}, {}};
}

Outcome decide_move_to_room(const SessionState& s, const MoveToRoom& c) {
  const Breakouts* b = current_breakouts(s);
  if (!current_roleplay(s) || !b) return Outcome::refuse(ErrorCode::phase_invalid, "Form the rooms first.");
  const Participant* p = s.find(c.participant_id);
  if (!p || !p->active) return Outcome::refuse(ErrorCode::participant_not_found, "That participant is not in the session.");
  if (c.room < -1 || c.room >= static_cast<long long>(b->rooms.size())) return no_such_room(c.room, b->rooms.size());
  const auto now_in = b->room_of(c.participant_id);
  if ((now_in && static_cast<long long>(*now_in) == c.room) || (!now_in && c.room == -1)) return Outcome{};
  return Outcome{{RoomMemberMoved{*s.phase, c.participant_id, static_cast<int>(c.room)}}, {}};
}

Outcome decide_choose_room(const SessionState& s, const Actor& actor, const ChooseRoom& c) {
  const auto settings = current_roleplay(s);
  const Breakouts* b = current_breakouts(s);
  if (!settings || !b) return Outcome::refuse(ErrorCode::phase_invalid, "There are no rooms to choose yet.");
  if (b->forming != "choose") return Outcome::refuse(ErrorCode::phase_invalid, "The facilitator places people in rooms this time.");
  if (b->status != BreakoutStatus::forming) {
    return Outcome::refuse(ErrorCode::phase_invalid, "The rounds have started; ask the facilitator to move you.");
  }
  if (c.room < 0 || c.room >= static_cast<long long>(b->rooms.size())) return no_such_room(c.room, b->rooms.size());
  // A chosen room holds one group and one more, so that choosing cannot leave the other rooms empty.
  const auto& room = b->rooms[static_cast<std::size_t>(c.room)];
  const auto now_in = b->room_of(actor.participant_id);
  if (now_in && static_cast<long long>(*now_in) == c.room) return Outcome{};
  if (room.members.size() >= static_cast<std::size_t>(settings->group_size) + 1) {
    return Outcome::refuse(ErrorCode::invalid_field, "Room " + std::to_string(c.room + 1) + " is full; choose another.");
  }
  return Outcome{{RoomMemberMoved{*s.phase, actor.participant_id, static_cast<int>(c.room)}}, {}};
}

Outcome decide_start_rounds(const SessionState& s, const StartRounds& c, Millis now) {
  const Breakouts* b = current_breakouts(s);
  // Rounds cut short by leaving the phase (Back, or a jump) carry on where they stopped unless restarting is asked
  // for by name: one press must never throw away the rounds played and the observers' notes.
  if (current_roleplay(s) && b && b->interrupted && b->status == BreakoutStatus::finished && !c.restart) {
    Outcome out{{RoundsStarted{*s.phase, now, true}}, {}};
    if (s.scenario->mode == "pod" && !b->rooms.empty()) {
      // A pod is one room: whoever joined while it was elsewhere comes into it now, in the last seat.
      for (const auto& id : people_to_place(s, false)) {
        if (!b->room_of(id)) out.events.push_back(RoomMemberMoved{*s.phase, id, 0});
      }
    }
    return out;
  }
  if (current_roleplay(s) && s.scenario->mode == "pod" && (!b || b->status == BreakoutStatus::finished)) {
    // A pod is its own room: everyone here now in it, in the order they joined (which fixes the roles); a member
    // who is away joins when they come back.
    std::vector<std::string> away;
    auto people = people_to_place(s, false, &away);
    if (people.empty()) return Outcome::refuse(ErrorCode::phase_invalid, "Nobody in the pod is online.");
    return Outcome{{RoomsFormed{*s.phase, {std::move(people)}, "pod", std::move(away)}, RoundsStarted{*s.phase, now}}, {}};
  }
  if (!current_roleplay(s) || !b) return Outcome::refuse(ErrorCode::phase_invalid, "Form the rooms first.");
  if (b->status == BreakoutStatus::running) return Outcome{};  // a resend: already started
  const bool anyone = std::any_of(b->rooms.begin(), b->rooms.end(), [](const auto& r) { return !r.members.empty(); });
  if (!anyone) return Outcome::refuse(ErrorCode::phase_invalid, "Every room is empty; place people first.");
  return Outcome{{RoundsStarted{*s.phase, now}}, {}};
}

Outcome decide_add_room_time(const SessionState& s, const AddRoomTime& c) {
  const Breakouts* b = current_breakouts(s);
  if (!current_roleplay(s) || !b || b->status != BreakoutStatus::running) {
    return Outcome::refuse(ErrorCode::phase_invalid, "The rooms are not running.");
  }
  if (c.seconds == 0 || c.seconds > max_room_time_seconds || c.seconds < -max_room_time_seconds) {
    return Outcome::refuse(ErrorCode::invalid_field, "field 'seconds' must be 1 to " + std::to_string(max_room_time_seconds) +
                                                         " (or -1 to -" + std::to_string(max_room_time_seconds) + ")");
  }
  if (c.room < -1 || c.room >= static_cast<long long>(b->rooms.size())) return no_such_room(c.room, b->rooms.size());
  const bool any_running = c.room == -1
                               ? std::any_of(b->rooms.begin(), b->rooms.end(), [](const auto& r) { return !r.done; })
                               : !b->rooms[static_cast<std::size_t>(c.room)].done;
  if (!any_running) {
    return Outcome::refuse(ErrorCode::phase_invalid, c.room == -1 ? "Every room has played all its rounds."
                                                                  : "Room " + std::to_string(c.room + 1) + " has played all its rounds.");
  }
  return Outcome{{RoomTimeAdded{*s.phase, static_cast<int>(c.room), c.seconds * 1000}}, {}};
}

Outcome decide_call_back(const SessionState& s, const CallBackRooms& c, Millis now) {
  const Breakouts* b = current_breakouts(s);
  if (!current_roleplay(s) || !b || b->status != BreakoutStatus::running) {
    return Outcome::refuse(ErrorCode::phase_invalid, "The rooms are not running.");
  }
  if (c.seconds < 0 || c.seconds > max_call_back_seconds) {
    return Outcome::refuse(ErrorCode::invalid_field, "field 'seconds' must be 0 to " + std::to_string(max_call_back_seconds));
  }
  if (c.seconds == 0) return Outcome{{RoomsClosed{*s.phase, now}}, {}};
  return Outcome{{RoomsCalledBack{*s.phase, now + c.seconds * 1000}}, {}};
}

Outcome decide_ask_for_help(const SessionState& s, const Actor& actor, Millis now) {
  const Breakouts* b = current_breakouts(s);
  const auto room = b ? b->room_of(actor.participant_id) : std::nullopt;
  if (!current_roleplay(s) || !room) return Outcome::refuse(ErrorCode::phase_invalid, "You are not in a breakout room.");
  if (b->status != BreakoutStatus::running) {
    return Outcome::refuse(ErrorCode::phase_invalid, "The rooms are not running; ask in the main room.");
  }
  if (b->rooms[*room].help_since) return Outcome{};  // already asked; the facilitator sees it once
  return Outcome{{HelpRequested{*s.phase, static_cast<int>(*room), now}}, {}};
}

Outcome decide_clear_help(const SessionState& s, const ClearHelp& c) {
  const Breakouts* b = current_breakouts(s);
  if (!current_roleplay(s) || !b) return Outcome::refuse(ErrorCode::phase_invalid, "No rooms are open.");
  if (c.room < 0 || c.room >= static_cast<long long>(b->rooms.size())) return no_such_room(c.room, b->rooms.size());
  if (!b->rooms[static_cast<std::size_t>(c.room)].help_since) return Outcome{};
  return Outcome{{HelpCleared{*s.phase, static_cast<int>(c.room)}}, {}};
}

Outcome decide_save_checklist(const SessionState& s, const Actor& actor, const SaveChecklist& c) {
  const auto settings = current_roleplay(s);
  const Breakouts* b = current_breakouts(s);
  const auto room_index = b ? b->room_of(actor.participant_id) : std::nullopt;
  if (!settings || !room_index || b->status == BreakoutStatus::forming) {
    return Outcome::refuse(ErrorCode::phase_invalid, "You are not observing a running role-play.");
  }
  const BreakoutRoom& room = b->rooms[*room_index];
  if (c.round < 0 || c.round > room.round || c.round >= settings->rounds) {
    return Outcome::refuse(ErrorCode::invalid_field, "field 'round' must be a round that has started (1 to " +
                                                         std::to_string(std::min(room.round + 1, settings->rounds)) + ")");
  }
  const auto role = role_for(*room.place_of(actor.participant_id), room.members.size(), settings->roles.size(),
                             static_cast<int>(c.round), settings->rotation);
  const auto& checklist = settings->roles[role].checklist;
  if (checklist.empty()) {
    return Outcome::refuse(ErrorCode::forbidden, "Only an observer keeps the checklist, and you play a part that round.");
  }
  std::vector<int> ticked;
  for (long long item : c.ticked) {
    if (item < 0 || item >= static_cast<long long>(checklist.size())) {
      return Outcome::refuse(ErrorCode::invalid_field, "field 'ticked' holds an item the checklist does not have (items are 0 to " +
                                                           std::to_string(checklist.size() - 1) + ")");
    }
    if (std::find(ticked.begin(), ticked.end(), item) == ticked.end()) ticked.push_back(static_cast<int>(item));
  }
  std::sort(ticked.begin(), ticked.end());
  std::string note;
  if (c.note.find_first_not_of(" \t\r\n") != std::string::npos) {
    auto cleaned = clean_open_text(c.note, max_checklist_note_chars);
    if (auto* rejection = std::get_if<Rejection>(&cleaned)) return Outcome{{}, *rejection};
    note = std::get<std::string>(std::move(cleaned));
  }
  const auto key = std::make_pair(static_cast<int>(c.round), actor.participant_id);
  if (auto it = room.checklists.find(key); it != room.checklists.end() && it->second.ticked == ticked && it->second.note == note) {
    return Outcome{};  // the same again
  }
  return Outcome{{ChecklistSaved{*s.phase, static_cast<int>(*room_index), static_cast<int>(c.round), actor.participant_id,
                                 std::move(ticked), std::move(note)}},
                 {}};
}

Outcome decide_announce(const SessionState& s, const Announce& c, Millis now) {
  // Nothing but spaces takes the announcement down.
  if (c.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    if (s.announcement.empty()) return Outcome{};
    return Outcome{{Announced{"", now}}, {}};
  }
  auto cleaned = clean_setting_text(c.text, max_announcement_chars, true, "The announcement");
  if (auto* rejection = std::get_if<Rejection>(&cleaned)) return Outcome{{}, *rejection};
  return Outcome{{Announced{std::get<std::string>(std::move(cleaned)), now}}, {}};
}

std::vector<Event> place_newcomer(const SessionState& s, const std::string& participant_id) {
  const auto settings = current_roleplay(s);
  const Breakouts* b = current_breakouts(s);
  if (!settings || !b || b->rooms.empty() || b->status == BreakoutStatus::finished) return {};
  if (b->forming == "manual" || b->forming == "choose") return {};
  return {RoomMemberMoved{*s.phase, participant_id, static_cast<int>(room_for_newcomer(b->lists()))}};
}

std::vector<Event> place_returning(const SessionState& s, const std::string& participant_id) {
  const Breakouts* b = current_breakouts(s);
  if (!b || !b->away.contains(participant_id) || b->room_of(participant_id)) return {};
  return place_newcomer(s, participant_id);
}

std::vector<Event> due_breakout_events(const SessionState& s, Millis now) {
  const Breakouts* b = current_breakouts(s);
  if (!b || b->status != BreakoutStatus::running) return {};
  if (b->call_back_at && now >= b->call_back_at) return {RoomsClosed{*s.phase, b->call_back_at}};
  std::vector<Event> due;
  for (std::size_t i = 0; i < b->rooms.size(); ++i) {
    const auto& room = b->rooms[i];
    if (!room.done && !room.members.empty() && now >= room.deadline) {
      // Stamped with the deadline when the timer fired on time, so the plan keeps; with now when the deadline
      // is long past (time was taken off, or the server was down), so the next step gets its full length
      // instead of rushing through the steps that the overshoot would eat.
      const Millis at = now - room.deadline < late_step_tolerance_ms ? room.deadline : now;
      due.push_back(RoomStepAdvanced{*s.phase, static_cast<int>(i), at});
    }
  }
  return due;
}

std::optional<Millis> rounds_end_at(const SessionState& s, const std::vector<Event>& due) {
  const auto settings = current_roleplay(s);
  const Breakouts* b = current_breakouts(s);
  if (!settings || !b || b->status != BreakoutStatus::running || settings->timeline.empty()) return std::nullopt;
  // Each room's step due now, by room: one pass over `due`, not one per room (thousands of rooms end together).
  std::vector<std::optional<Millis>> step_at(b->rooms.size());
  for (const auto& e : due) {
    const auto* advanced = std::get_if<RoomStepAdvanced>(&e);
    if (advanced && advanced->room >= 0 && static_cast<std::size_t>(advanced->room) < step_at.size()) {
      step_at[static_cast<std::size_t>(advanced->room)] = advanced->at;
    }
  }
  std::optional<Millis> end;
  for (std::size_t i = 0; i < b->rooms.size(); ++i) {
    const auto& room = b->rooms[i];
    if (room.done || room.members.empty()) continue;
    const bool last_step = room.round == settings->rounds - 1 && room.step == static_cast<int>(settings->timeline.size()) - 1;
    if (!last_step || !step_at[i]) return std::nullopt;  // this room plays on
    end = std::max(end.value_or(0), *step_at[i]);
  }
  return end;
}

std::optional<Millis> next_breakout_deadline(const SessionState& s) {
  const Breakouts* b = current_breakouts(s);
  if (!b || b->status != BreakoutStatus::running) return std::nullopt;
  std::optional<Millis> wake;
  if (b->call_back_at) wake = b->call_back_at;
  for (const auto& room : b->rooms) {
    if (!room.done && !room.members.empty() && (!wake || room.deadline < *wake)) wake = room.deadline;
  }
  return wake;
}

void leave_breakouts(SessionState& s, Millis at) {
  if (!s.phase) return;
  if (Breakouts* b = breakouts_of(s, *s.phase)) {
    if (b->status == BreakoutStatus::running) {
      const bool playing = std::any_of(b->rooms.begin(), b->rooms.end(), [](const auto& r) { return !r.done && !r.members.empty(); });
      b->interrupted = playing;
      for (auto& room : b->rooms) room.remaining_ms = room.done ? 0 : std::max<Millis>(0, room.deadline - at);
    }
    b->status = BreakoutStatus::finished;
    b->call_back_at = 0;
  }
}

void apply_breakout(SessionState& s, const Event& event) {
  // The settings of a phase the event names; replay() has checked the phase exists.
  auto settings_of = [&](int phase) { return roleplay_settings(s.scenario->phases[static_cast<std::size_t>(phase)]); };
  auto room_of = [&](int phase, int room) -> BreakoutRoom* {
    Breakouts* b = breakouts_of(s, phase);
    if (!b || room < 0 || room >= static_cast<int>(b->rooms.size())) return nullptr;
    return &b->rooms[static_cast<std::size_t>(room)];
  };
  auto valid_phase = [&](int phase) {
    return phase >= 0 && static_cast<std::size_t>(phase) < s.scenario->phases.size() &&
           s.scenario->phases[static_cast<std::size_t>(phase)].activity_kind == "roleplay";
  };
  std::visit(
      overloaded{
          [&](const RoomsFormed& e) {
            if (!valid_phase(e.phase)) return;
            Breakouts fresh;
            fresh.forming = e.forming;
            fresh.away.insert(e.away.begin(), e.away.end());
            fresh.seat(e.rooms);
            s.activity.breakouts[e.phase] = std::move(fresh);
          },
          [&](const RoomMemberMoved& e) {
            Breakouts* b = breakouts_of(s, e.phase);
            if (!b) return;
            b->away.erase(e.participant_id);
            b->move(e.participant_id, e.room);
          },
          [&](const RoundsStarted& e) {
            Breakouts* b = breakouts_of(s, e.phase);
            if (!b || !valid_phase(e.phase)) return;
            const auto held = settings_of(e.phase);
            const auto& settings = *held;
            if (settings.timeline.empty()) return;
            b->status = BreakoutStatus::running;
            b->call_back_at = 0;
            if (e.resume && b->interrupted) {
              b->interrupted = false;
              for (auto& room : b->rooms) {
                if (!room.done) room.deadline = e.at + room.remaining_ms;
                room.remaining_ms = 0;
              }
              return;
            }
            b->interrupted = false;
            for (auto& room : b->rooms) {
              room.round = 0;
              room.step = 0;
              room.done = false;
              room.deadline = e.at + step_ms(settings, 0);
            }
          },
          [&](const RoomStepAdvanced& e) {
            BreakoutRoom* room = room_of(e.phase, e.room);
            if (!room || room->done || !valid_phase(e.phase)) return;
            const auto held = settings_of(e.phase);
            const auto& settings = *held;
            if (++room->step >= static_cast<int>(settings.timeline.size())) {
              room->step = 0;
              if (++room->round >= settings.rounds) {
                room->round = settings.rounds - 1;
                room->step = static_cast<int>(settings.timeline.size()) - 1;
                room->done = true;
                return;
              }
            }
            room->deadline = e.at + step_ms(settings, room->step);
          },
          [&](const RoomTimeAdded& e) {
            Breakouts* b = breakouts_of(s, e.phase);
            if (!b) return;
            for (std::size_t i = 0; i < b->rooms.size(); ++i) {
              if (e.room != -1 && static_cast<int>(i) != e.room) continue;
              if (!b->rooms[i].done) b->rooms[i].deadline += e.ms;
            }
          },
          [&](const RoomsCalledBack& e) {
            if (Breakouts* b = breakouts_of(s, e.phase)) b->call_back_at = e.close_at;
          },
          [&](const RoomsClosed& e) {
            if (Breakouts* b = breakouts_of(s, e.phase)) {
              b->status = BreakoutStatus::finished;
              b->call_back_at = 0;
              b->interrupted = false;
              for (auto& room : b->rooms) room.help_since = 0;
            }
          },
          [&](const HelpRequested& e) {
            if (BreakoutRoom* room = room_of(e.phase, e.room)) room->help_since = e.at;
          },
          [&](const HelpCleared& e) {
            if (BreakoutRoom* room = room_of(e.phase, e.room)) room->help_since = 0;
          },
          [&](const ChecklistSaved& e) {
            if (BreakoutRoom* room = room_of(e.phase, e.room)) {
              room->checklists[{e.round, e.participant_id}] = ChecklistEntry{e.ticked, e.note};
            }
          },
          [&](const Announced& e) {
            s.announcement = e.text;
            s.announced_at = e.at;
          },
          [](const auto&) {},
      },
      event);
}

}  // namespace huddle::core
