#pragma once
// The push topics of PROTOCOL.md, as a small index so a client keeps its latest version per topic in a
// fixed array instead of a map.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace huddle::load {

enum class HuddleTopic : std::size_t { session, roster, me, facilitator, activity, console, room };

inline constexpr std::size_t huddle_topic_count = 7;

inline constexpr std::array<std::string_view, huddle_topic_count> huddle_topic_names{
    "session", "roster", "me", "facilitator", "activity", "console", "room"};

inline std::optional<HuddleTopic> parse_huddle_topic(std::string_view name) {
  for (std::size_t i = 0; i < huddle_topic_count; ++i) {
    if (huddle_topic_names[i] == name) return static_cast<HuddleTopic>(i);
  }
  return std::nullopt;
}

}  // namespace huddle::load
