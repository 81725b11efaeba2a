#pragma once
// Where a session is in its life.
#include <string_view>

namespace huddle::core {

enum class SessionStatus { lobby, running, ended };

constexpr std::string_view to_string(SessionStatus s) noexcept {
  switch (s) {
    case SessionStatus::lobby: return "lobby";
    case SessionStatus::running: return "running";
    case SessionStatus::ended: return "ended";
  }
  return "lobby";
}

}  // namespace huddle::core
