#pragma once
// The breakouts workload's view of the participants' own `room` pushes (the participants keep whole
// messages while it runs). First, which room each participant sits in and whether they observe: those sit
// in the middle of the frame, beyond the edges FrameSummary reads, so the frame is parsed, once, until the
// seat is known. Then the room timers' changes: the first push whose clock shows the round and step a
// change moves to (or later ones, should a push be coalesced away) is that change. Reading the clock, not
// comparing versions, keeps the measurement right when the rooms are still busy at the deadline: pushes of
// the activity that arrive after it show the old step and do not count. The clock is found by a scan for
// `"clock":{` (a note that holds those characters is escaped in the JSON, so only the clock matches), not a
// parse: 10,000 pushes arrive within a fan-out, and parsing each would make the tool late for the next.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "micros.hpp"
#include "ws_message.hpp"

namespace huddle::load {

class RoomSeats {
 public:
  // Changes watched at once: the step change and the round change.
  static constexpr std::size_t max_changes = 2;
  // A room clock's position: the round (from 1) and the step (from 0).
  struct Clock {
    int round = 0;
    int step = 0;
    bool operator>=(const Clock& o) const { return round != o.round ? round > o.round : step >= o.step; }
  };
  struct Seat {
    std::uint32_t room = 0;  // from 1; 0 until known
    bool observer = false;   // their role has a checklist (round 1)
    bool watched = false;    // the changes are measured for them
    bool gone = false;       // went away while watched
    std::array<Micros, max_changes> arrived{};          // each change's push, 0 until it comes
    std::array<std::int64_t, max_changes> deadline{};   // the deadline that push shows: the new step's end
                                                        // (wall ms); 0 if none, or the push showed a later step
  };
  // What one push told: nothing new, the seat, or a change.
  enum class Heard { nothing, seat, change };

  // `participants` seats, none known; parsing on until end_learning().
  void begin(std::size_t participants);
  void end_learning() { learning_ = false; }
  std::size_t known() const noexcept { return known_; }
  const Seat& seat(std::uint32_t index) const { return seats_[index]; }
  // Items on the observers' checklist (from an observer's push).
  std::size_t checklist_items() const noexcept { return checklist_items_; }

  // One `room` push to participant `index`.
  Heard on_room(std::uint32_t index, const WsMessage& message);

  // Watches, for every participant in `who` that knows its seat, the pushes showing each of `changes` (at
  // most max_changes, in the order they will happen).
  void watch(const std::vector<std::uint32_t>& who, const std::vector<Clock>& changes);
  // The participant went away: no longer waited for.
  void forget(std::uint32_t index);
  bool all_arrived(std::size_t change) const { return arrived_[change] >= expected_[change]; }
  std::size_t arrived(std::size_t change) const { return arrived_[change]; }
  std::size_t expected(std::size_t change) const { return expected_[change]; }
  // Change `change` measured from each seat's deadline (now_us() time; nullopt: unknown, not counted):
  // {"participants", "received", "missing", "went_away" (closed before it came), "deadline_unknown",
  //  "after_deadline_ms": {count, p50, p95, p99, max, mean}}.
  nlohmann::json result(std::size_t change, const std::function<std::optional<Micros>(const Seat&)>& deadline_of) const;
  // Stops watching.
  void stop_watching() { changes_.clear(); }

 private:
  std::vector<Seat> seats_;
  std::size_t known_ = 0, checklist_items_ = 0;
  bool learning_ = false;
  std::vector<Clock> changes_;
  std::array<std::size_t, max_changes> expected_{}, arrived_{}, went_away_{};
};

}  // namespace huddle::load
