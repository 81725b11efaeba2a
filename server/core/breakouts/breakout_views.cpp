#include "core/breakouts/breakout_views.hpp"

#include <map>
#include <utility>

#include "core/breakout_rules.hpp"
#include "core/breakouts/role_rotation.hpp"
#include "core/breakouts/room_entry_writer.hpp"

namespace huddle::core {

using nlohmann::json;

namespace {

const std::string& name_of(const SessionState& s, const std::string& id) {
  static const std::string gone = "(left)";
  const Participant* p = s.find(id);
  return p ? p->name : gone;
}

std::size_t role_index(const RoleplaySettings& settings, const BreakoutRoom& room, std::size_t place, int round) {
  return role_for(place, room.members.size(), settings.roles.size(), round, settings.rotation);
}

json timeline_json(const RoleplaySettings& settings) {
  json steps = json::array();
  for (const auto& t : settings.timeline) {
    steps.push_back({{"kind", t.kind}, {"label", t.label}, {"seconds", t.seconds}, {"prompt", t.prompt}});
  }
  return steps;
}

// The room's clock: where it stands in its rounds and when the current step ends.
json clock_json(const Breakouts& b, const BreakoutRoom& room) {
  const bool running = b.status == BreakoutStatus::running && !room.done;
  return {{"round", room.round + 1}, {"step", room.step}, {"deadline", running ? json(room.deadline) : json(nullptr)},
          {"done", room.done}};
}

// Observers' notes of one room, round by round, with the ticked items spelt out.
json observations_json(const SessionState& s, const RoleplaySettings& settings, const BreakoutRoom& room) {
  json out = json::array();
  for (const auto& [key, entry] : room.checklists) {
    const auto& [round, observer] = key;
    const auto place = room.place_of(observer);
    const auto& checklist = settings.roles[place ? role_index(settings, room, *place, round) : settings.roles.size() - 1].checklist;
    json ticked = json::array();
    for (int item : entry.ticked) {
      if (item >= 0 && static_cast<std::size_t>(item) < checklist.size()) ticked.push_back(checklist[static_cast<std::size_t>(item)]);
    }
    out.push_back({{"round", round + 1}, {"observer", name_of(s, observer)}, {"ticked", ticked}, {"note", entry.note}});
  }
  return out;
}

// How often each observer checklist item was ticked, over every room and round.
json checklist_summary(const RoleplaySettings& settings, const Breakouts& b) {
  std::map<std::pair<std::size_t, std::size_t>, int> tallies;  // (role, item) -> ticks
  for (const auto& room : b.rooms) {
    for (const auto& [key, entry] : room.checklists) {
      const auto place = room.place_of(key.second);
      const std::size_t role = place ? role_index(settings, room, *place, key.first) : settings.roles.size() - 1;
      for (int item : entry.ticked) ++tallies[{role, static_cast<std::size_t>(item)}];
    }
  }
  json summary = json::array();
  for (std::size_t r = 0; r < settings.roles.size(); ++r) {
    const auto& checklist = settings.roles[r].checklist;
    for (std::size_t item = 0; item < checklist.size(); ++item) {
      auto t = tallies.find({r, item});
      summary.push_back({{"role", settings.roles[r].id}, {"item", checklist[item]}, {"ticked", t == tallies.end() ? 0 : t->second}});
    }
  }
  return summary;
}

}  // namespace

json breakouts_report(const SessionState& s) {
  json out = json::array();
  for (const auto& [phase, b] : s.activity.breakouts) {
    const auto& p = s.scenario->phases[static_cast<std::size_t>(phase)];
    const auto held = roleplay_settings(p);
    const auto& settings = *held;
    std::size_t placed = 0;
    int rounds_played = 0;
    json observations = json::array();
    for (std::size_t i = 0; i < b.rooms.size(); ++i) {
      const auto& room = b.rooms[i];
      placed += room.members.size();
      if (b.status != BreakoutStatus::forming) rounds_played = std::max(rounds_played, room.done ? settings.rounds : room.round + 1);
      for (auto o : observations_json(s, settings, room)) {
        o["room"] = i + 1;
        observations.push_back(std::move(o));
      }
    }
    // The scenario's roles by id and name, so a report (and its reader) can name the roles the summary lists by id.
    json roles = json::array();
    for (const auto& role : settings.roles) roles.push_back({{"id", role.id}, {"name", role.name}});
    out.push_back({{"phase", phase},
                   {"title", p.title},
                   {"roles", std::move(roles)},
                   {"rooms", b.rooms.size()},
                   {"people", placed},
                   {"roundsPlayed", rounds_played},
                   {"rounds", settings.rounds},
                   {"checklistSummary", checklist_summary(settings, b)},
                   {"observations", std::move(observations)}});
  }
  return out;
}

json room_view_base(const SessionState& s) {
  const auto settings = current_roleplay(s);
  if (!settings) return nullptr;
  auto it = s.activity.breakouts.find(*s.phase);
  json base = {{"phase", *s.phase}, {"situation", settings->situation}, {"rounds", settings->rounds},
               {"timeline", timeline_json(*settings)}, {"room", nullptr}};
  if (it == s.activity.breakouts.end()) {
    base["status"] = "forming";
    return base;
  }
  const Breakouts& b = it->second;
  base["status"] = to_string(b.status);
  base["interrupted"] = b.interrupted;
  base["callBackAt"] = b.call_back_at ? json(b.call_back_at) : json(nullptr);
  base["roomCount"] = b.rooms.size();
  base["choosing"] = b.choosing();
  if (b.choosing()) {
    json sizes = json::array();
    for (const auto& room : b.rooms) sizes.push_back(room.members.size());
    base["roomSizes"] = sizes;
  }
  return base;
}

json room_view(const SessionState& s, const std::string& participant_id) {
  json view = room_view_base(s);
  if (view.is_object()) view["room"] = json::parse(RoomEntryWriter(s).of(participant_id));
  return view;
}

json room_observations(const SessionState& s, std::size_t room) {
  const auto settings = current_roleplay(s);
  return observations_json(s, *settings, s.activity.breakouts.at(*s.phase).rooms.at(room));
}

json breakouts_console_head(const SessionState& s) {
  const auto settings = current_roleplay(s);
  if (!settings) return nullptr;
  json roles = json::array();
  for (const auto& role : settings->roles) {
    roles.push_back({{"id", role.id}, {"name", role.name}, {"brief", role.brief}, {"checklist", role.checklist}});
  }
  json out = {{"phase", *s.phase},       {"forming", settings->forming}, {"groupSize", settings->group_size},
              {"rounds", settings->rounds}, {"roles", roles},             {"timeline", timeline_json(*settings)},
              {"situation", settings->situation}, {"rooms", json::array()}};
  auto it = s.activity.breakouts.find(*s.phase);
  json unassigned = json::array();
  if (it == s.activity.breakouts.end()) {
    out["status"] = "forming";
    out["interrupted"] = false;
    out["formedWith"] = nullptr;
    out["callBackAt"] = nullptr;
    for (const auto& p : s.participants) {
      if (p.active) unassigned.push_back({{"id", p.id}, {"name", p.name}, {"online", p.connections > 0}});
    }
    out["unassigned"] = unassigned;
    out["checklistSummary"] = json::array();
    return out;
  }
  const Breakouts& b = it->second;
  out["formedWith"] = b.forming;
  out["status"] = to_string(b.status);
  out["interrupted"] = b.interrupted;
  out["callBackAt"] = b.call_back_at ? json(b.call_back_at) : json(nullptr);
  for (const auto& p : s.participants) {
    if (p.active && !b.room_of(p.id)) unassigned.push_back({{"id", p.id}, {"name", p.name}, {"online", p.connections > 0}});
  }
  out["unassigned"] = unassigned;
  out["checklistSummary"] = checklist_summary(*settings, b);
  return out;
}

std::size_t breakouts_console_room_count(const SessionState& s) {
  if (!current_roleplay(s)) return 0;
  auto it = s.activity.breakouts.find(*s.phase);
  return it == s.activity.breakouts.end() ? 0 : it->second.rooms.size();
}

json breakouts_console_room(const SessionState& s, std::size_t index) {
  const auto settings = current_roleplay(s);
  const Breakouts& b = s.activity.breakouts.at(*s.phase);
  const BreakoutRoom& room = b.rooms.at(index);
  json members = json::array();
  for (std::size_t place = 0; place < room.members.size(); ++place) {
    const auto& id = room.members[place];
    const Participant* p = s.find(id);
    members.push_back({{"id", id},
                       {"name", name_of(s, id)},
                       {"role", settings->roles[role_index(*settings, room, place, room.round)].id},
                       {"online", p && p->connections > 0}});
  }
  const auto link = settings->video_link(s.code, *s.phase, index);
  return {{"number", index + 1},
          {"members", members},
          {"clock", clock_json(b, room)},
          {"help", room.help_since != 0},
          {"helpSince", room.help_since ? json(room.help_since) : json(nullptr)},
          {"videoLink", link ? json(*link) : json(nullptr)},
          {"observations", observations_json(s, *settings, room)}};
}

json breakouts_console_view(const SessionState& s) {
  json out = breakouts_console_head(s);
  if (out.is_null()) return out;
  const auto count = breakouts_console_room_count(s);
  for (std::size_t i = 0; i < count; ++i) out["rooms"].push_back(breakouts_console_room(s, i));
  return out;
}

}  // namespace huddle::core
