#include "frame_summary.hpp"

#include <charconv>

namespace huddle::load {

namespace {

// The text right after `"key":` in head or tail, whichever has it first; empty if neither.
std::string_view after_key(const WsMessage& m, std::string_view quoted_key_colon, bool tail_first) {
  const std::string_view first = tail_first ? m.tail : m.head;
  const std::string_view second = tail_first ? m.head : m.tail;
  for (std::string_view edge : {first, second}) {
    const auto at = tail_first ? edge.rfind(quoted_key_colon) : edge.find(quoted_key_colon);
    if (at != std::string_view::npos) return edge.substr(at + quoted_key_colon.size());
  }
  return {};
}

std::string_view string_value(std::string_view text) {
  if (text.empty() || text.front() != '"') return {};
  const auto end = text.find('"', 1);
  return end == std::string_view::npos ? std::string_view{} : text.substr(1, end - 1);
}

template <class T>
std::optional<T> number_value(std::string_view text) {
  T value{};
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr == text.data()) return std::nullopt;
  return value;
}

}  // namespace

FrameSummary FrameSummary::of(const WsMessage& m) {
  FrameSummary s;
  // Pushes are by far the most frequent frame: look for their fields at the tail first.
  const auto type = string_value(after_key(m, R"("type":)", true));
  // A patch brings its topic to `version` like a state push: most clients only count versions.
  if (type == "state" || type == "patch") {
    s.patch = type == "patch";
    s.topic = parse_huddle_topic(string_value(after_key(m, R"("topic":)", true)));
    const auto version = number_value<std::uint64_t>(after_key(m, R"("version":)", true));
    if (s.topic && version) {
      s.kind = Kind::state;
      s.version = *version;
    }
    return s;
  }
  if (type == "ack" || type == "error") {
    s.kind = type == "ack" ? Kind::ack : Kind::error;
    s.id = number_value<std::int64_t>(after_key(m, R"("id":)", false));
    if (s.kind == Kind::error) s.error_code = string_value(after_key(m, R"("code":)", false));
  }
  return s;
}

}  // namespace huddle::load
