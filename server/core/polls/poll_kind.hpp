#pragma once
// The five kinds of poll a scenario (or a facilitator's quick poll) can run; pollKind in the scenario format.
#include <optional>
#include <string_view>

namespace huddle::core {

// The order matches the alternatives of Ballot, so a ballot's index() names the kind it answers.
enum class PollKind { single, multi, scale, wordcloud, open };

constexpr std::string_view to_string(PollKind kind) noexcept {
  switch (kind) {
    case PollKind::single: return "single";
    case PollKind::multi: return "multi";
    case PollKind::scale: return "scale";
    case PollKind::wordcloud: return "wordcloud";
    case PollKind::open: return "open";
  }
  return "single";
}

// The kind named by a pollKind string, or nothing for any other text.
constexpr std::optional<PollKind> parse_poll_kind(std::string_view text) noexcept {
  for (PollKind kind : {PollKind::single, PollKind::multi, PollKind::scale, PollKind::wordcloud, PollKind::open}) {
    if (to_string(kind) == text) return kind;
  }
  return std::nullopt;
}

}  // namespace huddle::core
