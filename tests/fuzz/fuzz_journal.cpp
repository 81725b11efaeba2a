// libFuzzer target: journal replay. The input is a journal as JSON lines (one stored event per line, as
// SqliteJournal keeps them in its `body` column). Each line is parsed as SqliteJournal::read() does and
// decoded with store::event_from_json; CorruptEvent (or any std::exception) ends the replay, as it would
// end Hub::recover() / Hub::report() for that session. The decoded events are then replayed with
// core::replay(), exactly as the hub rebuilds a session (ReplayError is a refusal, also allowed), and every
// view and the report are built, as SessionHost's constructor does for a recovered session.
// Nothing of that may crash or hit undefined behaviour, whatever the journal says.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "core/replay.hpp"
#include "core/rules.hpp"
#include "fuzz_support.hpp"
#include "store/event_json.hpp"

using namespace huddle;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<core::Event> events;
  try {
    while (!rest.empty() && events.size() < 256) {
      const auto end = rest.find('\n');
      const std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      if (line.empty()) continue;
      auto body = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (body.is_discarded()) return 0;  // JournalError("unreadable event") in SqliteJournal::read
      events.push_back(store::event_from_json(body));
      // What is decoded must encode again (a session's events are re-read after every restart).
      (void)store::event_to_json(events.back()).dump();
    }
  } catch (const std::exception&) {
    return 0;  // CorruptEvent and friends: the replay stops with an error, which is what it should do
  }
  if (events.empty() || !std::holds_alternative<core::SessionCreated>(events.front())) return 0;

  core::SessionState state;
  try {
    state = core::replay(events);
  } catch (const core::ReplayError&) {
    return 0;  // an event that cannot come where it is: the replay is refused, which is what it should do
  }
  core::Millis last = 0;
  for (const auto& e : events) {
    std::visit([&](const auto& ev) {
      if constexpr (requires { ev.at; }) last = ev.at;
    }, e);
  }
  fuzz::check_participants(state, /*unique_ids=*/false);
  fuzz::check_views(state, last);
  (void)core::next_wakeup(state);
  return 0;
}
