#pragma once
// The pushed topics (PROTOCOL.md, "Pushes"). A connection follows each at most once, which is what lets its
// send queue keep only the latest frame per topic.
#include <cstddef>
#include <string_view>

namespace huddle::hub {

enum class Topic : unsigned char { session, roster, me, facilitator, activity, console, room };
inline constexpr std::size_t topic_count = 7;

constexpr std::string_view topic_name(Topic t) noexcept {
  switch (t) {
    case Topic::session: return "session";
    case Topic::roster: return "roster";
    case Topic::me: return "me";
    case Topic::facilitator: return "facilitator";
    case Topic::activity: return "activity";
    case Topic::console: return "console";
    case Topic::room: return "room";
  }
  return "session";
}

}  // namespace huddle::hub
