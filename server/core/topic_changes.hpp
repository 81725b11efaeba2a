#pragma once
// Which pushed topics an event changes, so the hub re-serializes only those (PROTOCOL.md, "Pushes").
#include <string>
#include <vector>

#include "core/event.hpp"
#include "core/session_state.hpp"

namespace huddle::core {

struct TopicChanges {
  bool session = false;      // everyone in the session
  bool roster = false;       // everyone in the session
  bool facilitator = false;  // the facilitator console
  std::string me;            // the one participant whose private view changed, if any
  bool activity = false;     // the poll and board on screen (everyone)
  bool console = false;      // the facilitator's activity panel
  bool every_me = false;     // every participant's private view (a new poll or board came on screen)
  bool every_room = false;   // every participant's breakout room view
  // The rooms (by index, in the current role-play) whose members' room views changed, when not every room's:
  // a room's clock, its help request or an observer's notes change what that room sees and no other.
  std::vector<int> rooms{};

  static TopicChanges of(const Event& event);
  // Whether the event changes who is here: a join, a leave, a connection opening or closing.
  static bool about_people(const Event& event);
  // Whether the event only changes counts on the board everyone sees: a ballot, a card, a "me too". In a
  // large session those go out paced (counts_push_interval_ms); everything else about the activity at once.
  static bool about_counts(const Event& event);
  // Whether the event is one that many participants make at once: the counts above, people coming and going,
  // help requests, observers' notes. In a large session the facilitator's panel shows those paced
  // (console_push_interval_ms); what the facilitator does shows at once, and brings the paced ones along.
  static bool by_participants(const Event& event);
  // of(event), plus what depends on the session the event was applied to: while a role-play phase is on, the
  // console's room cards show who is here and online, and room views name the members.
  static TopicChanges of(const Event& event, const SessionState& after);
};

}  // namespace huddle::core
